/**
 * The linking rules as pure functions: every rule's boundary just inside and just outside, with
 * literal expectations (never built from the constants under test).
 */
import { checkAlexaClient, checkUserPool, isAlexaClient } from '../../lib/rules/linking-rules';

const VENDOR = 'M2AAAAAAAAAAAA';
const REDIRECTS = [
  `https://pitangui.amazon.com/api/skill/link/${VENDOR}`,
  `https://layla.amazon.com/api/skill/link/${VENDOR}`,
  `https://alexa.amazon.co.jp/api/skill/link/${VENDOR}`,
];

/** A client that passes every rule; each case changes one property. */
function goodClient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AllowedOAuthFlows: ['code'],
    AllowedOAuthFlowsUserPoolClient: true,
    GenerateSecret: true,
    AllowedOAuthScopes: ['openid', 'email'],
    CallbackURLs: [...REDIRECTS],
    AccessTokenValidity: 60,
    RefreshTokenValidity: 3650,
    TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'days' },
    ...overrides,
  };
}

const ids = (props: Record<string, unknown>) => checkAlexaClient(props).map((f) => f.id);

describe('isAlexaClient', () => {
  test.each([
    [[`https://pitangui.amazon.com/api/skill/link/${VENDOR}`], true],
    [['https://example.com/callback', `https://layla.amazon.com/api/skill/link/${VENDOR}`], true],
    [['https://example.com/callback'], false],
    [[`https://evil.example.com/api/skill/link/${VENDOR}`], false],
    [[`https://pitangui.amazon.com/api/skill/link/${VENDOR}/extra`], false],
    [[`xhttps://pitangui.amazon.com/api/skill/link/${VENDOR}`], false],
    [[`https://pitangui.amazon.com/api/skill/link/m2lower`], false],
    [[], false],
    [undefined, false],
    [[42], false],
  ])('callback URLs %j -> %s', (urls, expected) => {
    expect(isAlexaClient({ CallbackURLs: urls })).toBe(expected);
  });
});

