import { Annotations, Aws, CustomResource, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Function as LambdaFunction,
  Runtime,
  type CfnFunction,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { SkillStage } from '../../lambda/link-settings/account-linking-request';
import {
  assertValidAccountLinkingOptions,
  requestExtrasOf,
  tokenExpirationIgnoredWarning,
  type AccountLinkingOptions,
} from '../app-settings/account-linking-request-settings';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import type { LinkingServerName } from '../app-settings/linking-server-settings';
import { secretIamResourceArn } from '../app-settings/secret-reference';
import type { AlexaAccountLinking } from '../identity/alexa-account-linking';
import { LWA_AUTHORIZATION_URL } from '../identity/login-with-amazon-linking-server';
import { BUNDLE_HANDLER } from '../skill-functions/bundle-recipe';
import { bundledCode } from '../skill-functions/bundled-code';

/** What the Alexa console's Account Linking page takes, for a linking server other than Cognito. */
export interface LinkingServerConsoleValues {
  /** Your Web Authorization URI. */
  readonly authorizationUrl: string;
  /** Access Token URI. */
  readonly accessTokenUrl: string;
  /** Your Client ID. */
  readonly clientId: string;
  /** Scope: each one an entry. */
  readonly scopes: readonly string[];
  /** Domain List. */
  readonly domains: readonly string[];
  /**
   * A Secrets Manager secret holding the client secret as JSON `{"clientSecret": "..."}`
   * (import it with `secretReference`, so a secret named by name can be read).
   */
  readonly clientSecret: ISecret;
  /**
   * Your Authentication Scheme: how Alexa sends the client credentials to the token endpoint.
   * @see https://developer.amazon.com/docs/account-linking/configure-authorization-code-grant.html
   * @default 'HTTP_BASIC'
   */
  readonly accessTokenScheme?: 'HTTP_BASIC' | 'REQUEST_BODY_CREDENTIALS';
}

/** A skill stage's own client, for automatic mode to write to that stage. */
export interface StageLinkingClient {
  /** The stage's client ID ("Your Client ID"). */
  readonly clientId: string;
  /**
   * With `linkingServer`: the Secrets Manager secret holding this client's secret as JSON
   * `{"clientSecret": "..."}`. With `accountLinking` leave it out: the secret is read from the
   * Cognito app client with DescribeUserPoolClient.
   * @default - none (Cognito)
   */
  readonly clientSecret?: ISecret;
}

/**
 * Props of SkillAccountLinkingSettings. The optional account-linking fields it extends
 * (`skipOnEnablement`, `voiceForwardAccountLinking`, `accountLinkingDomains`,
 * `defaultTokenExpirationInSeconds`, `appLinkingIosUrl`, `appLinkingAndroidUrl`,
 * `appRedirectUrls`) go to every stage in `skillStages`; each is left out of the request, so
 * Amazon's default holds, unless given.
 * @see https://developer.amazon.com/docs/smapi/account-linking-operations.html
 */
export interface SkillAccountLinkingSettingsProps extends AccountLinkingOptions {
  /** The skill whose account-linking settings are written. */
  readonly skillId: string;
  /**
   * Cognito as the linking server: the console values come from it, and the client secret is
   * read with DescribeUserPoolClient at deploy time. Give this or `linkingServer`.
   * @default - `linkingServer` gives the values
   */
  readonly accountLinking?: AlexaAccountLinking;
  /**
   * With `accountLinking`: the Access Token URI to send instead of the pool's own token endpoint
   * (the token-exchange recorder's, while it is on).
   * @default - `accountLinking.accessTokenUrl`
   */
  readonly accessTokenUrl?: string;
  /**
   * Another linking server (Login with Amazon, an OIDC provider): its console values, and the
   * Secrets Manager secret holding its client secret. Give this or `accountLinking`.
   * @default - `accountLinking` gives the values
   */
  readonly linkingServer?: LinkingServerConsoleValues;
  /**
   * A Secrets Manager secret holding Login with Amazon credentials for the Skill Management API,
   * as JSON `{"clientId": "...", "clientSecret": "...", "refreshToken": "..."}`
   * (from `ask util generate-lwa-tokens`).
   * @see https://developer.amazon.com/docs/smapi/get-access-token-smapi.html
   */
  readonly smapiCredentialsSecret: ISecret;
  /**
   * The skill stage to configure. Prefer `skillStages`; give one of the two.
   * @default 'development'
   */
  readonly stage?: SkillStage;
  /**
   * The skill stages to configure, each written on every deployment that changes the settings.
   * @see https://developer.amazon.com/docs/smapi/account-linking-operations.html
   * @default ['development']
   */
  readonly skillStages?: readonly SkillStage[];
  /**
   * Values of one stage that differ from the top-level ones (an app link of a beta build for
   * development, say), over them.
   * @default - every stage gets the top-level values
   */
  readonly stageOptions?: Readonly<Partial<Record<SkillStage, AccountLinkingOptions>>>;
  /**
   * Skill stages with a client of their own (a separate client for live): that stage is written
   * with its client ID and secret instead of the linking server's.
   * @default - every stage gets the linking server's client
   */
  readonly stageClients?: Readonly<Partial<Record<SkillStage, StageLinkingClient>>>;
}

/**
 * Writes the skill's account-linking settings at deploy time (automatic mode), so nobody copies
 * values between consoles. A custom resource (CDK Provider framework) reads the client secret
 * (from the Cognito app client with DescribeUserPoolClient, or for another linking server from
 * its Secrets Manager secret), gets a Skill Management API token with the refresh token, and sends
 * the AUTH_CODE settings (HTTP Basic unless the linking server says otherwise). It runs again when any setting changes, and
 * leaves the skill alone when it is deleted.
 *
 * Nothing secret is in its properties, its response (NoEcho, no data) or its logs; its role may
 * read only this pool's client (or the linking server's secret), the credentials secret and this
 * stack's status.
 */
export class SkillAccountLinkingSettings extends Construct {
  /** The custom resource's function: writes the settings over the Skill Management API. */
  readonly handler: LambdaFunction;
  /** The custom resource that writes the settings at deploy time. */
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SkillAccountLinkingSettingsProps) {
    super(scope, id);
    const { accountLinking, linkingServer } = props;
    if ((accountLinking === undefined) === (linkingServer === undefined)) {
      throw new InvalidSettingError(
        'accountLinking / linkingServer',
        accountLinking ? 'both' : undefined,
        'exactly one of them: accountLinking for Cognito, linkingServer for another linking server'
      );
    }

    const stages = skillStagesOf(props);
    const serverName = linkingServerNameOf(props);
    const options = stageOptionsOf(props, stages, serverName);
    const ignoredExpiration = tokenExpirationIgnoredWarning(options, serverName);
    if (ignoredExpiration) {
      Annotations.of(this).addWarningV2(
        'alexa-account-linking:defaultTokenExpirationIgnored',
        ignoredExpiration
      );
    }
    const extras = Object.fromEntries(
      options.map(({ stage, options: own }) => [stage, requestExtrasOf(own)])
    );
    const hasExtras = Object.values(extras).some((fields) => Object.keys(fields).length > 0);
    const stageClients = stageClientsOf(props, stages);

    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: accountLinking
        ? 'Writes Alexa account-linking settings: reads one app client and one secret'
        : 'Writes Alexa account-linking settings: reads two secrets',
    });
    logGroup.grantWrite(role);
    if (accountLinking) {
      role.addToPolicy(
        new PolicyStatement({
          actions: ['cognito-idp:DescribeUserPoolClient'],
          resources: [accountLinking.userPool.userPoolArn],
        })
      );
    }
    // GetSecretValue only (grantRead would add DescribeSecret), on the complete ARN when known,
    // else on `<partial ARN>-??????`: a secret's real ARN ends in six random characters, so a
    // statement on the bare name would match nothing. A secret encrypted with a customer managed
    // key also needs kms:Decrypt, which is left to the key's policy.
    const secretResource = secretIamResourceArn(props.smapiCredentialsSecret);
    role.addToPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: linkingServer
          ? [
              secretResource,
              secretIamResourceArn(linkingServer.clientSecret),
              ...Object.values(stageClients).flatMap((client) =>
                client.clientSecret ? [secretIamResourceArn(client.clientSecret)] : []
              ),
            ]
          : [secretResource],
      })
    );
    // A failure while CloudFormation rolls back must not fail the rollback too: the handler asks
    // for this stack's status, and only this stack's.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['cloudformation:DescribeStacks'],
        resources: [Aws.STACK_ID],
      })
    );

    this.handler = new LambdaFunction(this, 'Handler', {
      code: bundledCode('link-settings'),
      handler: BUNDLE_HANDLER,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.minutes(1),
      memorySize: 256,
      role,
      logGroup,
      description: 'Writes the Alexa skill account-linking settings (custom resource)',
      // Source map in the asset, not loaded at cold start: see SkillFunction.
      environment: { POWERTOOLS_LOG_LEVEL: 'INFO' },
    });

    const frameworkLogs = new LogGroup(this, 'ProviderLogs', {
      retention: RetentionDays.ONE_MONTH,
    });
    const frameworkRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'CDK Provider framework for the account-linking settings',
    });
    frameworkLogs.grantWrite(frameworkRole);
    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.handler,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
      // The framework logs the events it relays at INFO; only errors are kept.
      frameworkLambdaLoggingLevel: ApplicationLogLevel.ERROR,
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::AlexaSkillAccountLinking',
      properties: {
        SkillId: props.skillId,
        // The stages written, comma-separated: one stage reads as before stages were a list.
        Stage: stages.join(','),
        // The optional fields per stage, as JSON: CloudFormation would turn a boolean or a number
        // in a custom resource's properties into a string.
        ...(hasExtras && { RequestExtras: Stack.of(this).toJsonString(extras) }),
        // Stages with a client of their own: its ID, and where its secret is (never the secret).
        ...(Object.keys(stageClients).length > 0 && {
          StageClients: Object.fromEntries(
            Object.entries(stageClients).map(([stage, client]) => [
              stage,
              {
                ClientId: client.clientId,
                ...(client.clientSecret && { ClientSecretId: secretIdFor(client.clientSecret) }),
              },
            ])
          ),
        }),
        ...(accountLinking
          ? {
              UserPoolId: accountLinking.userPool.userPoolId,
              ClientId: accountLinking.userPoolClient.userPoolClientId,
              AuthorizationUrl: accountLinking.authorizationUrl,
              AccessTokenUrl: props.accessTokenUrl ?? accountLinking.accessTokenUrl,
              Scopes: accountLinking.scopes,
              Domains: accountLinking.domainNames,
            }
          : linkingServerProperties(linkingServer as LinkingServerConsoleValues)),
        SmapiCredentialsSecretId: secretIdFor(props.smapiCredentialsSecret),
      },
    });

    acknowledgeProviderFindings(this.handler, frameworkRole);
    // No synthesis warning about changing skillId: synthesis cannot tell whether it changed (the
    // last synthesis in cdk.out is not what is deployed), so it would warn on every synth. The
    // handler warns when a deployment changes it (it sees the old properties); see docs/getting-started.md.
  }
}

