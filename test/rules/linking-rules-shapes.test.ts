/** The linking rules on property values of the wrong shape, and two literal messages. */
import { checkAlexaClient, isAlexaClient } from '../../lib/rules/linking-rules';

const VENDOR = 'M2AAAAAAAAAAAA';
const REDIRECTS = [
  `https://pitangui.amazon.com/api/skill/link/${VENDOR}`,
  `https://layla.amazon.com/api/skill/link/${VENDOR}`,
  `https://alexa.amazon.co.jp/api/skill/link/${VENDOR}`,
];
const good = (overrides: Record<string, unknown>) => ({
  AllowedOAuthFlows: ['code'],
  AllowedOAuthFlowsUserPoolClient: true,
  GenerateSecret: true,
  AllowedOAuthScopes: ['openid'],
  CallbackURLs: REDIRECTS,
  AccessTokenValidity: 60,
  RefreshTokenValidity: 3650,
  TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'days' },
  ...overrides,
});
const ids = (props: Record<string, unknown>) => checkAlexaClient(props).map((f) => f.id);

test.each([
  ['null', null],
  ['a string', 'code'],
])('flows given as %s are judged, and fail', (_case, AllowedOAuthFlows) => {
  expect(ids(good({ AllowedOAuthFlows }))).toStrictEqual(['CodeGrantOnly']);
});

test('scopes given as a string are judged, and fail', () => {
  expect(ids(good({ AllowedOAuthScopes: 'openid' }))).toStrictEqual(['OpenIdScope']);
});

test.each([
  ['a list with a number in it', [REDIRECTS[0], 42]],
  ['a single string', REDIRECTS[0]],
])('callback URLs given as %s are no Alexa client', (_case, CallbackURLs) => {
  expect(isAlexaClient({ CallbackURLs })).toBe(false);
});

test('the access token unit is read from TokenValidityUnits.AccessToken', () => {
  expect(checkAlexaClient(good({ AccessTokenValidity: 5 }))).toStrictEqual([
    {
      level: 'error',
      id: 'AccessTokenLifetime',
      message: 'Access tokens live 300 s: Alexa rejects access tokens that live less than 360 s.',
    },
  ]);
});

test('refresh token rotation, literally', () => {
  expect(checkAlexaClient(good({ RefreshTokenRotation: { Feature: 'ENABLED' } }))).toStrictEqual([
    {
      level: 'error',
      id: 'NoRefreshTokenRotation',
      message:
        'Refresh token rotation is on: Alexa keeps the first refresh token it gets, so the link breaks at the first rotation.',
    },
  ]);
});