describe('checkAlexaClient', () => {
  test('a client that follows every rule has no findings', () => {
    expect(checkAlexaClient(goodClient())).toEqual([]);
  });

  test('one extra callback URL next to the three Alexa ones still passes every rule', () => {
    expect(
      checkAlexaClient(goodClient({ CallbackURLs: [...REDIRECTS, 'https://example.com/app'] }))
    ).toEqual([]);
  });

  test.each([
    ['implicit only', { AllowedOAuthFlows: ['implicit'] }],
    ['code and implicit', { AllowedOAuthFlows: ['code', 'implicit'] }],
    ['no flows', { AllowedOAuthFlows: [] }],
    ['flows deleted', { AllowedOAuthFlows: undefined }],
    ['OAuth off for the client', { AllowedOAuthFlowsUserPoolClient: false }],
    ['OAuth flag deleted', { AllowedOAuthFlowsUserPoolClient: undefined }],
  ])('fails when the grant is not code only: %s', (_name, overrides) => {
    const findings = checkAlexaClient(goodClient(overrides));
    expect(findings).toEqual([
      {
        level: 'error',
        id: 'CodeGrantOnly',
        message: expect.stringMatching(
          /authorization code grant only \(AllowedOAuthFlows \["code"\]\); it has /
        ),
      },
    ]);
  });

  test('the code-grant message names what the client has', () => {
    expect(checkAlexaClient(goodClient({ AllowedOAuthFlows: ['implicit'] }))[0]?.message).toBe(
      'The Alexa client must allow the authorization code grant only (AllowedOAuthFlows ["code"]); it has ["implicit"].'
    );
    expect(checkAlexaClient(goodClient({ AllowedOAuthFlows: undefined }))[0]?.message).toBe(
      'The Alexa client must allow the authorization code grant only (AllowedOAuthFlows ["code"]); it has [].'
    );
  });

  test('an unresolved flows token is not judged', () => {
    expect(
      ids(goodClient({ AllowedOAuthFlows: { 'Fn::If': ['c', ['code'], ['implicit']] } }))
    ).toEqual([]);
  });

  test.each([[false], [undefined], ['true']])('fails when GenerateSecret is %j', (value) => {
    expect(checkAlexaClient(goodClient({ GenerateSecret: value }))).toEqual([
      {
        level: 'error',
        id: 'ClientSecret',
        message:
          'The Alexa client must have a client secret (GenerateSecret true): Alexa authenticates to the token endpoint with HTTP Basic.',
      },
    ]);
  });

  test.each([
    [['email'], 'The Alexa client must allow the openid scope; it allows ["email"].'],
    [[], 'The Alexa client must allow the openid scope; it allows [].'],
    [undefined, 'The Alexa client must allow the openid scope; it allows [].'],
    [['openidx'], 'The Alexa client must allow the openid scope; it allows ["openidx"].'],
  ])('fails when the scopes %j lack openid', (scopes, message) => {
    expect(checkAlexaClient(goodClient({ AllowedOAuthScopes: scopes }))).toEqual([
      { level: 'error', id: 'OpenIdScope', message },
    ]);
  });

  test('an unresolved scopes token is not judged', () => {
    expect(ids(goodClient({ AllowedOAuthScopes: { Ref: 'Scopes' } }))).toEqual([]);
  });

  test('fails when a regional redirect URL is missing, naming it', () => {
    expect(checkAlexaClient(goodClient({ CallbackURLs: REDIRECTS.slice(0, 2) }))).toEqual([
      {
        level: 'error',
        id: 'RegionalRedirectUrls',
        message: `The Alexa client is missing the regional redirect URL(s) https://alexa.amazon.co.jp/api/skill/link/${VENDOR}: users in those regions cannot link.`,
      },
    ]);
  });

  test('fails when two are missing, naming both', () => {
    expect(checkAlexaClient(goodClient({ CallbackURLs: [REDIRECTS[1]] }))[0]?.message).toBe(
      `The Alexa client is missing the regional redirect URL(s) https://pitangui.amazon.com/api/skill/link/${VENDOR}, https://alexa.amazon.co.jp/api/skill/link/${VENDOR}: users in those regions cannot link.`
    );
  });

  test('checks each vendor ID on its own', () => {
    const other = 'M3BBBBBBBBBBBB';
    expect(
      ids(
        goodClient({
          CallbackURLs: [...REDIRECTS, `https://layla.amazon.com/api/skill/link/${other}`],
        })
      )
    ).toEqual(['RegionalRedirectUrls']);
  });

  test('a client with no Alexa URL at all has no redirect finding', () => {
    expect(ids(goodClient({ CallbackURLs: ['https://example.com/cb'] }))).toEqual([]);
  });

  describe('access token lifetime: Alexa refuses less than 360 seconds', () => {
    test.each([
      [6, 'minutes', []],
      [360, 'seconds', []],
      [359, 'seconds', ['AccessTokenLifetime']],
      [5, 'minutes', ['AccessTokenLifetime']],
      [1, 'hours', []],
      [1, 'days', []],
    ])('%d %s -> %j', (value, unit, expected) => {
      expect(
        ids(
          goodClient({
            AccessTokenValidity: value,
            TokenValidityUnits: { AccessToken: unit, RefreshToken: 'days' },
          })
        )
      ).toEqual(expected);
    });

    test('the message gives the lifetime in seconds', () => {
      expect(
        checkAlexaClient(
          goodClient({
            AccessTokenValidity: 5,
            TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'days' },
          })
        )
      ).toEqual([
        {
          level: 'error',
          id: 'AccessTokenLifetime',
          message:
            'Access tokens live 300 s: Alexa rejects access tokens that live less than 360 s.',
        },
      ]);
    });

    test("Cognito's defaults apply when the value and unit are missing: 1 hour passes", () => {
      expect(
        ids(goodClient({ AccessTokenValidity: undefined, TokenValidityUnits: undefined }))
      ).toEqual([]);
    });

    test('a missing unit means hours', () => {
      expect(
        ids(goodClient({ AccessTokenValidity: 1, TokenValidityUnits: { RefreshToken: 'days' } }))
      ).toEqual([]);
      expect(
        checkAlexaClient(
          goodClient({ AccessTokenValidity: 0, TokenValidityUnits: { RefreshToken: 'days' } })
        )
      ).toEqual([
        {
          level: 'error',
          id: 'AccessTokenLifetime',
          message: 'Access tokens live 0 s: Alexa rejects access tokens that live less than 360 s.',
        },
      ]);
    });

    test('an unresolved lifetime is not judged', () => {
      expect(ids(goodClient({ AccessTokenValidity: { Ref: 'Lifetime' } }))).toEqual([]);
    });
  });

  describe('refresh token lifetime: a warning below 365 days', () => {
    test.each([
      [365, 'days', []],
      [364, 'days', ['RefreshTokenLifetime']],
      [8760, 'hours', []],
      [8759, 'hours', ['RefreshTokenLifetime']],
      [3650, 'days', []],
    ])('%d %s -> %j', (value, unit, expected) => {
      expect(
        ids(
          goodClient({
            RefreshTokenValidity: value,
            TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: unit },
          })
        )
      ).toEqual(expected);
    });

    test('the warning gives the lifetime in whole days', () => {
      expect(checkAlexaClient(goodClient({ RefreshTokenValidity: 30 }))).toEqual([
        {
          level: 'warning',
          id: 'RefreshTokenLifetime',
          message:
            'Refresh tokens live 30 days: Alexa unlinks a user as soon as a refresh fails, so anyone who leaves the skill alone that long must link again. Use at least 365 days.',
        },
      ]);
    });

    test("Cognito's default of 30 days is warned about", () => {
      expect(
        ids(
          goodClient({
            RefreshTokenValidity: undefined,
            TokenValidityUnits: { AccessToken: 'minutes' },
          })
        )
      ).toEqual(['RefreshTokenLifetime']);
    });
  });

  test.each([
    [{ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 }, ['NoRefreshTokenRotation']],
    [{ Feature: 'DISABLED' }, []],
    [undefined, []],
  ])('refresh token rotation %j -> %j', (rotation, expected) => {
    expect(ids(goodClient({ RefreshTokenRotation: rotation }))).toEqual(expected);
  });

  test('every rule is checked on one bad client, errors before the warning', () => {
    expect(
      checkAlexaClient({
        AllowedOAuthFlows: ['implicit'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['email'],
        CallbackURLs: [REDIRECTS[0]],
        AccessTokenValidity: 1,
        RefreshTokenValidity: 1,
        TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'days' },
        RefreshTokenRotation: { Feature: 'ENABLED' },
      }).map((f) => [f.level, f.id])
    ).toEqual([
      ['error', 'CodeGrantOnly'],
      ['error', 'ClientSecret'],
      ['error', 'OpenIdScope'],
      ['error', 'RegionalRedirectUrls'],
      ['error', 'AccessTokenLifetime'],
      ['error', 'NoRefreshTokenRotation'],
      ['warning', 'RefreshTokenLifetime'],
    ]);
  });
});

describe('checkUserPool', () => {
  test.each([['Retain'], ['RetainExceptOnCreate']])('%s passes', (policy) => {
    expect(checkUserPool(policy)).toEqual([]);
  });

  test.each([
    ['Delete', 'Delete'],
    ['Snapshot', 'Snapshot'],
    [undefined, 'Delete'],
  ])('DeletionPolicy %j is warned about as %s', (policy, shown) => {
    expect(checkUserPool(policy)).toEqual([
      {
        level: 'warning',
        id: 'UserPoolNotRetained',
        message: `The user pool's DeletionPolicy is ${shown}: removing it from the stack deletes every account and unlinks every Alexa user. Retain it unless this is a throw-away stage.`,
      },
    ]);
  });
});
