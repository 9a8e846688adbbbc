/**
 * The smart home handler wired as the entry wires it, with real parts: the Cognito verifier with
 * a locally generated key set, the DynamoDB store on dynalite (tables from the synthesized
 * template), and the LWA exchange against a loopback stand-in, its credentials read through the
 * Secrets Manager client (mocked with aws-sdk-client-mock by the test).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createAccessTokenVerifier } from '../../lambda/verifiers/cognito/access-token-verifier';
import { createSecretsManagerEventsCredentials } from '../../lambda/adapters/alexa-events-credentials';
import { createLwaGrantExchange } from '../../lambda/adapters/alexa-grant-exchange';
import { createDynamoDbDeviceStore } from '../../lambda/adapters/device-store-dynamodb';
import type { DeviceStore, GrantExchange } from '../../lambda/core/smart-home/ports';
import type { SmartHomeDevicePort } from '../../lambda/core/smart-home/device-port';
import { createLampPort } from '../../lambda/runtime/smart-home/lamp-port';
import { cognitoLinkingVerifier } from '../../lambda/verifiers/cognito/cognito-linking-verifier';
import type { UserInfoClient } from '../../lambda/verifiers/shared/user-info-client';
import {
  createDirectiveHandler,
  type DirectiveHandler,
} from '../../lambda/runtime/smart-home/handle-directive';
import type { LinkingVerifier } from '../../lambda/verifiers/linking-verifier';
import { synthAccountLinkingStack } from './infra';
import { CLIENT_ID, USER_POOL_ID, accessTokenClaims, jwksOf, signRs256, type TestKey } from './jwt';
import { createTablesFromTemplate, type LocalDynamo } from './dynalite';

export const EVENTS_SECRET_ID = 'alexa/events-credentials';
export const DEVICE_TABLE_LOGICAL_ID = 'SmartHomeDeviceTable';

/** The synthesized smart home stack's template (no bundling), for its table definitions. */
export function smartHomeTemplate() {
  return synthAccountLinkingStack({ skillType: 'smart-home' }).template.toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
}

/** A fresh device table on the server, created from the synthesized template's key schema. */
export async function freshDeviceTable(
  dynamo: LocalDynamo,
  template = smartHomeTemplate()
): Promise<string> {
  const tables = await createTablesFromTemplate(dynamo.client, template);
  const name = tables[DEVICE_TABLE_LOGICAL_ID];
  if (!name) throw new Error(`the template has no ${DEVICE_TABLE_LOGICAL_ID}`);
  return name;
}

/** The Cognito verifier behind the port, its key set loaded without a fetch. */
export function cognitoVerifierWith(...keys: TestKey[]): LinkingVerifier {
  const verifier = createAccessTokenVerifier({
    userPoolId: USER_POOL_ID,
    userPoolClientId: CLIENT_ID,
  });
  verifier.cacheJwks(jwksOf(...keys));
  return cognitoLinkingVerifier(verifier, NO_PROFILES);
}

/** Smart home replies greet nobody, so the profile side of the port is never asked. */
export const NO_PROFILES: UserInfoClient = {
  profileFor: () => Promise.reject(new Error('a smart home directive read a user profile')),
};

export function grantExchangeAt(tokenUrl: string, timeoutMs?: number): GrantExchange {
  return createLwaGrantExchange({
    credentials: createSecretsManagerEventsCredentials({
      client: () => new SecretsManagerClient({ region: 'us-east-1' }),
      secretId: EVENTS_SECRET_ID,
    }),
    tokenUrl,
    timeoutMs,
  });
}

/**
 * The handler as the entry builds it: the lamp port over `devices` (default: the DynamoDB store on
 * `dynamo`'s `tableName`), which also keeps the AcceptGrant tokens; or over another `port`.
 */
export function buildHandler(options: {
  readonly verifier: LinkingVerifier;
  readonly devices?: DeviceStore;
  readonly port?: SmartHomeDevicePort;
  readonly dynamo?: LocalDynamo;
  readonly tableName?: string;
  readonly grantExchange?: GrantExchange;
  readonly logger?: Logger;
}): DirectiveHandler {
  const devices =
    options.devices ??
    createDynamoDbDeviceStore({
      client: requireDefined(options.dynamo, 'dynamo').client,
      tableName: requireDefined(options.tableName, 'tableName'),
    });
  return createDirectiveHandler({
    verifier: options.verifier,
    devices: options.port ?? createLampPort({ devices }),
    grantExchange: options.grantExchange,
    grantStore: devices,
    logger: options.logger ?? new Logger({ serviceName: 'smart-home-test', logLevel: 'SILENT' }),
  });
}

function requireDefined<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`buildHandler needs ${name}`);
  return value;
}

/** A Cognito access token for a user: the same key, a different `sub`. */
export function tokenFor(key: TestKey, sub: string, overrides: Record<string, unknown> = {}) {
  return signRs256(key, accessTokenClaims({ sub, username: sub, ...overrides }));
}
