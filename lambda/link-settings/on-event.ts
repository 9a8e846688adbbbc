/**
 * The custom resource behind automatic mode: at deploy time it reads the Alexa client's secret,
 * gets a Skill Management API token, and writes the skill's account-linking settings.
 * On delete it leaves the skill alone: removing the stack should not break a published skill.
 *
 * Every run is bounded by the Lambda's remaining time, so a slow outage ends with the API's
 * message rather than "Task timed out". A failure while CloudFormation rolls the stack back is
 * logged and reported as success: the rollback's Update would otherwise repeat the failing call
 * and leave the stack in UPDATE_ROLLBACK_FAILED. Error text is cut of every credential the handler
 * holds, and capped, before it reaches a log or CloudFormation's events.
 */
import {
  DescribeUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  accountLinkingRequestBody,
  parseClientSecret,
  parseLwaCredentials,
  SKILL_STAGES,
  type AccessTokenScheme,
  type AccountLinkingRequestExtras,
  type SkillStage,
} from './account-linking-request';
import { redactCredentials } from './redact-credentials';
import type { SmapiClient } from './smapi-client';

/** The custom resource's properties: names and URLs only, never a secret. */
export interface LinkSettingsProperties {
  readonly SkillId: string;
  /** The skill stages to write, comma-separated (`development`, `live` or `development,live`). */
  readonly Stage: string;
  /** JSON: each stage's optional request fields, as Amazon's model names them. Absent: none. */
  readonly RequestExtras?: string;
  /**
   * Stages with a client of their own: its ID and, for a linking server other than Cognito, the
   * secret holding `{"clientSecret"}` (Cognito's is read from that app client). Absent: none.
   */
  readonly StageClients?: Partial<Record<SkillStage, StageClientProperties>>;
  /** Cognito: the client secret is read from this pool's app client. */
  readonly UserPoolId?: string;
  /** Another linking server: the secret holding `{"clientSecret": "..."}`. */
  readonly ClientSecretId?: string;
  /** Absent means HTTP_BASIC. */
  readonly AccessTokenScheme?: AccessTokenScheme;
  readonly ClientId: string;
  readonly AuthorizationUrl: string;
  readonly AccessTokenUrl: string;
  readonly Scopes: string[];
  readonly Domains: string[];
  readonly SmapiCredentialsSecretId: string;
}

/** One stage's own client, as the custom resource names it. */
export interface StageClientProperties {
  readonly ClientId: string;
  readonly ClientSecretId?: string;
}

export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  /** The stack's ID (its ARN), which the Provider framework relays from CloudFormation. */
  readonly StackId?: string;
  readonly ResourceProperties: LinkSettingsProperties & { ServiceToken?: string };
  readonly PhysicalResourceId?: string;
  /** On Update: the properties before the change. */
  readonly OldResourceProperties?: Partial<LinkSettingsProperties>;
}

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  /** Hides any response data from CloudFormation's console and API. */
  readonly NoEcho: true;
  readonly Data: Record<string, string>;
}

/** The part of the functions' Logger the handler uses; it only ever passes names, IDs and redacted text. */
export interface LinkSettingsLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** The part of the Lambda context the handler reads. */
export interface LambdaTimeContext {
  getRemainingTimeInMillis(): number;
}

export interface LinkSettingsDependencies {
  readonly cognito: CognitoIdentityProviderClient;
  readonly secrets: SecretsManagerClient;
  /** A stack's status by its ID (DescribeStacks); asked only when a Create or Update fails. */
  readonly readStackStatus: (stackId: string) => Promise<string | undefined>;
  readonly smapi: SmapiClient;
  readonly logger: LinkSettingsLogger;
  /** Time kept back from the deadline to report a failure to the framework. @default 5 s */
  readonly reserveMs?: number;
}

