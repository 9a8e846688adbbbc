import {
  Annotations,
  CfnOutput,
  RemovalPolicy,
  Stack,
  Tags,
  Token,
  type StackProps,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { FeaturePlan, ManagedLoginVersion, Mfa, OAuthScope } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { AlexaAccountLinking } from './identity/alexa-account-linking';
import type {
  AppSettings,
  FeaturePlanSetting,
  MfaSetting,
  ScopeName,
} from './app-settings/app-settings';
import { acknowledgeNagFindings } from './rules/nag-acknowledgements';
import { SkillAccountLinkingSettings } from './link-settings/skill-account-linking-settings';
import { SkillFunction } from './skill-functions/skill-function';
import {
  SMART_HOME_REGIONS,
  assertSmartHomeScopes,
  isSmartHomeRegion,
} from './app-settings/skill-type-settings';
import { DeviceTable } from './skill-functions/device-table';
import { SmartHomeFunction } from './skill-functions/smart-home-function';

export interface AccountLinkingStackProps extends StackProps {
  readonly settings: AppSettings;
}

const SCOPES: Record<ScopeName, OAuthScope> = {
  openid: OAuthScope.OPENID,
  email: OAuthScope.EMAIL,
  profile: OAuthScope.PROFILE,
  phone: OAuthScope.PHONE,
};
const MFA: Record<MfaSetting, Mfa> = {
  off: Mfa.OFF,
  optional: Mfa.OPTIONAL,
  required: Mfa.REQUIRED,
};
const FEATURE_PLANS: Record<FeaturePlanSetting, FeaturePlan> = {
  essentials: FeaturePlan.ESSENTIALS,
  plus: FeaturePlan.PLUS,
};

/**
 * The deployable app: account linking for one Alexa skill. Its outputs are the values the Alexa
 * developer console's Account Linking page asks for, one output per field.
 */
export class AccountLinkingStack extends Stack {
  readonly accountLinking: AlexaAccountLinking;
  /** The custom skill's function (skillType `custom`, the default). */
  readonly skill?: SkillFunction;
  /** The smart home function and its device table (skillType `smart-home`). */
  readonly smartHome?: SmartHomeFunction;
  readonly deviceTable?: DeviceTable;
  /** Present in automatic mode (`smapiCredentialsSecret` set). */
  readonly linkSettings?: SkillAccountLinkingSettings;

  constructor(scope: Construct, id: string, props: AccountLinkingStackProps) {
    super(scope, id, props);
    const { settings } = props;
    Tags.of(this).add('Project', 'alexa-account-linking');
    Tags.of(this).add('Stage', settings.stage);

    if (settings.exampleValuesInUse.length > 0) {
      Annotations.of(this).addWarningV2(
        'alexa-account-linking:exampleValues',
        `${settings.exampleValuesInUse.join(', ')} still hold the example values from cdk.json. Replace them with your own (in cdk.json or with -c key=value) before cdk deploy.`
      );
    }

    if (settings.skillType === 'smart-home') assertSmartHomeScopes(settings.scopes);

    this.accountLinking = new AlexaAccountLinking(this, 'AccountLinking', {
      userPoolName: `alexa-account-linking-${settings.stage}`,
      alexaVendorId: settings.alexaVendorId,
      domainPrefix: settings.domainPrefix,
      customDomain: settings.customDomain && {
        domainName: settings.customDomain.domainName,
        certificate: Certificate.fromCertificateArn(
          this,
          'CustomDomainCertificate',
          settings.customDomain.certificateArn
        ),
      },
      managedLoginVersion:
        settings.loginUi === 'classic'
          ? ManagedLoginVersion.CLASSIC_HOSTED_UI
          : ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      scopes: settings.scopes.map((name) => SCOPES[name]),
      extraCallbackUrls: [...settings.extraCallbackUrls],
      mfa: MFA[settings.mfa],
      featurePlan: FEATURE_PLANS[settings.featurePlan],
      removalPolicy: settings.retainUserPool ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      deletionProtection: settings.deletionProtection,
    });

    if (settings.skillType === 'smart-home') {
      this.deviceTable = new DeviceTable(this, 'SmartHomeDevices', {
        // Pinned: the table holds user data, and a new logical ID would replace it.
        logicalId: 'SmartHomeDeviceTable',
      });
      this.smartHome = new SmartHomeFunction(this, 'SmartHome', {
        skillId: settings.skillId,
        linkingEnvironment: {
          LINKING_SERVER: 'cognito',
          USER_POOL_ID: this.accountLinking.userPool.userPoolId,
          USER_POOL_CLIENT_ID: this.accountLinking.userPoolClient.userPoolClientId,
          SIGN_IN_DOMAIN_URL: this.accountLinking.userPoolDomain.baseUrl(),
        },
        deviceTable: this.deviceTable,
        alexaEventsSecretName: settings.alexaEventsSecretName,
      });
    } else {
      this.skill = new SkillFunction(this, 'Skill', {
        skillId: settings.skillId,
        userPool: this.accountLinking.userPool,
        userPoolClient: this.accountLinking.userPoolClient,
        signInDomainUrl: this.accountLinking.userPoolDomain.baseUrl(),
      });
    }

    if (settings.smapiCredentialsSecret) {
      const secretRef = settings.smapiCredentialsSecret;
      this.linkSettings = new SkillAccountLinkingSettings(this, 'SkillLinkSettings', {
        skillId: settings.skillId,
        accountLinking: this.accountLinking,
        smapiCredentialsSecret: secretRef.startsWith('arn:')
          ? Secret.fromSecretCompleteArn(this, 'SmapiCredentials', secretRef)
          : Secret.fromSecretNameV2(this, 'SmapiCredentials', secretRef),
      });
    }

    this.addAccountLinkingOutputs(settings.skillType === 'smart-home');
    if (this.skill) {
      new CfnOutput(this, 'SkillFunctionArn', {
        value: this.skill.skillFunction.functionArn,
        description:
          'Skill manifest > apis.custom.endpoint.uri (the Alexa console: Endpoint > AWS Lambda ARN)',
      });
    }
    if (this.smartHome && this.deviceTable) {
      this.addSmartHomeOutputs(this.smartHome, this.deviceTable, settings.alexaEventsSecretName);
    }
    new CfnOutput(this, 'SkillId', {
      value: settings.skillId,
      description: 'The skill this stack serves',
    });
    acknowledgeNagFindings(this);
  }

  /** The smart home function's ARN, its table, whether events are on, and a region warning. */
  private addSmartHomeOutputs(
    smartHome: SmartHomeFunction,
    deviceTable: DeviceTable,
    alexaEventsSecretName: string | undefined
  ): void {
    new CfnOutput(this, 'SmartHomeFunctionArn', {
      value: smartHome.smartHomeFunction.functionArn,
      description:
        'Alexa console > Smart Home > Default endpoint (and the endpoint of each region whose locales the skill serves)',
    });
    new CfnOutput(this, 'SmartHomeDeviceTableName', {
      value: deviceTable.table.tableName,
      description: "The DynamoDB table with each linked user's devices and Amazon tokens",
    });
    new CfnOutput(this, 'AlexaEvents', {
      value: alexaEventsSecretName === undefined ? 'off' : 'on',
      description:
        alexaEventsSecretName === undefined
          ? 'Proactive events are off: AcceptGrant is acknowledged without exchanging its code. Set alexaEventsSecretName to a secret with the skill\'s Alexa Skill Messaging {"clientId", "clientSecret"} to turn them on (Alexa sends AcceptGrant only with Permissions > Send Alexa Events on)'
          : 'AcceptGrant codes are exchanged with the Alexa Skill Messaging credentials in alexaEventsSecretName; the Amazon tokens are kept in the device table',
    });
    if (!Token.isUnresolved(this.region) && !isSmartHomeRegion(this.region)) {
      Annotations.of(this).addWarningV2(
        'alexa-account-linking:smartHomeRegion',
        `Region ${this.region} serves no Alexa smart home locale: Alexa calls smart home functions only in ${Object.entries(
          SMART_HOME_REGIONS
        )
          .map(([region, locales]) => `${region} (${locales})`)
          .join(', ')}. Deployed elsewhere, discovery finds "no new devices".`
      );
    }
  }

  /** One output per field of the Alexa console's Account Linking page, plus what it takes to read the secret. */
  private addAccountLinkingOutputs(smartHome: boolean): void {
    const linking = this.accountLinking;
    const field = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });

    field(
      'AuthorizationUri',
      linking.authorizationUrl,
      'Alexa console > Account Linking > Your Web Authorization URI'
    );
    field(
      'AccessTokenUri',
      linking.accessTokenUrl,
      'Alexa console > Account Linking > Access Token URI'
    );
    field(
      'ClientId',
      linking.userPoolClient.userPoolClientId,
      'Alexa console > Account Linking > Your Client ID'
    );
    field(
      'ClientSecretCommand',
      [
        'aws cognito-idp describe-user-pool-client',
        `--region ${this.region}`,
        `--user-pool-id ${linking.userPool.userPoolId}`,
        `--client-id ${linking.userPoolClient.userPoolClientId}`,
        '--query UserPoolClient.ClientSecret --output text',
      ].join(' '),
      'Alexa console > Account Linking > Your Secret: run this command to print it (the secret itself is never in the template or outputs)'
    );
    field(
      'AuthenticationScheme',
      'HTTP Basic',
      'Alexa console > Account Linking > Your Authentication Scheme'
    );
    field(
      'Scopes',
      linking.scopes.join(','),
      smartHome
        ? 'Alexa console > Account Linking > Scope: add each comma-separated name as its own entry (a smart home skill needs at least one)'
        : 'Alexa console > Account Linking > Scope: add each comma-separated name as its own entry'
    );
    field(
      'DomainList',
      linking.domainNames.join(','),
      'Alexa console > Account Linking > Domain List'
    );
    field(
      'AlexaRedirectUrls',
      linking.userPoolClient.alexaRedirectUrls.join(','),
      'Alexa console > Account Linking > Alexa Redirect URLs: the app client allows exactly these'
    );
    field(
      'UserPoolId',
      linking.userPool.userPoolId,
      'The Cognito user pool that holds the accounts'
    );
    if (linking.userPoolDomain.isCustomDomain) {
      field(
        'SignInDomainCloudFrontTarget',
        linking.userPoolDomain.cloudFrontEndpoint,
        'Point a DNS alias (CNAME or Route 53 alias) for the custom sign-in domain at this host'
      );
    }
  }
}
