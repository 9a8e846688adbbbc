import type { SkillStage } from '../../lambda/link-settings/account-linking-request';
import { InvalidSettingError } from './invalid-setting-error';
import {
  assertIsLwaClientId,
  secretNameSetting,
  type LinkingServerName,
} from './linking-server-settings';

/**
 * A skill stage's own client (issue 21: "a separate client for live"), from the stage's entry in
 * `skillStages`. With Cognito the stack creates a second Alexa app client on the same pool
 * (`separateClient`); with Login with Amazon or OIDC the client lives on that server, and the
 * stage names it with the same keys as the top-level ones. Pure functions only.
 */

/** The keys of a stage's own client, per linking server, named as the top-level keys are. */
export const STAGE_CLIENT_KEYS_OF: Readonly<Record<LinkingServerName, readonly string[]>> = {
  cognito: ['separateClient'],
  'login-with-amazon': ['lwaClientId', 'lwaClientSecretName'],
  oidc: ['oidcClientId', 'oidcClientSecretName'],
};
/** Every key a stage's entry may hold for its own client, whatever the server. */
export const STAGE_CLIENT_KEYS: readonly string[] = Object.values(STAGE_CLIENT_KEYS_OF).flat();

/** A stage's own client: a second Cognito client the stack creates, or one on another server. */
export type StageClient =
  | { readonly kind: 'separate-cognito-client' }
  | {
      readonly kind: 'server-client';
      /** The client ID on the linking server, which that stage's tokens name. */
      readonly clientId: string;
      /** Secrets Manager secret (name or ARN) whose JSON field `clientSecret` holds its secret. */
      readonly clientSecretName?: string;
    };

// An OIDC client ID: printable, no spaces, and no comma (the skill's STAGE_CLIENT_IDS list is
// comma-separated).
const OIDC_CLIENT_ID = /^[\x21-\x2b\x2d-\x7e]{1,512}$/;

/** True for a client ID an OIDC server may issue: printable, without spaces or commas. */
export function isOidcClientId(value: unknown): value is string {
  return typeof value === 'string' && OIDC_CLIENT_ID.test(value);
}

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The client of one stage's entry, or undefined when the stage uses the stack's client. Throws an
 * InvalidSettingError naming `skillStages.<stage>.<key>` for a key of another linking server or a
 * bad value.
 */
export function readStageClient(
  values: Readonly<Record<string, unknown>>,
  stage: SkillStage,
  linkingServer: LinkingServerName
): StageClient | undefined {
  const key = (name: string) => `skillStages.${stage}.${name}`;
  const own = STAGE_CLIENT_KEYS_OF[linkingServer];
  const foreign = STAGE_CLIENT_KEYS.find((name) => !own.includes(name) && given(values[name]));
  if (foreign !== undefined) {
    throw new InvalidSettingError(
      key(foreign),
      values[foreign],
      `no value with linkingServer "${linkingServer}"; a stage's own client is ${own.map((name) => `"${name}"`).join(' with ')} for this server`
    );
  }
  if (linkingServer === 'cognito') return separateClient(key('separateClient'), values);
  const [idKey, secretKey] = own as [string, string];
  const clientId = values[idKey];
  const secretName = values[secretKey];
  if (!given(clientId)) {
    if (given(secretName)) {
      throw new InvalidSettingError(
        key(idKey),
        clientId,
        `the ${stage} stage's own client ID beside ${key(secretKey)}, which holds that client's secret`
      );
    }
    return undefined;
  }
  if (linkingServer === 'login-with-amazon') {
    assertIsLwaClientId(clientId as string, key(idKey));
  } else if (!isOidcClientId(clientId)) {
    throw new InvalidSettingError(
      key(idKey),
      clientId,
      `the client ID of the ${stage} stage's own application on your OIDC server (printable, no spaces or commas), e.g. "Live7AbC9dEfGhIjKlMnOpQrStUvWx12"`
    );
  }
  const clientSecretName = secretNameSetting(key(secretKey), secretName);
  return {
    kind: 'server-client',
    clientId: clientId as string,
    ...(clientSecretName !== undefined && { clientSecretName }),
  };
}

function separateClient(
  key: string,
  values: Readonly<Record<string, unknown>>
): StageClient | undefined {
  const value = values.separateClient;
  if (!given(value) || value === false || value === 'false') return undefined;
  if (value === true || value === 'true') return { kind: 'separate-cognito-client' };
  throw new InvalidSettingError(
    key,
    value,
    "true (a second Alexa app client on the same user pool, with its own secret, for this stage) or false (the default: the stack's Alexa client)"
  );
}

/**
 * With Cognito, one listed stage at least keeps the stack's Alexa client: a separate client for
 * every stage would leave it serving none.
 */
export function assertStackClientServesAStage(
  stages: readonly { readonly stage: SkillStage; readonly client?: StageClient }[]
): void {
  const separate = stages.filter((s) => s.client?.kind === 'separate-cognito-client');
  if (separate.length === 0 || separate.length < stages.length) return;
  const last = separate[separate.length - 1] as { stage: SkillStage };
  throw new InvalidSettingError(
    `skillStages.${last.stage}.separateClient`,
    true,
    `true on one stage only while another stage listed in skillStages keeps the stack's Alexa client (e.g. {"development": {}, "live": {"separateClient": true}}); with ${separate.map((s) => s.stage).join(' and ')} alone, leave separateClient out: the stack's client is already theirs`
  );
}

/** The client IDs of the stages with a client on another server, in stage order, unique. */
export function serverStageClientIds(
  stages: readonly { readonly client?: StageClient }[]
): string[] {
  return [
    ...new Set(
      stages.flatMap((s) => (s.client?.kind === 'server-client' ? [s.client.clientId] : []))
    ),
  ];
}
