/**
 * A skill stage's own client in `skillStages` (a separate Cognito client for live, or the live
 * client of a Login with Amazon or OIDC server): each key with each server, the literal one-line
 * errors, and what the stages read. Pure: no stack, no synthesis.
 */
import { readAccountLinkingRequestSettings } from '../../lib/app-settings/account-linking-request-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import type { LinkingServerName } from '../../lib/app-settings/linking-server-settings';
import {
  assertStackClientServesAStage,
  readStageClient,
  serverStageClientIds,
} from '../../lib/app-settings/stage-client-settings';

const LWA_LIVE = 'amzn1.application-oa2-client.fedcba9876543210fedcba9876543210';
const OIDC_LIVE = 'Live7AbC9dEfGhIjKlMnOpQrStUvWx12';

const stagesOf = (skillStages: unknown, server: LinkingServerName) =>
  readAccountLinkingRequestSettings(
    (key) => (key === 'skillStages' ? skillStages : undefined),
    server
  ).skillStages;

function errorOf(action: () => unknown): InvalidSettingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingError);
    return error as InvalidSettingError;
  }
  throw new Error('expected an InvalidSettingError');
}

describe('a stage of its own client', () => {
  test.each([
    ['cognito', { separateClient: true }, { kind: 'separate-cognito-client' }],
    ['cognito', { separateClient: 'true' }, { kind: 'separate-cognito-client' }],
    ['cognito', { separateClient: false }, undefined],
    ['cognito', { separateClient: 'false' }, undefined],
    ['cognito', {}, undefined],
    [
      'login-with-amazon',
      { lwaClientId: LWA_LIVE, lwaClientSecretName: 'alexa/lwa-live' },
      { kind: 'server-client', clientId: LWA_LIVE, clientSecretName: 'alexa/lwa-live' },
    ],
    ['login-with-amazon', { lwaClientId: LWA_LIVE }, { kind: 'server-client', clientId: LWA_LIVE }],
    [
      'oidc',
      { oidcClientId: OIDC_LIVE, oidcClientSecretName: 'alexa/auth0-live' },
      { kind: 'server-client', clientId: OIDC_LIVE, clientSecretName: 'alexa/auth0-live' },
    ],
    ['oidc', { oidcClientId: '' }, undefined],
  ] as const)('%s %j reads as %j', (server, values, client) => {
    expect(readStageClient(values, 'live', server)).toEqual(client);
  });

  test('skillStages carries each stage its client, and the stage without one none', () => {
    // GIVEN live with its own OIDC application WHEN read
    const stages = stagesOf(
      { development: {}, live: { oidcClientId: OIDC_LIVE, oidcClientSecretName: 'alexa/live' } },
      'oidc'
    );
    // THEN
    expect(stages).toEqual([
      { stage: 'development', options: {} },
      {
        stage: 'live',
        options: {},
        client: { kind: 'server-client', clientId: OIDC_LIVE, clientSecretName: 'alexa/live' },
      },
    ]);
    expect(serverStageClientIds(stages)).toEqual([OIDC_LIVE]);
  });

  test('from -c as JSON text, the Cognito separate client for live', () => {
    expect(stagesOf('{"development": {}, "live": {"separateClient": true}}', 'cognito')).toEqual([
      { stage: 'development', options: {} },
      { stage: 'live', options: {}, client: { kind: 'separate-cognito-client' } },
    ]);
  });

  test.each([
    [
      'separateClient with an OIDC server',
      'oidc',
      { separateClient: true },
      'Invalid skillStages.live.separateClient: received true (boolean). Expected no value with linkingServer "oidc"; a stage\'s own client is "oidcClientId" with "oidcClientSecretName" for this server.',
    ],
    [
      'an OIDC client with Cognito',
      'cognito',
      { oidcClientId: OIDC_LIVE },
      `Invalid skillStages.live.oidcClientId: received "${OIDC_LIVE}". Expected no value with linkingServer "cognito"; a stage's own client is "separateClient" for this server.`,
    ],
    [
      'a Login with Amazon client with an OIDC server',
      'oidc',
      { lwaClientId: LWA_LIVE },
      `Invalid skillStages.live.lwaClientId: received "${LWA_LIVE}". Expected no value with linkingServer "oidc"; a stage's own client is "oidcClientId" with "oidcClientSecretName" for this server.`,
    ],
    [
      'separateClient yes',
      'cognito',
      { separateClient: 'yes' },
      'Invalid skillStages.live.separateClient: received "yes". Expected true (a second Alexa app client on the same user pool, with its own secret, for this stage) or false (the default: the stack\'s Alexa client).',
    ],
    [
      'a secret without its client',
      'oidc',
      { oidcClientSecretName: 'alexa/live' },
      "Invalid skillStages.live.oidcClientId: received nothing (the setting is missing). Expected the live stage's own client ID beside skillStages.live.oidcClientSecretName, which holds that client's secret.",
    ],
    [
      'a Login with Amazon client ID of the wrong form',
      'login-with-amazon',
      { lwaClientId: 'amzn1.application-oa2-client.XYZ' },
      'Invalid skillStages.live.lwaClientId: received "amzn1.application-oa2-client.XYZ". Expected the Client ID of a Login with Amazon security profile, "amzn1.application-oa2-client." followed by 32 lower-case hex digits (Login with Amazon console > Security Profiles > Web Settings).',
    ],
    [
      'an OIDC client ID with a comma',
      'oidc',
      { oidcClientId: 'a,b' },
      'Invalid skillStages.live.oidcClientId: received "a,b". Expected the client ID of the live stage\'s own application on your OIDC server (printable, no spaces or commas), e.g. "Live7AbC9dEfGhIjKlMnOpQrStUvWx12".',
    ],
    [
      'an OIDC client ID with a space',
      'oidc',
      { oidcClientId: 'a b' },
      'Invalid skillStages.live.oidcClientId: received "a b". Expected the client ID of the live stage\'s own application on your OIDC server (printable, no spaces or commas), e.g. "Live7AbC9dEfGhIjKlMnOpQrStUvWx12".',
    ],
    [
      'an OIDC client ID that is not a string',
      'oidc',
      { oidcClientId: 42 },
      'Invalid skillStages.live.oidcClientId: received 42 (number). Expected the client ID of the live stage\'s own application on your OIDC server (printable, no spaces or commas), e.g. "Live7AbC9dEfGhIjKlMnOpQrStUvWx12".',
    ],
  ] as const)('fails on %s', (_, server, values, message) => {
    expect(errorOf(() => readStageClient(values, 'live', server)).message).toBe(message);
  });

  test('a bad secret name is named with its stage', () => {
    expect(
      errorOf(() =>
        readStageClient(
          { lwaClientId: LWA_LIVE, lwaClientSecretName: 'arn:aws:ssm:x' },
          'live',
          'login-with-amazon'
        )
      ).setting
    ).toBe('skillStages.live.lwaClientSecretName');
  });

  test('a separate client on every stage listed is refused: the stack client would serve none', () => {
    expect(errorOf(() => stagesOf({ live: { separateClient: true } }, 'cognito')).message).toBe(
      'Invalid skillStages.live.separateClient: received true (boolean). Expected true on one stage only while another stage listed in skillStages keeps the stack\'s Alexa client (e.g. {"development": {}, "live": {"separateClient": true}}); with live alone, leave separateClient out: the stack\'s client is already theirs.'
    );
    expect(
      errorOf(() =>
        assertStackClientServesAStage([
          { stage: 'development', client: { kind: 'separate-cognito-client' } },
          { stage: 'live', client: { kind: 'separate-cognito-client' } },
        ])
      ).message
    ).toContain('with development and live alone');
    expect(() =>
      assertStackClientServesAStage([
        { stage: 'development' },
        { stage: 'live', client: { kind: 'separate-cognito-client' } },
      ])
    ).not.toThrow();
    expect(() => assertStackClientServesAStage([])).not.toThrow();
  });

  test('client IDs on another server are listed once each, in stage order', () => {
    expect(
      serverStageClientIds([
        { client: { kind: 'server-client', clientId: 'b' } },
        {},
        { client: { kind: 'separate-cognito-client' } },
        { client: { kind: 'server-client', clientId: 'a' } },
        { client: { kind: 'server-client', clientId: 'b' } },
      ])
    ).toEqual(['b', 'a']);
  });
});
