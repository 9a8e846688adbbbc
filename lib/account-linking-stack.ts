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
import { FeaturePlan, ManagedLoginVersion, Mfa, OAuthScope } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { AlexaAccountLinking } from './identity/alexa-account-linking';
import type { AlexaLinkingServer } from './identity/alexa-linking-server';
import { LoginWithAmazonLinkingServer } from './identity/login-with-amazon-linking-server';
import { OidcLinkingServer } from './identity/oidc-linking-server';
import type {
  AppSettings,
  FeaturePlanSetting,
  MfaSetting,
  ScopeName,
} from './app-settings/app-settings';
import type {
  LoginWithAmazonServerSettings,
  OidcServerSettings,
} from './app-settings/linking-server-settings';
import { secretReference } from './app-settings/secret-reference';
import {
  requestExtrasOf,
  tokenExpirationIgnoredWarning,
  voiceForwardLinkingVariable,
} from './app-settings/account-linking-request-settings';
import { acknowledgeNagFindings } from './rules/nag-acknowledgements';
import { refuseDeployOfExampleValues } from './rules/example-values-refusal';
import { SkillAccountLinkingSettings } from './link-settings/skill-account-linking-settings';
import { SkillFunction } from './skill-functions/skill-function';
import {
  SMART_HOME_REGIONS,
  assertSmartHomeScopes,
  isSmartHomeRegion,
} from './app-settings/skill-type-settings';
import { DeviceTable } from './skill-functions/device-table';
import type { IDeviceTable } from './skill-functions/device-table-access';
import { GlobalDeviceTable } from './skill-functions/global-device-table';
import { smartHomeRegionPlan } from './app-settings/smart-home-regions';
import { SmartHomeFunction } from './skill-functions/smart-home-function';
import { ChangeReporter } from './skill-functions/change-reporter';
import { ChangeReporterObservability } from './observability/change-reporter-observability';
import { AlarmTopic } from './observability/alarm-topic';
import { SkillObservability } from './observability/skill-observability';
import { TokenExchangeRecorder } from './recorder/token-exchange-recorder';
import { TokenExchangeObservability } from './recorder/token-exchange-observability';
import { AppToAppLinking } from './app-to-app/app-to-app-linking';
import { UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { StageServerClient } from './identity/alexa-linking-server';
import type { SkillStage } from '../lambda/link-settings/account-linking-request';

/** Props of AccountLinkingStack: the app settings, plus any StackProps. */
export interface AccountLinkingStackProps extends StackProps {
  /** The checked app settings (readAppSettings): the stack is built from these alone. */
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

type ExternalServerSettings = LoginWithAmazonServerSettings | OidcServerSettings;

/**
 * The deployable app: account linking for one Alexa skill. Its outputs are the values the Alexa
 * developer console's Account Linking page asks for, one output per field.
 *
 * `linkingServer` chooses the authorization server: a Cognito user pool deployed here (the
 * default), Login with Amazon, or an existing OIDC server (for which nothing is deployed but the
 * skill function).
 */
export class AccountLinkingStack extends Stack {
  /** The server Alexa links against, whichever `linkingServer` selects. */
  readonly linkingServer: AlexaLinkingServer;
  /** The Cognito user pool, domain and client; present with `linkingServer=cognito` only. */
  readonly accountLinking?: AlexaAccountLinking;
  /** The custom skill's function (skillType `custom`, the default). */
  readonly skill?: SkillFunction;
  /** The smart home function and its device table (skillType `smart-home`). */
  readonly smartHome?: SmartHomeFunction;
  /** The device table of a smart home skill in one region (no other `skillRegions`). */
  readonly deviceTable?: DeviceTable;
  /**
   * The device table of a smart home skill in several regions: a global table with a replica in
   * this region and each other one of `skillRegions`.
   */
  readonly globalDeviceTable?: GlobalDeviceTable;
  /** With `alexaEventsSecretName`: sends the device table's changes to Alexa as proactive events. */
  readonly changeReporter?: ChangeReporter;
  /** Present in automatic mode (`smapiCredentialsSecret` set) with Cognito. */
  readonly linkSettings?: SkillAccountLinkingSettings;
  /** Alarms and the dashboard for the skill function(s). */
  readonly observability: SkillObservability;
  /** Present with `recordTokenExchanges=true` for Cognito and OIDC: Alexa's Access Token URI. */
  readonly tokenRecorder?: TokenExchangeRecorder;
  /** The Access Token URI Alexa is given: the recorder's while it is on, else the server's own. */
  readonly alexaAccessTokenUrl: string;
  /** Present with `appToAppLinking=true` (Cognito or OIDC): the endpoint your app's backend calls. */
  readonly appToAppLinking?: AppToAppLinking;

  constructor(scope: Construct, id: string, props: AccountLinkingStackProps) {
    super(scope, id, props);
    const { settings } = props;
    Tags.of(this).add('Project', 'alexa-account-linking');
    Tags.of(this).add('Stage', settings.stage);

    refuseDeployOfExampleValues(this, settings.exampleValuesInUse);
    this.warnAboutIgnoredKeys(settings);

    const server = settings.linkingServer;
    if (settings.skillType === 'smart-home') {
      if (server.kind === 'cognito') assertSmartHomeScopes(settings.scopes);
      else
        assertSmartHomeScopes(server.scopes, server.kind === 'oidc' ? 'oidcScopes' : 'lwaScopes');
    }
    if (server.kind === 'cognito') {
      this.accountLinking = this.cognitoAccountLinking(settings);
      this.linkingServer = this.accountLinking;
    } else {
      this.linkingServer = this.externalLinkingServer(
        settings.alexaVendorId,
        server,
        serverStageClients(settings)
      );
    }
    this.tokenRecorder = this.recorderFor(settings);
    this.alexaAccessTokenUrl = this.tokenRecorder?.tokenUrl ?? this.linkingServer.accessTokenUrl;

    if (settings.skillType === 'smart-home') {
      const { replicaRegions } = smartHomeRegionPlan({
        homeRegion: Token.isUnresolved(this.region) ? undefined : this.region,
        skillRegions: settings.skillRegions,
        alexaEventsSecretName: settings.alexaEventsSecretName,
      });
      let deviceTable: IDeviceTable;
      if (replicaRegions.length === 0) {
        deviceTable = this.deviceTable = new DeviceTable(this, 'SmartHomeDevices', {
          // Pinned: the table holds user data, and a new logical ID would replace it.
          logicalId: 'SmartHomeDeviceTable',
          // Proactive events: the change reporter reads the table's stream.
          stream: settings.alexaEventsSecretName !== undefined,
        });
      } else {
        // A Table cannot become a GlobalTable in place: a stack that had one keeps it until it is
        // migrated (docs/smart-home.md, Every Alexa region).
        deviceTable = this.globalDeviceTable = new GlobalDeviceTable(
          this,
          'SmartHomeGlobalDevices',
          { replicaRegions, logicalId: 'SmartHomeDeviceGlobalTable' }
        );
      }
      this.smartHome = new SmartHomeFunction(this, 'SmartHome', {
        skillId: settings.skillId,
        linkingEnvironment: {
          LINKING_SERVER: this.linkingServer.linkingServerName,
          ...this.linkingServer.functionEnvironment,
        },
        deviceTable,
        alexaEventsSecretName: settings.alexaEventsSecretName,
        stage: settings.stage,
      });
    } else {
      this.skill = new SkillFunction(this, 'Skill', {
        skillId: settings.skillId,
        linkingServer: this.linkingServer,
        stage: settings.stage,
      });
      // Login with Amazon only (the settings refuse it with another server).
      const voiceForward = voiceForwardLinkingVariable(settings.skillStages);
      if (voiceForward) {
        this.skill.skillFunction.addEnvironment('VOICE_FORWARD_ACCOUNT_LINKING', voiceForward);
      }
    }

    if (settings.smapiCredentialsSecret && this.accountLinking) {
      const secretRef = settings.smapiCredentialsSecret;
      this.linkSettings = new SkillAccountLinkingSettings(this, 'SkillLinkSettings', {
        skillId: settings.skillId,
        ...stageProps(settings),
        accountLinking: this.accountLinking,
        accessTokenUrl: this.alexaAccessTokenUrl,
        stageClients: Object.fromEntries(
          Object.entries(this.accountLinking.stageClientIds).map(([stage, clientId]) => [
            stage,
            { clientId },
          ])
        ),
        smapiCredentialsSecret: secretReference(this, 'SmapiCredentials', secretRef).secret,
      });
    } else if (settings.smapiCredentialsSecret && server.kind !== 'cognito') {
      this.linkSettings = this.externalAutomaticMode(
        settings,
        settings.smapiCredentialsSecret,
        server
      );
    }
    if (settings.appToAppLinking) {
      this.appToAppLinking = this.appToAppEndpoint(settings);
    }
    // Automatic mode warns about it itself; link-config and the console read the same values.
    const ignoredExpiration = tokenExpirationIgnoredWarning(settings.skillStages, server.kind);
    if (ignoredExpiration && !this.linkSettings) {
      Annotations.of(this).addWarningV2(
        'alexa-account-linking:defaultTokenExpirationIgnored',
        ignoredExpiration
      );
    }

    const alarms = new AlarmTopic(this, 'Alarms', { alarmEmail: settings.alarmEmail });
    this.observability = new SkillObservability(this, 'Observability', {
      functions: {
        ...(this.skill && { Skill: this.skill.skillFunction }),
        ...(this.smartHome && { SmartHome: this.smartHome.smartHomeFunction }),
      },
      alarmTopic: alarms.topic,
      stage: settings.stage,
    });
    // One reporter, here: with a global table every region's writes reach this region's replica.
    const reportedTable = this.deviceTable ?? this.globalDeviceTable;
    if (reportedTable && settings.alexaEventsSecretName !== undefined) {
      this.changeReporter = new ChangeReporter(this, 'ChangeReporter', {
        skillId: settings.skillId,
        table: reportedTable.table,
        alexaEventsSecretName: settings.alexaEventsSecretName,
        stage: settings.stage,
      });
      new ChangeReporterObservability(this, 'ChangeReporterObservability', {
        reporter: this.changeReporter,
        alarmTopic: alarms.topic,
        stage: settings.stage,
      });
    }
    if (this.tokenRecorder) {
      new TokenExchangeObservability(this, 'TokenExchangeObservability', {
        alarmTopic: alarms.topic,
        stage: settings.stage,
        dashboard: this.observability.dashboard,
      });
      this.addRecorderOutputs(this.tokenRecorder);
    }
    new CfnOutput(this, 'AlarmTopicArn', {
      value: alarms.topic.topicArn,
      description: 'SNS topic every skill alarm notifies (alarmEmail subscribes an address)',
    });

    if (this.accountLinking) this.addAccountLinkingOutputs(this.accountLinking);
    else this.addExternalServerOutputs(server as ExternalServerSettings);
    this.addSkillStageOutputs(settings);
    if (this.skill) {
      new CfnOutput(this, 'SkillFunctionArn', {
        value: this.skill.skillFunction.functionArn,
        description:
          'Skill manifest > apis.custom.endpoint.uri (the Alexa console: Endpoint > AWS Lambda ARN)',
      });
    }
    const deviceTable = this.deviceTable ?? this.globalDeviceTable;
    if (this.smartHome && deviceTable) {
      this.addSmartHomeOutputs(this.smartHome, deviceTable, settings.alexaEventsSecretName);
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
    deviceTable: IDeviceTable,
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

  /**
   * The token-exchange recorder when `recordTokenExchanges` is on and the server is ours to front:
   * Login with Amazon's token endpoint is Amazon's own, and Alexa calls it directly.
   */
  /** App-to-app linking from your app: the endpoint, and its URL as an output. */
  private appToAppEndpoint(settings: AppSettings): AppToAppLinking | undefined {
    const appToApp = settings.appToAppLinking;
    if (!appToApp) return undefined;
    const accountLinking = this.accountLinking;
    const server = this.linkingServer;
    // Your user's token: the pool's (Alexa's clients and yours), or the OIDC server's (the same).
    const user = accountLinking
      ? {
          userPool: accountLinking.userPool,
          userPoolClients: [
            accountLinking.userPoolClient,
            ...Object.values(accountLinking.stageClients),
            ...appToApp.clientIds.map((id) =>
              UserPoolClient.fromUserPoolClientId(this, `AppToAppClient-${id}`, id)
            ),
          ],
        }
      : server instanceof OidcLinkingServer
        ? {
            jwtIssuer: server.issuer,
            jwtAudiences: [
              server.clientId,
              ...Object.values(server.stageClientIds),
              ...appToApp.clientIds,
            ],
          }
        : undefined;
    if (!user) return undefined;
    const endpoint = new AppToAppLinking(this, 'AppToAppLinking', {
      skillId: settings.skillId,
      ...user,
      redirectUrls: [
        ...new Set(settings.skillStages.flatMap((s) => s.options.appRedirectUrls ?? [])),
      ],
      stages: settings.skillStages.map((s) => s.stage),
      clientSecretName: appToApp.secret,
    });
    new CfnOutput(this, 'AppToAppLinkingUrl', {
      value: endpoint.enablementUrl,
      description:
        "App-to-app linking: your app's backend POSTs (link), GETs (status) or DELETEs (unlink) here with your user's token",
    });
    return endpoint;
  }

  private recorderFor(settings: AppSettings): TokenExchangeRecorder | undefined {
    if (!settings.recordTokenExchanges) return undefined;
    if (settings.linkingServer.kind === 'login-with-amazon') {
      Annotations.of(this).addWarningV2(
        'alexa-account-linking:recorderIgnored',
        "recordTokenExchanges is ignored: Login with Amazon's token endpoint is Amazon's own, and Alexa calls it directly. Set linkingServer to cognito or oidc to record token exchanges."
      );
      return undefined;
    }
    return new TokenExchangeRecorder(this, 'TokenExchangeRecorder', {
      upstreamTokenUrl: this.linkingServer.accessTokenUrl,
      stage: settings.stage,
    });
  }

  /** Where the recorder sends Alexa's requests, and where it keeps the records. */
  private addRecorderOutputs(recorder: TokenExchangeRecorder): void {
    this.field(
      'LinkingServerTokenUri',
      recorder.upstreamTokenUrl,
      "The linking server's own token endpoint, where the recorder passes each request (doctor checks it directly)"
    );
    this.field(
      'TokenExchangeLogGroup',
      recorder.logGroup.logGroupName,
      'The log group with one line per token exchange (npm run linking-log reads it)'
    );
  }

  /** Keys of another linking server are ignored, not an error, so one -c linkingServer=... switches. */
  private warnAboutIgnoredKeys(settings: AppSettings): void {
    const keys = settings.ignoredKeys;
    if (keys.length === 0) return;
    const many = keys.length > 1;
    Annotations.of(this).addWarningV2(
      'alexa-account-linking:ignoredSettings',
      `${keys.join(', ')} ${many ? 'are' : 'is'} ignored: linkingServer is "${settings.linkingServer.kind}" and ${many ? 'these settings belong' : 'this setting belongs'} to another linking server. Remove ${many ? 'them' : 'it'}, or set linkingServer to the server ${many ? 'they are' : 'it is'} for.`
    );
  }

  private cognitoAccountLinking(settings: AppSettings): AlexaAccountLinking {
    const { signIn } = settings;
    return new AlexaAccountLinking(this, 'AccountLinking', {
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
      // App-to-app: your app asks the pool for a code with one of its redirect URLs.
      extraCallbackUrls: [
        ...new Set([
          ...settings.extraCallbackUrls,
          ...settings.skillStages.flatMap((s) => s.options.appRedirectUrls ?? []),
        ]),
      ],
      mfa: MFA[settings.mfa],
      featurePlan: FEATURE_PLANS[settings.featurePlan],
      removalPolicy: settings.retainUserPool ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      deletionProtection: settings.deletionProtection,
      passwordMinLength: settings.passwordMinLength,
      separateClientStages: settings.skillStages
        .filter((s) => s.client?.kind === 'separate-cognito-client')
        .map((s) => s.stage),
      ...(signIn.signInWith && {
        signInWith: signIn.signInWith,
        cognitoSignIn: signIn.cognitoSignIn,
        directSignIn: signIn.directSignIn,
      }),
    });
  }

  /** Login with Amazon or an OIDC server: nothing deployed, only the console values. */
  private externalLinkingServer(
    alexaVendorId: string,
    server: ExternalServerSettings,
    stageClients: Partial<Record<SkillStage, StageServerClient>>
  ): LoginWithAmazonLinkingServer | OidcLinkingServer {
    if (server.kind === 'login-with-amazon') {
      return new LoginWithAmazonLinkingServer(this, 'LoginWithAmazon', {
        alexaVendorId,
        clientId: server.clientId,
        clientSecretName: server.clientSecretName,
        scopes: [...server.scopes],
        stageClients,
      });
    }
    return new OidcLinkingServer(this, 'Oidc', {
      alexaVendorId,
      issuer: server.issuer,
      audience: server.audience,
      clientId: server.clientId,
      clientSecretName: server.clientSecretName,
      stageClients,
      authorizationUrl: server.authorizationUrl,
      tokenUrl: server.tokenUrl,
      jwksUrl: server.jwksUrl,
      userInfoUrl: server.userInfoUrl,
      scopes: [...server.scopes],
    });
  }

  private field(id: string, value: string, description: string): CfnOutput {
    return new CfnOutput(this, id, { value, description });
  }

  /** The fields of the Alexa console's Account Linking page every server fills the same way. */
  private addConsoleFields(server: AlexaLinkingServer, clientSecretCommand?: string): void {
    this.field(
      'AuthorizationUri',
      server.authorizationUrl,
      'Alexa console > Account Linking > Your Web Authorization URI'
    );
    this.field(
      'AccessTokenUri',
      this.alexaAccessTokenUrl,
      this.tokenRecorder
        ? "Alexa console > Account Linking > Access Token URI: the token-exchange recorder's, which passes each request to LinkingServerTokenUri"
        : 'Alexa console > Account Linking > Access Token URI'
    );
    this.field('ClientId', server.clientId, 'Alexa console > Account Linking > Your Client ID');
    if (clientSecretCommand !== undefined) {
      this.field(
        'ClientSecretCommand',
        clientSecretCommand,
        'Alexa console > Account Linking > Your Secret: run this command to print it (the secret itself is never in the template or outputs)'
      );
    }
    this.field(
      'AuthenticationScheme',
      'HTTP Basic',
      'Alexa console > Account Linking > Your Authentication Scheme'
    );
    this.field(
      'Scopes',
      server.scopes.join(','),
      this.smartHome
        ? 'Alexa console > Account Linking > Scope: add each comma-separated name as its own entry (a smart home skill needs at least one)'
        : 'Alexa console > Account Linking > Scope: add each comma-separated name as its own entry'
    );
    this.field(
      'DomainList',
      server.domainNames.join(','),
      'Alexa console > Account Linking > Domain List'
    );
  }

  /** One output per field of the Alexa console's Account Linking page, plus what it takes to read the secret. */
  private addAccountLinkingOutputs(linking: AlexaAccountLinking): void {
    this.addConsoleFields(
      linking,
      [
        'aws cognito-idp describe-user-pool-client',
        `--region ${this.region}`,
        `--user-pool-id ${linking.userPool.userPoolId}`,
        `--client-id ${linking.userPoolClient.userPoolClientId}`,
        '--query UserPoolClient.ClientSecret --output text',
      ].join(' ')
    );
    this.field(
      'AlexaRedirectUrls',
      linking.userPoolClient.alexaRedirectUrls.join(','),
      'Alexa console > Account Linking > Alexa Redirect URLs: the app client allows exactly these'
    );
    this.field(
      'UserPoolId',
      linking.userPool.userPoolId,
      'The Cognito user pool that holds the accounts'
    );
    if (linking.userPoolDomain.isCustomDomain) {
      this.field(
        'SignInDomainCloudFrontTarget',
        linking.userPoolDomain.cloudFrontEndpoint,
        'Point a DNS alias (CNAME or Route 53 alias) for the custom sign-in domain at this host'
      );
    }
    if (linking.signInProviders) {
      this.field(
        'SignInProviderRedirectUrl',
        linking.signInProviderRedirectUrl,
        'Register this redirect URL (Allowed Return URL, authorized redirect URI, valid OAuth redirect URI, allowed callback URL) with each sign-in provider in signInWith'
      );
      this.field(
        'SignInProviderAllowedOrigin',
        linking.signInOrigin,
        'Register this origin (Allowed Origins, authorized JavaScript origins) with each sign-in provider that asks for one'
      );
    }
  }

  /**
   * Automatic mode for Login with Amazon or OIDC: the console values, and the client secret read
   * from its Secrets Manager secret at deploy time. Without the secret's name there is nothing to
   * send as Your Secret, so the setting is warned about and left off.
   */
  private externalAutomaticMode(
    settings: AppSettings,
    smapiCredentialsSecret: string,
    server: ExternalServerSettings
  ): SkillAccountLinkingSettings | undefined {
    const secretKey =
      server.kind === 'login-with-amazon' ? 'lwaClientSecretName' : 'oidcClientSecretName';
    if (server.clientSecretName === undefined) {
      Annotations.of(this).addWarningV2(
        'alexa-account-linking:automaticModeNeedsSecret',
        `smapiCredentialsSecret is ignored: automatic mode with linkingServer "${server.kind}" sends the client secret too, so it needs ${secretKey} (the Secrets Manager secret whose JSON field clientSecret holds it).`
      );
      return undefined;
    }
    const stageClients = serverStageClients(settings);
    const withoutSecret = Object.entries(stageClients).find(([, c]) => !c.clientSecretName);
    if (withoutSecret) {
      Annotations.of(this).addWarningV2(
        'alexa-account-linking:automaticModeNeedsSecret',
        `smapiCredentialsSecret is ignored: automatic mode sends each stage's client secret too, so it needs skillStages.${withoutSecret[0]}.${secretKey} (the Secrets Manager secret whose JSON field clientSecret holds the ${withoutSecret[0]} client's secret).`
      );
      return undefined;
    }
    const linking = this.linkingServer;
    return new SkillAccountLinkingSettings(this, 'SkillLinkSettings', {
      skillId: settings.skillId,
      ...stageProps(settings),
      stageClients: Object.fromEntries(
        Object.entries(stageClients).map(([stage, client]) => [
          stage,
          {
            clientId: client.clientId,
            clientSecret: secretReference(
              this,
              `LinkingClientSecret-${stage}`,
              client.clientSecretName as string
            ).secret,
          },
        ])
      ),
      linkingServer: {
        authorizationUrl: linking.authorizationUrl,
        accessTokenUrl: this.alexaAccessTokenUrl,
        clientId: linking.clientId,
        scopes: linking.scopes,
        domains: linking.domainNames,
        clientSecret: secretReference(this, 'LinkingClientSecret', server.clientSecretName).secret,
      },
      smapiCredentialsSecret: secretReference(this, 'SmapiCredentials', smapiCredentialsSecret)
        .secret,
    });
  }

  /**
   * The skill stages and, for each, the optional request fields as Amazon's model names them
   * (link-config writes a file per stage from these). Absent with the defaults (development, no
   * optional field), as before these settings existed.
   */
  private addSkillStageOutputs(settings: AppSettings): void {
    const stages = settings.skillStages;
    const extras = Object.fromEntries(stages.map((s) => [s.stage, requestExtrasOf(s.options)]));
    const hasExtras = Object.values(extras).some((fields) => Object.keys(fields).length > 0);
    const onlyDevelopment = stages.length === 1 && stages[0]?.stage === 'development';
    const hasClients = this.addStageClientsOutput();
    if (onlyDevelopment && !hasExtras && !hasClients) return;
    this.field(
      'SkillStages',
      stages.map((s) => s.stage).join(','),
      'The skill stages whose account-linking settings this stack describes (skillStages)'
    );
    if (hasExtras) {
      this.field(
        'AccountLinkingRequestExtras',
        this.toJsonString(extras),
        'Alexa console > Account Linking, per skill stage: the optional fields (skip on enablement, voice-forward linking, extra domains, default token expiration, app-to-app URLs) as the Skill Management API names them; extraDomains go after DomainList'
      );
    }
  }

  /**
   * The stages with a client of their own: its ID (that stage's Your Client ID) and, off Cognito,
   * the secret holding its secret. link-config writes each stage's file with its own client.
   */
  private addStageClientsOutput(): boolean {
    const ids = this.linkingServer.stageClientIds ?? {};
    if (Object.keys(ids).length === 0) return false;
    const external = this.linkingServer as Partial<LoginWithAmazonLinkingServer>;
    const clients = Object.fromEntries(
      Object.entries(ids).map(([stage, clientId]) => {
        const secretName = external.stageClients?.[stage as SkillStage]?.clientSecretName;
        return [
          stage,
          { clientId, ...(secretName !== undefined && { clientSecretName: secretName }) },
        ];
      })
    );
    this.field(
      'StageClients',
      this.toJsonString(clients),
      this.accountLinking
        ? "Alexa console > Account Linking, per skill stage: the stage's own Your Client ID (its secret: the ClientSecretCommand with this client ID)"
        : "Alexa console > Account Linking, per skill stage: the stage's own Your Client ID, and the Secrets Manager secret whose clientSecret is its Your Secret"
    );
    return true;
  }

  /** Login with Amazon or OIDC: the console page, and where the client secret is kept. */
  private addExternalServerOutputs(server: ExternalServerSettings): void {
    const linking = this.linkingServer;
    const secretName = server.clientSecretName;
    this.addConsoleFields(
      linking,
      secretName === undefined ? undefined : secretCommand(secretName, this.region)
    );
    this.field(
      'AlexaRedirectUrls',
      linking.alexaRedirectUrls.join(','),
      server.kind === 'login-with-amazon'
        ? "Alexa console > Account Linking > Alexa Redirect URLs: add all three to the Login with Amazon security profile's Allowed Return URLs (Web Settings), or linking fails"
        : "Alexa console > Account Linking > Alexa Redirect URLs: add all three to the OIDC application's allowed callback URLs, or linking fails"
    );
    this.field(
      'LinkingServer',
      server.kind,
      'The authorization server Alexa links against (the linkingServer setting)'
    );
    if (server.kind === 'oidc') {
      this.field(
        'Issuer',
        server.issuer,
        'The OIDC issuer (iss) the skill accepts; doctor reads its discovery document'
      );
    }
    if (secretName !== undefined) {
      this.field(
        'ClientSecretName',
        secretName,
        'The Secrets Manager secret whose JSON field clientSecret holds Your Secret (read by link-config and automatic mode, never by synthesis)'
      );
    }
  }
}

/** The stages' own clients on a Login with Amazon or OIDC server, by stage. */
function serverStageClients(settings: AppSettings): Partial<Record<SkillStage, StageServerClient>> {
  return Object.fromEntries(
    settings.skillStages.flatMap(({ stage, client }) =>
      client?.kind === 'server-client'
        ? [
            [
              stage,
              {
                clientId: client.clientId,
                ...(client.clientSecretName !== undefined && {
                  clientSecretName: client.clientSecretName,
                }),
              },
            ],
          ]
        : []
    )
  );
}

/** Automatic mode's stages and each one's values, as the settings give them. */
function stageProps(settings: AppSettings) {
  return {
    skillStages: settings.skillStages.map((s) => s.stage),
    stageOptions: Object.fromEntries(settings.skillStages.map((s) => [s.stage, s.options])),
  };
}

/**
 * A command that prints the `clientSecret` field of a Secrets Manager secret. A secret ARN names
 * its own region; a name is looked up in the stack's.
 */
function secretCommand(secretName: string, stackRegion: string): string {
  const region = secretName.startsWith('arn:') ? secretName.split(':')[3] : stackRegion;
  return [
    'aws secretsmanager get-secret-value',
    `--region ${region}`,
    `--secret-id ${secretName}`,
    '--query SecretString --output text | jq -r .clientSecret',
  ].join(' ');
}
