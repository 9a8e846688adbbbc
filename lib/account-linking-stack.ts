import { Annotations, CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
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
import { AlarmTopic } from './observability/alarm-topic';
import { SkillObservability } from './observability/skill-observability';

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
  readonly skill: SkillFunction;
  /** Present in automatic mode (`smapiCredentialsSecret` set). */
  readonly linkSettings?: SkillAccountLinkingSettings;
  readonly observability: SkillObservability;

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

    this.skill = new SkillFunction(this, 'Skill', {
      skillId: settings.skillId,
      userPool: this.accountLinking.userPool,
      userPoolClient: this.accountLinking.userPoolClient,
      signInDomainUrl: this.accountLinking.userPoolDomain.baseUrl(),
    });

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

    const alarms = new AlarmTopic(this, 'Alarms', { alarmEmail: settings.alarmEmail });
    this.observability = new SkillObservability(this, 'Observability', {
      functions: { Skill: this.skill.skillFunction },
      alarmTopic: alarms.topic,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description: 'SNS topic every skill alarm notifies (alarmEmail subscribes an address)',
    });

    this.addAccountLinkingOutputs();
    new CfnOutput(this, 'SkillFunctionArn', {
      value: this.skill.skillFunction.functionArn,
      description:
        'Skill manifest > apis.custom.endpoint.uri (the Alexa console: Endpoint > AWS Lambda ARN)',
    });
    new CfnOutput(this, 'SkillId', {
      value: settings.skillId,
      description: 'The skill this stack serves',
    });
    acknowledgeNagFindings(this);
  }

  /** One output per field of the Alexa console's Account Linking page, plus what it takes to read the secret. */
  private addAccountLinkingOutputs(): void {
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
      'Alexa console > Account Linking > Scope: add each comma-separated name as its own entry'
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
