/**
 * The smart home skill linked through Login with Amazon and through an OIDC server (Auth0):
 * the same directive handler behind the verifier port, with each server's real adapter, the
 * device table on dynalite. What matters for the user's link: a token the server refuses is
 * INVALID_AUTHORIZATION_CREDENTIAL, an expired one EXPIRED_..., an outage never either of them.
 */
import { createLoginWithAmazonVerifier } from '../../../lambda/verifiers/login-with-amazon/lwa-linking-verifier';
import { createOidcLinkingVerifier } from '../../../lambda/verifiers/oidc/oidc-linking-verifier';
import type { DirectiveHandler } from '../../../lambda/runtime/smart-home/handle-directive';
import { discover, turnOn } from '../../support/directives';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import { generateTestKey, jwksOf, signRs256 } from '../../support/jwt';
import {
  ADA,
  LWA_CLIENT_ID,
  OTHER_LWA_CLIENT_ID,
  startLwaStandIn,
  type LwaStandIn,
} from '../../support/lwa-stand-in';
import { assertWellFormedEvent, type SmartHomeEvent } from '../../support/smart-home-events';
import { buildHandler, freshDeviceTable } from '../../support/smart-home-harness';

let dynamo: LocalDynamo;
let tableName: string;
beforeAll(async () => {
  dynamo = await startDynalite();
}, 60_000);
afterAll(() => dynamo.close());
beforeEach(async () => {
  tableName = await freshDeviceTable(dynamo);
});

async function send(handler: DirectiveHandler, envelope: unknown): Promise<SmartHomeEvent> {
  const event = await handler(envelope);
  assertWellFormedEvent(event);
  return event;
}
const headerOf = (event: SmartHomeEvent) => [event.event.header.namespace, event.event.header.name];
const errorTypeOf = (event: SmartHomeEvent) => event.event.payload.type;
const endpointIdOf = (event: SmartHomeEvent) =>
  (event.event.payload.endpoints as { endpointId: string }[])[0]?.endpointId as string;

describe('linked through Login with Amazon', () => {
  let lwa: LwaStandIn;
  let handler: DirectiveHandler;
  beforeAll(async () => {
    lwa = await startLwaStandIn();
  });
  afterAll(() => lwa.close());
  beforeEach(() => {
    lwa.tokenInfoBehaviour = 'serve';
    handler = buildHandler({
      verifier: createLoginWithAmazonVerifier(
        { lwaClientId: LWA_CLIENT_ID },
        { tokenInfoUrl: lwa.tokenInfoUrl, profileUrl: lwa.profileUrl }
      ),
      dynamo,
      tableName,
    });
  });

  test("discovers the Amazon account's lamp and turns it on", async () => {
    const token = lwa.issue();
    const discovered = await send(handler, discover(token));
    expect(headerOf(discovered)).toEqual(['Alexa.Discovery', 'Discover.Response']);
    const lamp = endpointIdOf(discovered);
    const on = await send(handler, turnOn(token, lamp));
    expect(headerOf(on)).toEqual(['Alexa', 'Response']);
    expect(on.context?.properties).toContainEqual(
      expect.objectContaining({ namespace: 'Alexa.PowerController', value: 'ON' })
    );
    // The profile is never read for a directive: token-info only.
    expect(lwa.callsTo('/user/profile')).toBe(0);
  });

  test('another Amazon account cannot turn on that lamp, even knowing its ID', async () => {
    const lamp = endpointIdOf(await send(handler, discover(lwa.issue())));
    const other = lwa.issue({
      account: { userId: 'amzn1.account.AOTHERUSER000000000000000', name: 'Bo', email: 'b@x.io' },
    });
    expect(errorTypeOf(await send(handler, turnOn(other, lamp)))).toBe('NO_SUCH_ENDPOINT');
  });

  test.each([
    ['a token minted for another client', () => lwa.issue({ aud: OTHER_LWA_CLIENT_ID })],
    ['a token Amazon does not know (invalid_token)', () => 'Atza|' + 'x'.repeat(380)],
  ])('%s: INVALID_AUTHORIZATION_CREDENTIAL', async (_name, token) => {
    expect(errorTypeOf(await send(handler, discover(token())))).toBe(
      'INVALID_AUTHORIZATION_CREDENTIAL'
    );
  });

  test('token-info failing: INTERNAL_ERROR, which keeps the link', async () => {
    lwa.tokenInfoBehaviour = 'fail';
    expect(errorTypeOf(await send(handler, discover(lwa.issue())))).toBe('INTERNAL_ERROR');
  });

  test('the stored user is the Amazon user_id the token verified as', async () => {
    const token = lwa.issue({ account: ADA });
    const lamp = endpointIdOf(await send(handler, discover(token)));
    expect(lamp).not.toContain(ADA.userId);
    expect(headerOf(await send(handler, turnOn(token, lamp)))).toEqual(['Alexa', 'Response']);
  });
});

describe('linked through an OIDC server (Auth0)', () => {
  const key = generateTestKey('auth0-smart-home');
  const ISSUER = 'https://tenant.eu.auth0.example/';
  const AUDIENCE = 'https://api.smart-lamp.example';
  const now = () => Math.floor(Date.now() / 1000);
  const tokenOf = (claims: Record<string, unknown> = {}) =>
    signRs256(key, {
      iss: ISSUER,
      sub: 'auth0|64f1c2b7e3d4a4b8c9e0f1a2',
      aud: [AUDIENCE, `${ISSUER}userinfo`],
      iat: now() - 60,
      exp: now() + 3600,
      scope: 'openid profile email offline_access',
      ...claims,
    });
  let handler: DirectiveHandler;
  beforeEach(() => {
    const verifier = createOidcLinkingVerifier({
      oidcIssuer: ISSUER,
      oidcAudience: AUDIENCE,
      oidcClientId: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      oidcJwksUrl: `${ISSUER}.well-known/jwks.json`,
    });
    verifier.cacheJwks(jwksOf(key));
    handler = buildHandler({ verifier, dynamo, tableName });
  });

  test('discovers and controls the lamp of the token’s subject', async () => {
    const token = tokenOf();
    const lamp = endpointIdOf(await send(handler, discover(token)));
    expect(headerOf(await send(handler, turnOn(token, lamp)))).toEqual(['Alexa', 'Response']);
  });

  test.each([
    ['expired', { exp: now() - 10 }, 'EXPIRED_AUTHORIZATION_CREDENTIAL'],
    ['for another audience', { aud: 'https://other.example' }, 'INVALID_AUTHORIZATION_CREDENTIAL'],
    [
      'from another issuer',
      { iss: 'https://other.eu.auth0.example/' },
      'INVALID_AUTHORIZATION_CREDENTIAL',
    ],
  ])('a token %s: %s', async (_name, claims, type) => {
    expect(errorTypeOf(await send(handler, discover(tokenOf(claims))))).toBe(type);
  });

  test('an opaque (non-JWT) token is refused as invalid', async () => {
    expect(errorTypeOf(await send(handler, discover('opaque-token-without-dots')))).toBe(
      'INVALID_AUTHORIZATION_CREDENTIAL'
    );
  });
});