/** The stages in the Stage property, each one the Skill Management API takes. */
export function stagesOf(stageProperty: string): SkillStage[] {
  const stages = stageProperty.split(',').map((stage) => stage.trim());
  const wrong = stages.filter((stage) => !(SKILL_STAGES as readonly string[]).includes(stage));
  if (wrong.length > 0 || stages.length === 0) {
    throw new Error(
      `Stage ${JSON.stringify(stageProperty)} names no skill stage the settings can be written to; expected "development", "live" or "development,live".`
    );
  }
  return [...new Set(stages)] as SkillStage[];
}

/** The RequestExtras property: the optional fields for each stage, or none. */
export function requestExtrasOf(
  json: string | undefined
): Partial<Record<SkillStage, AccountLinkingRequestExtras>> {
  if (json === undefined || json === '') return {};
  const parsed = JSON.parse(json) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('RequestExtras is not a JSON object of stage to fields.');
  }
  return parsed as Partial<Record<SkillStage, AccountLinkingRequestExtras>>;
}

/**
 * A stage's own client in place of the server's: with Cognito (UserPoolId) its secret is read from
 * that app client; with another server from its own secret, which it must name.
 */
export function stageClientProperties(
  props: Pick<LinkSettingsProperties, 'UserPoolId' | 'ClientSecretId'>,
  own: StageClientProperties,
  stage: SkillStage
): Pick<LinkSettingsProperties, 'ClientId' | 'ClientSecretId' | 'UserPoolId'> {
  if (typeof own.ClientId !== 'string' || own.ClientId === '') {
    throw new Error(`StageClients.${stage} names no ClientId.`);
  }
  if (props.ClientSecretId !== undefined && !own.ClientSecretId) {
    throw new Error(
      `StageClients.${stage} names no ClientSecretId: a client on a linking server other than Cognito needs the secret holding its clientSecret.`
    );
  }
  return props.ClientSecretId !== undefined
    ? { ClientId: own.ClientId, ClientSecretId: own.ClientSecretId }
    : { ClientId: own.ClientId, UserPoolId: props.UserPoolId };
}

/** A failure of the handler, its message free of credentials and capped in length. */
export class LinkSettingsError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name === 'Error' ? 'LinkSettingsError' : name;
  }
}

const ROLLBACK_IN_PROGRESS = /ROLLBACK_IN_PROGRESS$/;