function skillStagesOf(props: SkillAccountLinkingSettingsProps): SkillStage[] {
  if (props.stage !== undefined && props.skillStages !== undefined) {
    throw new InvalidSettingError(
      'stage / skillStages',
      'both',
      'one of them: skillStages (a list of "development" and "live"), or stage for one'
    );
  }
  const stages = props.skillStages ?? [props.stage ?? 'development'];
  for (const stage of stages) {
    if (stage !== 'development' && stage !== 'live') {
      throw new InvalidSettingError('skillStages', stage, '"development", "live" or both');
    }
  }
  if (stages.length === 0) {
    throw new InvalidSettingError('skillStages', [], '"development", "live" or both');
  }
  return [...new Set(stages)];
}

/**
 * The stage clients, checked: each for a stage written; with another linking server each has
 * its secret (automatic mode sends it), with Cognito none (it is read from the app client).
 */
function stageClientsOf(
  props: SkillAccountLinkingSettingsProps,
  stages: readonly SkillStage[]
): Partial<Record<SkillStage, StageLinkingClient>> {
  const clients = props.stageClients ?? {};
  for (const [stage, client] of Object.entries(clients)) {
    const key = `stageClients.${stage}`;
    if (!stages.includes(stage as SkillStage)) {
      throw new InvalidSettingError(
        key,
        client.clientId,
        `a client only for a stage in skillStages (${stages.join(', ')})`
      );
    }
    if (props.linkingServer && !client.clientSecret) {
      throw new InvalidSettingError(
        `${key}.clientSecret`,
        undefined,
        'the Secrets Manager secret holding that client\'s secret as {"clientSecret": "..."}: automatic mode writes it to the stage'
      );
    }
    if (props.accountLinking && client.clientSecret) {
      throw new InvalidSettingError(
        `${key}.clientSecret`,
        client.clientSecret.secretName,
        'no value with accountLinking: the secret is read from the Cognito app client'
      );
    }
  }
  return clients;
}

