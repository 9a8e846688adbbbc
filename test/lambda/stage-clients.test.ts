/**
 * A skill stage with its own client (a separate client for live): the skill, built from the
 * environment the stack sets (STAGE_CLIENT_IDS beside the server's client), accepts the tokens of
 * the server's client and of the live client, and refuses a third client's as invalid. Real RS256
 * keys and the real aws-jwt-verify (Cognito, OIDC), the key set fetched over loopback HTTPS;
 * Login with Amazon's token-info as a loopback stand-in.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { buildSkill } from '../../lambda/custom-skill/build-skill';
import { createLinkingVerifier, type LinkingVerifierOptions } from '../../lambda/verifiers';
import { createJwksFetcher } from '../../lambda/verifiers/shared/jwks-fetcher';
import { launchRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import {
  CLIENT_ID,
  ISSUER as COGNITO_ISSUER,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../support/jwt';
import {
  loopbackRequestOptions,
  sendJson,
  startHttpsServer,
  testTlsMaterial,
  type LoopbackServer,
} from '../support/loopback';
import {
  LWA_CLIENT_ID,
  OTHER_LWA_CLIENT_ID,
  startLwaStandIn,
  type LwaStandIn,
} from '../support/lwa-stand-in';
import { captureOutput } from '../support/output-capture';

const key = generateTestKey('stage-clients-key');
const LIVE_CLIENT_ID = 'liveclient0123456789abcdef';
const THIRD_CLIENT_ID = 'thirdclient0123456789abcde';
const now = () => Math.floor(Date.now() / 1000);

const INVALID_SSML =
  "<speak>I couldn't verify your Linked Greeter account link. I've sent a card to the Alexa app: open it to link your account again.</speak>";

let jwksServer: LoopbackServer;
let lwa: LwaStandIn;
beforeAll(async () => {
  jwksServer = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  lwa = await startLwaStandIn();
});
afterAll(() => Promise.all([jwksServer.close(), lwa.close()]));

/** The skill as its Lambda entry builds it: the verifier from the environment, the real logger. */
function skillFrom(env: Record<string, string>, options: LinkingVerifierOptions) {
  const skill = buildSkill({
    skillId: SKILL_ID,
    verifier: createLinkingVerifier(env, options),
    logger: new Logger({ serviceName: 'stage-clients-test' }),
  });
  return async (envelope: RequestEnvelope) => {
    const { result } = await captureOutput(() => skill.invoke(envelope));
    return result as ResponseEnvelope;
  };
}

const ssmlOf = (response: ResponseEnvelope) =>
  (response.response.outputSpeech as { ssml: string } | undefined)?.ssml;

/** Linked: the greeting, without the LinkAccount card. */
function expectLinked(response: ResponseEnvelope) {
  expect(response.response.card).toBeUndefined();
  expect(ssmlOf(response)).toMatch(/^<speak>Welcome back/);
}

/** Refused as invalid: the re-link reply and the LinkAccount card. */
function expectInvalid(response: ResponseEnvelope) {
  expect({ ssml: ssmlOf(response), card: response.response.card }).toEqual({
    ssml: INVALID_SSML,
    card: { type: 'LinkAccount' },
  });
}

