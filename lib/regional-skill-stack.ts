import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AccountLinkingStack } from './account-linking-stack';
import type { AppSettings } from './app-settings/app-settings';
import { voiceForwardLinkingVariable } from './app-settings/account-linking-request-settings';
import { InvalidSettingError } from './app-settings/invalid-setting-error';
import { ALEXA_REGION_OF, type SkillRegion } from './app-settings/skill-regions-settings';
import { AlarmTopic } from './observability/alarm-topic';
import { SkillObservability } from './observability/skill-observability';
import { refuseDeployOfExampleValues } from './rules/example-values-refusal';
import { SkillFunction } from './skill-functions/skill-function';

/** Props of RegionalSkillStack: the settings, the home stack and the region. */
export interface RegionalSkillStackProps extends StackProps {
  /** The same checked app settings as the home stack's. */
  readonly settings: AppSettings;
  /** The home stack: its user pool, client and sign-in domain verify every region's tokens. */
  readonly home: AccountLinkingStack;
  /** The region this stack deploys to. */
  readonly region: SkillRegion;
}

/**
 * The skill function in one more Alexa endpoint region, so users there get an answer from a
 * function near them. The linking server stays where it is (a Cognito pool, domain and client in
 * the home region; Login with Amazon; an OIDC server): the function verifies tokens against the
 * same key set or token-info endpoint as the home function. The home values arrive through CDK's cross-region references (the
 * home stack publishes them as outputs, this stack reads them with `Fn::GetStackOutput` at deploy
 * time: no lookup at synth), so `cdk deploy --all` deploys the home stack first. Alarms and a dashboard live here too: an alarm can only notify a topic
 * in its own region.
 */
export class RegionalSkillStack extends Stack {
  /** The skill function in this region. */
  readonly skill: SkillFunction;
  /** Its alarms and dashboard, notifying a topic in this region. */
  readonly observability: SkillObservability;

  constructor(scope: Construct, id: string, props: RegionalSkillStackProps) {
    super(scope, id, {
      ...props,
      env: { ...props.env, region: props.region },
      crossRegionReferences: true,
    });
    const { settings, home } = props;
    Tags.of(this).add('Project', 'alexa-account-linking');
    Tags.of(this).add('Stage', settings.stage);
    refuseDeployOfExampleValues(this, settings.exampleValuesInUse);

    if (settings.skillType !== 'custom') {
      // The smart home function reads its device table in its own region; a table in the home
      // region would need a region setting the smart home function does not have yet.
      throw new InvalidSettingError(
        'skillRegions',
        settings.skillRegions.join(','),
        `only the stack's region with skillType "${settings.skillType}" (regional functions are for the custom skill for now)`
      );
    }
    // Cognito values (pool ID, client ID, domain) are read from the home stack; other linking
    // servers' settings are plain values.
    this.skill = new SkillFunction(this, 'Skill', {
      skillId: settings.skillId,
      linkingServer: home.linkingServer,
      stage: settings.stage,
    });
    // The same skill as the home region's: voice-forward linking where the settings turn it on.
    const voiceForward = voiceForwardLinkingVariable(settings.skillStages);
    if (voiceForward) {
      this.skill.skillFunction.addEnvironment('VOICE_FORWARD_ACCOUNT_LINKING', voiceForward);
    }
    const alarms = new AlarmTopic(this, 'Alarms', { alarmEmail: settings.alarmEmail });
    this.observability = new SkillObservability(this, 'Observability', {
      functions: { Skill: this.skill.skillFunction },
      alarmTopic: alarms.topic,
      stage: settings.stage,
    });

    new CfnOutput(this, 'SkillFunctionArn', {
      value: this.skill.skillFunction.functionArn,
      description: `Skill manifest > apis.custom.regions.${ALEXA_REGION_OF[props.region]}.endpoint.uri (npm run skill-manifest writes it)`,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description: `SNS topic the skill alarms in ${props.region} notify`,
    });
  }
}
