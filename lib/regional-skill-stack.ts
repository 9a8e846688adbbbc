import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AccountLinkingStack } from './account-linking-stack';
import type { AppSettings } from './app-settings/app-settings';
import { ALEXA_REGION_OF, type SkillRegion } from './app-settings/skill-regions-settings';
import { AlarmTopic } from './observability/alarm-topic';
import { SkillObservability } from './observability/skill-observability';
import { SkillFunction } from './skill-functions/skill-function';

export interface RegionalSkillStackProps extends StackProps {
  readonly settings: AppSettings;
  /** The home stack: its user pool, client and sign-in domain verify every region's tokens. */
  readonly home: AccountLinkingStack;
  /** The region this stack deploys to. */
  readonly region: SkillRegion;
}

/**
 * The skill function in one more Alexa endpoint region, so users there get an answer from a
 * function near them. The user pool, domain and client stay in the home region: the function
 * verifies tokens against the home pool's key set (fetched once per container) and asks the home
 * domain's userInfo endpoint. The home values arrive through CDK's cross-region references (the
 * home stack publishes them as outputs, this stack reads them with `Fn::GetStackOutput` at deploy
 * time: no lookup at synth), so `cdk deploy --all` deploys the home stack first. Alarms and a dashboard live here too: an alarm can only notify a topic
 * in its own region.
 */
export class RegionalSkillStack extends Stack {
  readonly skill: SkillFunction;
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

    const linking = home.accountLinking;
    this.skill = new SkillFunction(this, 'Skill', {
      skillId: settings.skillId,
      userPool: linking.userPool,
      userPoolClient: linking.userPoolClient,
      signInDomainUrl: linking.userPoolDomain.baseUrl(),
    });
    const alarms = new AlarmTopic(this, 'Alarms', { alarmEmail: settings.alarmEmail });
    this.observability = new SkillObservability(this, 'Observability', {
      functions: { Skill: this.skill.skillFunction },
      alarmTopic: alarms.topic,
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