/** Cognito, or the server the console values point at: Login with Amazon by its authorization URL. */
function linkingServerNameOf(props: SkillAccountLinkingSettingsProps): LinkingServerName {
  if (props.accountLinking) return 'cognito';
  return props.linkingServer?.authorizationUrl === LWA_AUTHORIZATION_URL
    ? 'login-with-amazon'
    : 'oidc';
}

/** A copy without the values that are tokens, which only the deployment knows. */
function withoutTokens(options: AccountLinkingOptions): AccountLinkingOptions {
  return Object.fromEntries(
    Object.entries(options).filter(
      ([, value]) =>
        !Token.isUnresolved(value) &&
        !(Array.isArray(value) && value.some((item) => Token.isUnresolved(item)))
    )
  );
}

/** Each stage's options, the top-level ones under its own, checked as the context keys are. */
function stageOptionsOf(
  props: SkillAccountLinkingSettingsProps,
  stages: readonly SkillStage[],
  serverName: LinkingServerName
): { stage: SkillStage; options: AccountLinkingOptions }[] {
  const top: AccountLinkingOptions = {
    skipOnEnablement: props.skipOnEnablement,
    voiceForwardAccountLinking: props.voiceForwardAccountLinking,
    accountLinkingDomains: props.accountLinkingDomains,
    defaultTokenExpirationInSeconds: props.defaultTokenExpirationInSeconds,
    appLinkingIosUrl: props.appLinkingIosUrl,
    appLinkingAndroidUrl: props.appLinkingAndroidUrl,
    appRedirectUrls: props.appRedirectUrls,
  };
  const defined = (options: AccountLinkingOptions | undefined) =>
    Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
  assertValidAccountLinkingOptions(withoutTokens(defined(top)), serverName);
  for (const [stage, own] of Object.entries(props.stageOptions ?? {})) {
    if (!stages.includes(stage as SkillStage)) {
      throw new InvalidSettingError(
        `stageOptions.${stage}`,
        own,
        `values only for a stage in skillStages (${stages.join(', ')})`
      );
    }
    assertValidAccountLinkingOptions(
      withoutTokens(defined(own)),
      serverName,
      `stageOptions.${stage}.`
    );
  }
  return stages.map((stage) => ({
    stage,
    options: { ...defined(top), ...defined(props.stageOptions?.[stage]) },
  }));
}

// A name-imported secret has no complete ARN (its partial ARN lacks the six-character suffix);
// GetSecretValue takes the name then.
const secretIdFor = (secret: ISecret) => secret.secretFullArn ?? secret.secretName;

function linkingServerProperties(server: LinkingServerConsoleValues): Record<string, unknown> {
  return {
    ClientId: server.clientId,
    AuthorizationUrl: server.authorizationUrl,
    AccessTokenUrl: server.accessTokenUrl,
    Scopes: [...server.scopes],
    Domains: [...server.domains],
    ClientSecretId: secretIdFor(server.clientSecret),
    ...(server.accessTokenScheme && server.accessTokenScheme !== 'HTTP_BASIC'
      ? { AccessTokenScheme: server.accessTokenScheme }
      : {}),
  };
}

function acknowledgeProviderFindings(handler: LambdaFunction, frameworkRole: Role): void {
  const handlerId = Stack.of(handler).getLogicalId(handler.node.defaultChild as CfnFunction);
  Validations.of(frameworkRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
    reason:
      'The CDK Provider framework may invoke the onEvent handler and its versions (ARN:*); the wildcard covers versions of that one function only.',
  });
}
