/** The environment contract per linking server: what is read, and every bad variable named. */
import {
  SkillConfigError,
  loadLinkingConfig,
  loadSkillConfig,
} from '../../lambda/core/skill-config';

const SKILL_ID = 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
const LWA = {
  SKILL_ID,
  LINKING_SERVER: 'login-with-amazon',
  LWA_CLIENT_ID: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
};
const OIDC = {
  SKILL_ID,
  LINKING_SERVER: 'oidc',
  OIDC_ISSUER: 'https://tenant.eu.auth0.com/',
  OIDC_AUDIENCE: 'https://api.example.com',
  OIDC_CLIENT_ID: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  OIDC_JWKS_URL: 'https://tenant.eu.auth0.com/.well-known/jwks.json',
};

describe('loadSkillConfig per linking server', () => {
  test('login-with-amazon reads LWA_CLIENT_ID and ignores the Cognito variables', () => {
    expect(loadSkillConfig({ ...LWA, USER_POOL_ID: 'whatever' })).toEqual({
      skillId: SKILL_ID,
      linkingServer: 'login-with-amazon',
      lwaClientId: LWA.LWA_CLIENT_ID,
    });
  });

  test('oidc keeps the issuer exactly as given, trailing slash included', () => {
    expect(loadSkillConfig(OIDC)).toEqual({
      skillId: SKILL_ID,
      linkingServer: 'oidc',
      oidcIssuer: 'https://tenant.eu.auth0.com/',
      oidcAudience: 'https://api.example.com',
      oidcClientId: 'AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      oidcJwksUrl: OIDC.OIDC_JWKS_URL,
    });
    expect(
      loadSkillConfig({ ...OIDC, OIDC_USERINFO_URL: 'https://tenant.eu.auth0.com/userinfo' })
    ).toMatchObject({ oidcUserInfoUrl: 'https://tenant.eu.auth0.com/userinfo' });
    expect(loadSkillConfig({ ...OIDC, OIDC_USERINFO_URL: '' })).not.toHaveProperty(
      'oidcUserInfoUrl'
    );
  });

  test.each([
    [
      'LINKING_SERVER unknown',
      { ...LWA, LINKING_SERVER: 'auth0' },
      /LINKING_SERVER is "auth0"; expected one of cognito, login-with-amazon, oidc/,
    ],
    [
      'LWA_CLIENT_ID malformed',
      { ...LWA, LWA_CLIENT_ID: 'amzn1.application-oa2-client.XYZ' },
      /LWA_CLIENT_ID is "amzn1\.application-oa2-client\.XYZ"; expected the security profile's client ID/,
    ],
    ['LWA_CLIENT_ID missing', { ...LWA, LWA_CLIENT_ID: undefined }, /LWA_CLIENT_ID is missing/],
    [
      'OIDC_ISSUER over http',
      { ...OIDC, OIDC_ISSUER: 'http://tenant.eu.auth0.com/' },
      /OIDC_ISSUER is "http:\/\/tenant\.eu\.auth0\.com\/"; expected the issuer exactly as the server writes it/,
    ],
    [
      'OIDC_JWKS_URL over http',
      { ...OIDC, OIDC_JWKS_URL: 'http://tenant.eu.auth0.com/jwks' },
      /OIDC_JWKS_URL is "http:\/\/tenant\.eu\.auth0\.com\/jwks"/,
    ],
    [
      'OIDC_USERINFO_URL not a URL',
      { ...OIDC, OIDC_USERINFO_URL: 'not a url' },
      /OIDC_USERINFO_URL is "not a url"/,
    ],
    [
      'OIDC_AUDIENCE empty',
      { ...OIDC, OIDC_AUDIENCE: '' },
      /OIDC_AUDIENCE is ""; expected the API identifier/,
    ],
  ])('fails naming the variable: %s', (_case, env, message) => {
    expect(() => loadSkillConfig(env)).toThrow(message);
  });

  test('http is accepted only on loopback, so no test override can reach a deployed function', () => {
    expect(
      loadSkillConfig({ ...OIDC, OIDC_USERINFO_URL: 'http://127.0.0.1:8080/userinfo' })
    ).toMatchObject({ oidcUserInfoUrl: 'http://127.0.0.1:8080/userinfo' });
    expect(() =>
      loadSkillConfig({ ...OIDC, OIDC_USERINFO_URL: 'http://tenant.example/userinfo' })
    ).toThrow(SkillConfigError);
  });

  test('every bad variable is reported at once, one line each', () => {
    expect.assertions(2);
    try {
      loadSkillConfig({ LINKING_SERVER: 'login-with-amazon', LWA_CLIENT_ID: 'nope' });
    } catch (error) {
      expect((error as SkillConfigError).problems).toEqual([
        expect.stringMatching(/^Environment variable SKILL_ID is missing/),
        expect.stringMatching(/^Environment variable LWA_CLIENT_ID is "nope"/),
      ]);
      expect((error as Error).message.split('\n')).toHaveLength(2);
    }
  });

  test('the linking variables alone need no SKILL_ID (for other skills built on the port)', () => {
    expect(
      loadLinkingConfig({ LINKING_SERVER: 'login-with-amazon', LWA_CLIENT_ID: LWA.LWA_CLIENT_ID })
    ).toEqual({
      linkingServer: 'login-with-amazon',
      lwaClientId: LWA.LWA_CLIENT_ID,
    });
  });
});

describe('in a bundle built for one linking server (process.env.LINKING_SERVER folded in)', () => {
  const COGNITO = {
    LINKING_SERVER: 'cognito',
    USER_POOL_ID: 'us-east-1_AbCdEf123',
    USER_POOL_CLIENT_ID: 'abc123',
    SIGN_IN_DOMAIN_URL: 'https://acme.auth.us-east-1.amazoncognito.com',
  };
  const saved = process.env.LINKING_SERVER;
  afterEach(() => {
    if (saved === undefined) delete process.env.LINKING_SERVER;
    else process.env.LINKING_SERVER = saved;
  });

  test.each([
    ['cognito', COGNITO],
    ['login-with-amazon', LWA],
    ['oidc', OIDC],
  ] as const)('a %s build reads its own server', (builtFor, env) => {
    process.env.LINKING_SERVER = builtFor;
    expect(loadLinkingConfig(env)).toMatchObject({ linkingServer: builtFor });
  });

  test.each([
    ['cognito', 'oidc', OIDC],
    ['cognito', 'login-with-amazon', LWA],
    ['login-with-amazon', 'cognito', COGNITO],
    ['login-with-amazon', 'oidc', OIDC],
    ['oidc', 'cognito', COGNITO],
    ['oidc', 'login-with-amazon', LWA],
  ] as const)(
    'a %s build refuses the settings of %s, saying to rebuild',
    (builtFor, other, env) => {
      process.env.LINKING_SERVER = builtFor;
      expect(() => loadLinkingConfig(env)).toThrow(
        new SkillConfigError([
          `Environment variable LINKING_SERVER is "${other}", but this bundle was built for "${builtFor}"; rebuild it for ${other}.`,
        ])
      );
    }
  );

  test('an unknown server is still named as one, whatever the build', () => {
    process.env.LINKING_SERVER = 'cognito';
    expect(() => loadLinkingConfig({ ...COGNITO, LINKING_SERVER: 'ldap' })).toThrow(
      'Environment variable LINKING_SERVER is "ldap"; expected one of cognito, login-with-amazon, oidc (cognito when unset).'
    );
  });
});
