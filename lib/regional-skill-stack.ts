import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AccountLinkingStack } from './account-linking-stack';
import type { AppSettings } from './app-settings/app-settings';
import { voiceForwardLinkingVariable } from './app-settings/account-linking-request-settings';
import { ALEXA_REGION_OF, type SkillRegion } from './app-settings/skill-regions-settings';
import { AlarmTopic } from './observability/alarm-topic';
import { SkillObservability } from './observability/skill-observability';
import { refuseDeployOfExampleValues } from './rules/example-values-refusal';
import { SkillFunction } from './skill-functions/skill-function';
import { DeviceTableReplica } from './skill-functions/device-table-replica';
import { SmartHomeFunction } from './skill-functions/smart-home-function';

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
 * function near them: the custom skill's, or with `skillType=smart-home` the smart home function
 * on this region's replica of the home stack's global device table. The linking server stays
 * where it is (a Cognito pool, domain and client in the home region; Login with Amazon; an OIDC
 * server): the function verifies tokens against the same key set or token-info endpoint as the
 * home function. The home values arrive through CDK's cross-region references (the home stack
 * publishes them as outputs, this stack reads them with `Fn::GetStackOutput` at deploy time: no
 * lookup at synth), so `cdk deploy --all` deploys the home stack first. Alarms and a dashboard
 * live here too: an alarm can only notify a topic in its own region.
 */
export class RegionalSkillStack extends Stack {
  /** The custom skill's function (skillType `custom`). */
  readonly skill?: SkillFunction;
  /** The smart home function (skillType `smart-home`), on this region's device table replica. */
  readonly smartHome?: SmartHomeFunction;
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

    // In this order (function, topic, alarms), as the custom skill's stack always had them.
    if (settings.skillType === 'smart-home') {
      this.smartHome = this.smartHomeFunction(settings, home);
    } else {
      this.skill = this.customSkillFunction(settings, home);
    }
    const fn = this.smartHome?.smartHomeFunction ?? (this.skill as SkillFunction).skillFunction;
    const alarms = new AlarmTopic(this, 'Alarms', { alarmEmail: settings.alarmEmail });
    this.observability = new SkillObservability(this, 'Observability', {
      functions: this.smartHome ? { SmartHome: fn } : { Skill: fn },
      alarmTopic: alarms.topic,
      stage: settings.stage,
    });
    const api = this.smartHome ? 'smartHome' : 'custom';
    new CfnOutput(this, this.smartHome ? 'SmartHomeFunctionArn' : 'SkillFunctionArn', {
      value: fn.functionArn,
      description: `Skill manifest > apis.${api}.regions.${ALEXA_REGION_OF[props.region]}.endpoint.uri (npm run skill-manifest writes it)`,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description: `SNS topic the skill alarms in ${props.region} notify`,
    });
  }

  /** The custom skill's function: Cognito values are read from the home stack. */
  private customSkillFunction(settings: AppSettings, home: AccountLinkingStack): SkillFunction {
    // Cognito values (pool ID, client ID, domain) are read from the home stack; other linking
    // servers' settings are plain values.
    const skill = new SkillFunction(this, 'Skill', {
      skillId: settings.skillId,
      linkingServer: home.linkingServer,
      stage: settings.stage,
    });
    // The same skill as the home region's: voice-forward linking where the settings turn it on.
    const voiceForward = voiceForwardLinkingVariable(settings.skillStages);
    if (voiceForward) {
      skill.skillFunction.addEnvironment('VOICE_FORWARD_ACCOUNT_LINKING', voiceForward);
    }
    return skill;
  }

  /**
   * The smart home function of this region: the same linking server as the home function, and
   * this region's replica of the home stack's global device table.
   */
  private smartHomeFunction(settings: AppSettings, home: AccountLinkingStack): SmartHomeFunction {
    const globalTable = home.globalDeviceTable;
    if (!globalTable) {
      // The home stack makes a global table whenever another region has a function.
      throw new Error(
        `The home stack ${home.stackName} has no global device table for ${this.region}: build it with skillRegions including ${this.region}.`
      );
    }
    const deviceTable = new DeviceTableReplica(this, 'SmartHomeDevices', {
      tableName: globalTable.table.tableName,
    });
    return new SmartHomeFunction(this, 'SmartHome', {
      skillId: settings.skillId,
      linkingEnvironment: {
        LINKING_SERVER: home.linkingServer.linkingServerName,
        ...home.linkingServer.functionEnvironment,
      },
      deviceTable,
      // A secret name: this region's replica of the secret (the home stack refuses an ARN).
      alexaEventsSecretName: settings.alexaEventsSecretName,
      stage: settings.stage,
    });
  }
}