describe('Cognito: the stack client and the live stage client (aws-jwt-verify clientId list)', () => {
  const env = {
    USER_POOL_ID,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    // The userInfo call fails closed to a greeting without a name: no server needed for it.
    SIGN_IN_DOMAIN_URL: 'https://127.0.0.1:1',
    STAGE_CLIENT_IDS: LIVE_CLIENT_ID,
  };
  const fetcher = () =>
    createJwksFetcher({ requestOptions: loopbackRequestOptions(jwksServer), cooldownMs: 0 });
  const token = (clientId: string) => signRs256(key, accessTokenClaims({ client_id: clientId }));

  test.each([
    ['the stack client', CLIENT_ID],
    ['the live client', LIVE_CLIENT_ID],
  ])('a token of %s is linked', async (_, clientId) => {
    const invoke = skillFrom(env, { cognito: { fetcher: fetcher() } });
    expectLinked(await invoke(launchRequest({ accessToken: token(clientId) })));
  });

  test('a token of a third client of the same pool is invalid', async () => {
    const invoke = skillFrom(env, { cognito: { fetcher: fetcher() } });
    expect(accessTokenClaims({ client_id: THIRD_CLIENT_ID }).iss).toBe(COGNITO_ISSUER);
    expectInvalid(await invoke(launchRequest({ accessToken: token(THIRD_CLIENT_ID) })));
  });

  test('without STAGE_CLIENT_IDS the live client is refused as well', async () => {
    const { STAGE_CLIENT_IDS: _, ...single } = env;
    const invoke = skillFrom(single, { cognito: { fetcher: fetcher() } });
    expectInvalid(await invoke(launchRequest({ accessToken: token(LIVE_CLIENT_ID) })));
  });
});

describe('OIDC: the Alexa application and the live application (azp)', () => {
  const ISSUER = 'https://tenant.eu.auth0.example/';
  const AUDIENCE = 'https://api.linked-greeter.example';
  const ALEXA_APP = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  const LIVE_APP = 'Live7AbC9dEfGhIjKlMnOpQrStUvWx12';
  const env = () => ({
    LINKING_SERVER: 'oidc',
    OIDC_ISSUER: ISSUER,
    OIDC_AUDIENCE: AUDIENCE,
    OIDC_CLIENT_ID: ALEXA_APP,
    OIDC_JWKS_URL: `${jwksServer.url}/.well-known/jwks.json`,
    STAGE_CLIENT_IDS: LIVE_APP,
  });
  const options = () => ({
    oidc: {
      fetcher: createJwksFetcher({ requestOptions: { ca: testTlsMaterial().cert }, cooldownMs: 0 }),
    },
  });
  const token = (azp: string) =>
    signRs256(key, {
      iss: ISSUER,
      sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
      aud: [AUDIENCE, `${ISSUER}userinfo`],
      iat: now() - 60,
      exp: now() + 3600,
      azp,
      scope: 'openid profile email offline_access',
    });

  test.each([
    ['the Alexa application', ALEXA_APP],
    ['the live application', LIVE_APP],
  ])('a token of %s is linked', async (_, azp) => {
    expectLinked(await skillFrom(env(), options())(launchRequest({ accessToken: token(azp) })));
  });

  test('a token of a third application of the same server and API is invalid', async () => {
    expectInvalid(
      await skillFrom(env(), options())(launchRequest({ accessToken: token('ThirdAppXyz0123') }))
    );
  });
});

describe('Login with Amazon: the security profile and the live one (token-info aud)', () => {
  const THIRD_LWA_CLIENT_ID = 'amzn1.application-oa2-client.00000000000000000000000000000003';
  const env = {
    LINKING_SERVER: 'login-with-amazon',
    LWA_CLIENT_ID,
    STAGE_CLIENT_IDS: OTHER_LWA_CLIENT_ID,
  };
  const options = () => ({
    loginWithAmazon: { tokenInfoUrl: lwa.tokenInfoUrl, profileUrl: lwa.profileUrl },
  });

  test.each([
    ['the security profile', LWA_CLIENT_ID],
    ['the live security profile', OTHER_LWA_CLIENT_ID],
  ])('a token of %s is linked', async (_, aud) => {
    expectLinked(
      await skillFrom(env, options())(launchRequest({ accessToken: lwa.issue({ aud }) }))
    );
  });

  test('a token of a third security profile is invalid', async () => {
    expectInvalid(
      await skillFrom(
        env,
        options()
      )(launchRequest({ accessToken: lwa.issue({ aud: THIRD_LWA_CLIENT_ID }) }))
    );
  });
});
