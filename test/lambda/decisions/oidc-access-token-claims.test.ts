/**
 * oidcAccessTokenProblem, pure: the claims each common server puts in a user's access token for
 * the Alexa client pass; a token for another client, a machine-to-machine token, an ID token and
 * a token without a numeric `exp` do not.
 */
import {
  CLIENT_CLAIMS,
  oidcAccessTokenProblem,
} from '../../../lambda/verifiers/oidc/access-token-claims';

const ALEXA = 'alexa-app';
const base = {
  iss: 'https://id.example.com/',
  sub: 'user-1',
  aud: 'https://api.example.com',
  exp: 1_900_000_000,
};
const claims = (overrides: Record<string, unknown>) => ({ ...base, ...overrides });

describe('oidcAccessTokenProblem', () => {
  test('the client claims, in the order they are read', () => {
    expect(CLIENT_CLAIMS).toStrictEqual(['azp', 'client_id', 'cid']);
  });

  test.each<[string, Record<string, unknown>]>([
    ['Auth0 (azp, aud list)', { azp: ALEXA, aud: ['https://api.example.com', 'x/userinfo'] }],
    ['Okta (cid, uid)', { cid: ALEXA, uid: '00u1' }],
    ['RFC 9068 (client_id)', { client_id: ALEXA }],
    ['Keycloak (azp, typ Bearer)', { azp: ALEXA, typ: 'Bearer', preferred_username: 'ada' }],
    ['every client claim naming the Alexa client', { azp: ALEXA, client_id: ALEXA, cid: ALEXA }],
    ['no client claim, aud not the client', {}],
    ['aud the client ID, named by azp', { aud: ALEXA, azp: ALEXA }],
    ['aud a list with the client ID, named by cid', { aud: ['a', ALEXA], cid: ALEXA }],
    ['a grant type other than client credentials', { azp: ALEXA, gty: 'password' }],
    ['a grant type list without client credentials', { azp: ALEXA, gty: ['refresh_token'] }],
    [
      'a username that merely contains service-account',
      { azp: ALEXA, preferred_username: 'my-service-account-x' },
    ],
    ['a subject that merely contains @clients', { sub: 'ada@clients.example.com' }],
    ['exp 0', { exp: 0 }],
  ])('%s passes', (_case, overrides) => {
    expect(oidcAccessTokenProblem(claims(overrides), ALEXA)).toBeUndefined();
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['no exp', { exp: undefined }, 'malformed'],
    ['exp a string', { exp: '1900000000' }, 'malformed'],
    ['exp NaN', { exp: Number.NaN }, 'malformed'],
    ['exp Infinity', { exp: Number.POSITIVE_INFINITY }, 'malformed'],
    ['azp another client', { azp: 'other' }, 'wrong-client'],
    ['client_id another client', { client_id: 'other' }, 'wrong-client'],
    ['cid another client', { cid: 'other' }, 'wrong-client'],
    ['azp right, cid wrong', { azp: ALEXA, cid: 'other' }, 'wrong-client'],
    ['azp not a string', { azp: [ALEXA] }, 'wrong-client'],
    ['azp null', { azp: null }, 'wrong-client'],
    [
      'Auth0 gty client-credentials',
      { azp: ALEXA, gty: 'client-credentials' },
      'machine-to-machine',
    ],
    [
      'Auth0 gty list with client-credentials',
      { gty: ['x', 'client-credentials'] },
      'machine-to-machine',
    ],
    ['Auth0 sub <client>@clients', { azp: ALEXA, sub: `${ALEXA}@clients` }, 'machine-to-machine'],
    ['Okta sub = cid', { cid: ALEXA, sub: ALEXA }, 'machine-to-machine'],
    ['sub = the client ID with no client claim', { sub: ALEXA }, 'machine-to-machine'],
    [
      'Keycloak service account',
      { azp: ALEXA, preferred_username: 'service-account-alexa-app' },
      'machine-to-machine',
    ],
    ['Keycloak ID token', { azp: ALEXA, typ: 'ID' }, 'wrong-token-use'],
    ['a nonce', { azp: ALEXA, nonce: 'n' }, 'wrong-token-use'],
    ['an at_hash', { azp: ALEXA, at_hash: 'h' }, 'wrong-token-use'],
    ['a c_hash', { azp: ALEXA, c_hash: 'h' }, 'wrong-token-use'],
    [
      'aud the client ID, no client claim (Auth0, Okta ID token)',
      { aud: ALEXA },
      'wrong-token-use',
    ],
    ['aud a list with the client ID, no client claim', { aud: ['a', ALEXA] }, 'wrong-token-use'],
  ])('%s: %s', (_case, overrides, reason) => {
    expect(oidcAccessTokenProblem(claims(overrides), ALEXA)).toBe(reason);
  });

  test('checks in order: exp, then the client, then machine-to-machine, then ID token', () => {
    expect(oidcAccessTokenProblem(claims({ exp: undefined, azp: 'other' }), ALEXA)).toBe(
      'malformed'
    );
    expect(oidcAccessTokenProblem(claims({ azp: 'other', gty: 'client-credentials' }), ALEXA)).toBe(
      'wrong-client'
    );
    expect(oidcAccessTokenProblem(claims({ gty: 'client-credentials', nonce: 'n' }), ALEXA)).toBe(
      'machine-to-machine'
    );
  });
});

describe('oidcAccessTokenProblem with the clients of skill stages with their own', () => {
  const LIVE = 'alexa-live';
  const CLIENTS = [ALEXA, LIVE];

  test.each<[string, Record<string, unknown>, string | undefined]>([
    ['azp the live client', { azp: LIVE }, undefined],
    ['azp the stack client', { azp: ALEXA }, undefined],
    ['client_id and cid both the live client', { client_id: LIVE, cid: LIVE }, undefined],
    ['azp a third client', { azp: 'third-app' }, 'wrong-client'],
    ['azp one client and client_id the other', { azp: ALEXA, client_id: LIVE }, 'wrong-client'],
    ['the live client as subject (client credentials)', { sub: LIVE }, 'machine-to-machine'],
    ['an ID token of the live client (aud, no client claim)', { aud: LIVE }, 'wrong-token-use'],
    [
      'aud a list holding the live client, no client claim',
      { aud: ['a', LIVE] },
      'wrong-token-use',
    ],
  ])('%s: %s', (_case, overrides, reason) => {
    expect(oidcAccessTokenProblem(claims(overrides), CLIENTS)).toBe(reason);
  });

  test('one client given as a list reads as the string', () => {
    expect(oidcAccessTokenProblem(claims({ azp: LIVE }), [ALEXA])).toBe('wrong-client');
    expect(oidcAccessTokenProblem(claims({ azp: ALEXA }), [ALEXA])).toBeUndefined();
  });
});