export function createOnEventHandler(deps: LinkSettingsDependencies) {
  async function stackStatus(stackId: string | undefined): Promise<string | undefined> {
    if (!stackId) return undefined;
    try {
      return await deps.readStackStatus(stackId);
    } catch (error) {
      deps.logger.warn('could not read the stack status', {
        errorName: (error as Error).name,
      });
      return undefined;
    }
  }

  return async function onEvent(
    event: OnEventRequest,
    context?: LambdaTimeContext
  ): Promise<OnEventResponse> {
    const props = event.ResourceProperties;
    const physicalResourceId = `${props.SkillId}/${props.Stage}/accountLinkingClient`;
    deps.logger.info('account-linking settings', {
      requestType: event.RequestType,
      skillId: props.SkillId,
      stage: props.Stage,
    });
    if (event.RequestType === 'Delete') {
      return {
        PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceId,
        NoEcho: true,
        Data: {},
      };
    }

    const previousSkillId = event.OldResourceProperties?.SkillId;
    if (event.RequestType === 'Update' && previousSkillId && previousSkillId !== props.SkillId) {
      deps.logger.warn(
        'skillId changed: the previous skill keeps a working client ID and secret; remove account linking from it or rotate the client',
        { previousSkillId, skillId: props.SkillId }
      );
    }
    const deadline = context
      ? Date.now() + context.getRemainingTimeInMillis() - (deps.reserveMs ?? 5000)
      : undefined;
    const held: (string | undefined)[] = [];
    try {
      await writeSettings(props, held, deadline);
    } catch (error) {
      const failure = new LinkSettingsError(
        (error as Error).name ?? 'Error',
        redactCredentials((error as Error).message ?? String(error), held)
      );
      const status = event.RequestType === 'Update' ? await stackStatus(event.StackId) : undefined;
      if (status && ROLLBACK_IN_PROGRESS.test(status)) {
        deps.logger.warn(
          'account-linking settings not restored during the rollback; the rollback goes on',
          {
            skillId: props.SkillId,
            stage: props.Stage,
            stackStatus: status,
            error: failure.message,
          }
        );
        return {
          PhysicalResourceId: event.PhysicalResourceId ?? physicalResourceId,
          NoEcho: true,
          Data: {},
        };
      }
      throw failure;
    }
    deps.logger.info('account-linking settings updated', {
      skillId: props.SkillId,
      stage: props.Stage,
    });
    return { PhysicalResourceId: physicalResourceId, NoEcho: true, Data: {} };
  };

  /** Reads both secrets, gets an API token and writes the settings; `held` collects every credential met. */
  async function writeSettings(
    props: LinkSettingsProperties,
    held: (string | undefined)[],
    deadline: number | undefined
  ): Promise<void> {
    // Checked before anything is read or sent.
    const stages = stagesOf(props.Stage);
    const extras = requestExtrasOf(props.RequestExtras);
    // Each stage's client: its own, or the linking server's.
    const clientOf = new Map(
      stages.map((stage) => {
        const own = props.StageClients?.[stage];
        return [stage, own ? stageClientProperties(props, own, stage) : props] as const;
      })
    );
    const secret = await deps.secrets.send(
      new GetSecretValueCommand({ SecretId: props.SmapiCredentialsSecretId })
    );
    held.push(secret.SecretString);
    const credentials = parseLwaCredentials(secret.SecretString, props.SmapiCredentialsSecretId);
    held.push(credentials.clientSecret, credentials.refreshToken);
    // Every secret read before any write.
    const clients = new Map<SkillStage, { clientId: string; clientSecret: string }>();
    const secrets = new Map<string, string>();
    for (const stage of stages) {
      const client = clientOf.get(stage) as LinkSettingsProperties;
      // Each client's secret once, however many stages share it.
      const clientSecret = secrets.get(client.ClientId) ?? (await clientSecretFor(client, held));
      secrets.set(client.ClientId, clientSecret);
      clients.set(stage, { clientId: client.ClientId, clientSecret });
    }
    const accessToken = await deps.smapi.accessToken(credentials, { deadline });
    held.push(accessToken);
    // One stage after the other, with the same token: with several, a failure names the stage.
    for (const stage of stages) {
      const { clientId, clientSecret } = clients.get(stage) as {
        clientId: string;
        clientSecret: string;
      };
      const body = accountLinkingRequestBody(
        {
          authorizationUrl: props.AuthorizationUrl,
          accessTokenUrl: props.AccessTokenUrl,
          clientId,
          scopes: props.Scopes,
          domains: props.Domains,
          accessTokenScheme: props.AccessTokenScheme,
        },
        clientSecret,
        extras[stage] ?? {}
      );
      try {
        await deps.smapi.updateAccountLinking(props.SkillId, stage, body, accessToken, {
          deadline,
        });
      } catch (error) {
        if (stages.length > 1 && error instanceof Error) {
          error.message = `${stage} stage: ${error.message}`;
        }
        throw error;
      }
    }
  }

  /** The linking server's client secret: from its Secrets Manager secret, or from the Cognito app client. */
  async function clientSecretFor(
    props: Pick<LinkSettingsProperties, 'ClientId' | 'ClientSecretId' | 'UserPoolId'>,
    held: (string | undefined)[]
  ): Promise<string> {
    if (props.ClientSecretId) {
      const secret = await deps.secrets.send(
        new GetSecretValueCommand({ SecretId: props.ClientSecretId })
      );
      held.push(secret.SecretString);
      const clientSecret = parseClientSecret(secret.SecretString, props.ClientSecretId);
      held.push(clientSecret);
      return clientSecret;
    }
    const client = await deps.cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: props.UserPoolId, ClientId: props.ClientId })
    );
    const clientSecret = client.UserPoolClient?.ClientSecret;
    held.push(clientSecret);
    if (!clientSecret) {
      throw new Error(
        `App client ${props.ClientId} of user pool ${props.UserPoolId} has no client secret; the Alexa client must be created with one.`
      );
    }
    return clientSecret;
  }
}
