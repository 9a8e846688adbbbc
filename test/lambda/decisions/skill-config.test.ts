/**
 * The custom skill's environment contract at every anchor and boundary: each variable just inside
 * and just outside its form, with the literal problem line it produces.
 */
import {
  LINKING_SETTINGS_HINT,
  SkillConfigError,
  loadLinkingConfig,
  loadSkillConfig,
  loadSkillId,
  withLinkingSettingsHint,
  type Env,
} from '../../../lambda/core/skill-config';

const SKILL_ID = 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
const COGNITO = {
  SKILL_ID,
  USER_POOL_ID: 'us-east-1_AbC123',
  USER_POOL_CLIENT_ID: 'abc123',
  SIGN_IN_DOMAIN_URL: 'https://acme.auth.us-east-1.amazoncognito.com',
};
const LWA = {
  SKILL_ID,
  LINKING_SERVER: 'login-with-amazon',
  LWA_CLIENT_ID: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
};
const OIDC = {
  SKILL_ID,
  LINKING_SERVER: 'oidc',
  OIDC_ISSUER: 'https://id.example.com/',
  OIDC_AUDIENCE: 'api',
  OIDC_CLIENT_ID: 'alexa-app',
  OIDC_JWKS_URL: 'https://id.example.com/jwks.json',
};

function problemsOf(env: Env): readonly string[] {
  try {
    loadSkillConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SkillConfigError);
    expect((error as Error).name).toBe('SkillConfigError');
    const { problems } = error as SkillConfigError;
    expect((error as Error).message).toBe(problems.join('\n'));
    return problems;
  }
  return [];
}

const SKILL_ID_FORM = 'expected amzn1.ask.skill.<uuid>.';
const POOL_FORM = 'expected <region>_<id>, e.g. us-east-1_AbCdEf123.';
const CLIENT_FORM = 'expected the app client ID (lower-case letters and digits).';
const DOMAIN_FORM =
  "expected the sign-in domain's base URL, e.g. https://acme.auth.us-east-1.amazoncognito.com.";
const LWA_FORM =
  "expected the security profile's client ID, amzn1.application-oa2-client.<32 lower-case hex digits>.";
const ISSUER_FORM =
  'expected the issuer exactly as the server writes it in `iss`, e.g. https://tenant.eu.auth0.com/.';
const CLIENT_ID_FORM =
  'expected the client ID of the application created for Alexa (printable, no spaces), e.g. AbCdEfGhIjKlMnOpQrStUvWxYz012345.';
const AUDIENCE_FORM =
  'expected the API identifier access tokens are minted for (printable, no spaces), e.g. https://api.example.com.';
const JWKS_FORM =
  'expected the https URL of the key set, e.g. https://tenant.eu.auth0.com/.well-known/jwks.json.';
const USERINFO_FORM =
  'expected the https URL of the userInfo endpoint, e.g. https://tenant.eu.auth0.com/userinfo, or unset.';

describe('Cognito (LINKING_SERVER unset or cognito)', () => {
  test('reads the pool, the client and the domain origin', () => {
    expect(loadSkillConfig({ ...COGNITO, LINKING_SERVER: 'cognito' })).toStrictEqual({
      skillId: SKILL_ID,
      linkingServer: 'cognito',
      userPoolId: 'us-east-1_AbC123',
      userPoolClientId: 'abc123',
      signInDomainUrl: 'https://acme.auth.us-east-1.amazoncognito.com',
    });
  });

  test.each([
    ['a trailing slash', 'https://acme.example.com/', 'https://acme.example.com'],
    ['a port', 'https://acme.example.com:8443', 'https://acme.example.com:8443'],
    ['http on localhost', 'http://localhost:4000', 'http://localhost:4000'],
  ])('the domain with %s gives its origin', (_case, url, origin) => {
    expect(loadSkillConfig({ ...COGNITO, SIGN_IN_DOMAIN_URL: url })).toMatchObject({
      signInDomainUrl: origin,
    });
  });

  test.each([
    ['USER_POOL_ID', 'eu-west-1_a'],
    ['USER_POOL_ID', 'ap-southeast-2_Z9'],
    ['USER_POOL_CLIENT_ID', 'a'],
    ['USER_POOL_CLIENT_ID', 'a'.repeat(128)],
    ['SKILL_ID', 'amzn1.ask.skill.------------------------------------'],
  ])('accepts %s %s', (name, value) => {
    expect(problemsOf({ ...COGNITO, [name]: value })).toStrictEqual([]);
  });

  test.each([
    ['SKILL_ID', `${SKILL_ID}a`, SKILL_ID_FORM],
    ['SKILL_ID', `x${SKILL_ID}`, SKILL_ID_FORM],
    ['SKILL_ID', SKILL_ID.slice(0, -1), SKILL_ID_FORM],
    ['SKILL_ID', SKILL_ID.replace('skill.', 'skillX'), SKILL_ID_FORM],
    ['SKILL_ID', SKILL_ID.toUpperCase(), SKILL_ID_FORM],
    ['USER_POOL_ID', 'x us-east-1_AbC123', POOL_FORM],
    ['USER_POOL_ID', 'us-east-1_AbC123 x', POOL_FORM],
    ['USER_POOL_ID', 'u-east-1_AbC123', POOL_FORM],
    ['USER_POOL_ID', 'us-_AbC123', POOL_FORM],
    ['USER_POOL_ID', 'us-east-1_', POOL_FORM],
    ['USER_POOL_ID', 'us-east-1_Ab-C', POOL_FORM],
    ['USER_POOL_ID', 'useast1_AbC', POOL_FORM],
    ['USER_POOL_CLIENT_ID', '', CLIENT_FORM],
    ['USER_POOL_CLIENT_ID', 'a'.repeat(129), CLIENT_FORM],
    ['USER_POOL_CLIENT_ID', ' abc', CLIENT_FORM],
    ['USER_POOL_CLIENT_ID', 'abc ', CLIENT_FORM],
    ['USER_POOL_CLIENT_ID', 'ab-c', CLIENT_FORM],
    ['SIGN_IN_DOMAIN_URL', 'https://acme.example.com/login', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'https://acme.example.com/?a=1', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'https://acme.example.com/#top', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'https://user@acme.example.com', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'https://:pw@acme.example.com', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'ftp://acme.example.com', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'http://acme.example.com', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'http://127.0.0.2:4000', DOMAIN_FORM],
    ['SIGN_IN_DOMAIN_URL', 'acme.example.com', DOMAIN_FORM],
  ])('refuses %s %j', (name, value, form) => {
    expect(problemsOf({ ...COGNITO, [name]: value })).toStrictEqual([
      `Environment variable ${name} is "${value}"; ${form}`,
    ]);
  });

  test('names every missing variable, in order', () => {
    expect(problemsOf({})).toStrictEqual([
      `Environment variable SKILL_ID is missing; ${SKILL_ID_FORM}`,
      `Environment variable USER_POOL_ID is missing; ${POOL_FORM}`,
      `Environment variable USER_POOL_CLIENT_ID is missing; ${CLIENT_FORM}`,
      `Environment variable SIGN_IN_DOMAIN_URL is missing; ${DOMAIN_FORM}`,
    ]);
  });

  test('a bad SKILL_ID alone is reported even when the linking settings are good', () => {
    expect(problemsOf({ ...COGNITO, SKILL_ID: 'skill' })).toStrictEqual([
      `Environment variable SKILL_ID is "skill"; ${SKILL_ID_FORM}`,
    ]);
  });

  test.each([
    ['USER_POOL_ID', 'pool', POOL_FORM],
    ['USER_POOL_CLIENT_ID', 'UPPER', CLIENT_FORM],
    ['SIGN_IN_DOMAIN_URL', 'http://example.com', DOMAIN_FORM],
  ])('loadLinkingConfig refuses a bad %s alone', (name, value, form) => {
    const env = { ...COGNITO, [name]: value };
    expect(() => loadLinkingConfig(env)).toThrow(
      new SkillConfigError([`Environment variable ${name} is "${value}"; ${form}`])
    );
  });

  test('loadLinkingConfig refuses a bad optional OIDC_USERINFO_URL beside good required ones', () => {
    const { SKILL_ID: _unused, ...env } = OIDC;
    expect(() =>
      loadLinkingConfig({ ...env, OIDC_USERINFO_URL: 'http://id.example.com/me' })
    ).toThrow(
      new SkillConfigError([
        `Environment variable OIDC_USERINFO_URL is "http://id.example.com/me"; ${USERINFO_FORM}`,
      ])
    );
  });

  test('loadLinkingConfig reads the Cognito settings without SKILL_ID', () => {
    const { SKILL_ID: _unused, ...env } = COGNITO;
    expect(loadLinkingConfig(env)).toStrictEqual({
      linkingServer: 'cognito',
      userPoolId: 'us-east-1_AbC123',
      userPoolClientId: 'abc123',
      signInDomainUrl: 'https://acme.auth.us-east-1.amazoncognito.com',
    });
  });
});

describe('Login with Amazon', () => {
  test.each([
    `x${LWA.LWA_CLIENT_ID}`,
    `${LWA.LWA_CLIENT_ID}0`,
    LWA.LWA_CLIENT_ID.slice(0, -1),
    LWA.LWA_CLIENT_ID.replace('client.', 'clientX'),
    LWA.LWA_CLIENT_ID.toUpperCase(),
  ])('refuses LWA_CLIENT_ID %s', (value) => {
    expect(problemsOf({ ...LWA, LWA_CLIENT_ID: value })).toStrictEqual([
      `Environment variable LWA_CLIENT_ID is "${value}"; ${LWA_FORM}`,
    ]);
  });

  test('loadLinkingConfig refuses a missing LWA_CLIENT_ID', () => {
    expect(() => loadLinkingConfig({ LINKING_SERVER: 'login-with-amazon' })).toThrow(
      `Environment variable LWA_CLIENT_ID is missing; ${LWA_FORM}`
    );
  });

  test('an unknown LINKING_SERVER is one problem naming the three servers', () => {
    expect(problemsOf({ ...LWA, LINKING_SERVER: 'Cognito' })).toStrictEqual([
      'Environment variable LINKING_SERVER is "Cognito"; expected one of cognito, login-with-amazon, oidc (cognito when unset).',
    ]);
    expect(() => loadLinkingConfig({ LINKING_SERVER: '' })).toThrow(
      'Environment variable LINKING_SERVER is ""; expected one of cognito, login-with-amazon, oidc (cognito when unset).'
    );
  });
});

describe('OIDC', () => {
  test('reads the userInfo URL exactly as given', () => {
    expect(
      loadSkillConfig({ ...OIDC, OIDC_USERINFO_URL: 'https://id.example.com/me?x=1' })
    ).toStrictEqual({
      skillId: SKILL_ID,
      linkingServer: 'oidc',
      oidcIssuer: 'https://id.example.com/',
      oidcAudience: 'api',
      oidcClientId: 'alexa-app',
      oidcJwksUrl: 'https://id.example.com/jwks.json',
      oidcUserInfoUrl: 'https://id.example.com/me?x=1',
    });
  });

  test.each([
    ['OIDC_AUDIENCE', '!'],
    ['OIDC_AUDIENCE', '~'.repeat(512)],
    ['OIDC_ISSUER', 'https://id.example.com/tenant/'],
    ['OIDC_JWKS_URL', 'http://localhost:9000/jwks'],
    ['OIDC_CLIENT_ID', '0oa1b2c3d4E5f6G7h8i9'],
    ['OIDC_CLIENT_ID', 'alexa-skill'],
  ])('accepts %s %j', (name, value) => {
    expect(problemsOf({ ...OIDC, [name]: value })).toStrictEqual([]);
  });

  test.each([
    ['OIDC_AUDIENCE', 'a'.repeat(513), AUDIENCE_FORM],
    ['OIDC_AUDIENCE', ' api', AUDIENCE_FORM],
    ['OIDC_AUDIENCE', 'api ', AUDIENCE_FORM],
    ['OIDC_AUDIENCE', 'my api', AUDIENCE_FORM],
    ['OIDC_AUDIENCE', 'api\u007f', AUDIENCE_FORM],
    ['OIDC_ISSUER', 'https://id.example.com/ x', ISSUER_FORM],
    ['OIDC_ISSUER', ' https://id.example.com/', ISSUER_FORM],
    ['OIDC_ISSUER', 'https://id.example.com/é', ISSUER_FORM],
    ['OIDC_JWKS_URL', 'https://id.example.com/jwks.json#k', JWKS_FORM],
    ['OIDC_USERINFO_URL', 'https://id.example.com/me ', USERINFO_FORM],
    ['OIDC_USERINFO_URL', 'http://id.example.com/me', USERINFO_FORM],
    ['OIDC_CLIENT_ID', 'alexa app', CLIENT_ID_FORM],
    ['OIDC_CLIENT_ID', 'a'.repeat(513), CLIENT_ID_FORM],
  ])('refuses %s %j', (name, value, form) => {
    expect(problemsOf({ ...OIDC, [name]: value })).toStrictEqual([
      `Environment variable ${name} is "${value}"; ${form}`,
    ]);
  });

  test('names every missing OIDC variable, the optional userInfo URL excepted', () => {
    expect(problemsOf({ SKILL_ID, LINKING_SERVER: 'oidc' })).toStrictEqual([
      `Environment variable OIDC_ISSUER is missing; ${ISSUER_FORM}`,
      `Environment variable OIDC_AUDIENCE is missing; ${AUDIENCE_FORM}`,
      `Environment variable OIDC_CLIENT_ID is missing; ${CLIENT_ID_FORM}`,
      `Environment variable OIDC_JWKS_URL is missing; ${JWKS_FORM}`,
    ]);
  });

  test.each([
    ['OIDC_ISSUER', 'nope'],
    ['OIDC_AUDIENCE', ''],
    ['OIDC_CLIENT_ID', ''],
    ['OIDC_JWKS_URL', 'nope'],
  ])('loadLinkingConfig refuses a bad %s alone', (name, value) => {
    expect(() => loadLinkingConfig({ ...OIDC, [name]: value })).toThrow(SkillConfigError);
  });
});

describe('the runtime API reading its settings', () => {
  test('loadSkillId reads SKILL_ID alone', () => {
    expect(loadSkillId({ SKILL_ID })).toBe(SKILL_ID);
  });

  test.each([
    [undefined, 'missing'],
    ['amzn1.ask.skill.nope', '"amzn1.ask.skill.nope"'],
  ])('loadSkillId refuses SKILL_ID %s, naming it and its form', (value, shown) => {
    expect(() => loadSkillId({ SKILL_ID: value })).toThrow(
      new SkillConfigError([
        `Environment variable SKILL_ID is ${shown}; expected amzn1.ask.skill.<uuid>.`,
      ])
    );
  });

  test('the hint follows the problems, naming every variable and what sets them', () => {
    const hinted = withLinkingSettingsHint(new SkillConfigError(['first', 'second']));
    expect(hinted).toBeInstanceOf(SkillConfigError);
    expect(hinted.problems).toStrictEqual(['first', 'second', LINKING_SETTINGS_HINT]);
    expect(LINKING_SETTINGS_HINT).toBe(
      "The runtime API reads the linking settings from the function's environment. The SkillFunction and SmartHomeFunction constructs (alexa-account-linking) set them on the functions they create, and allowAccountLinking(fn, props) on a function defined elsewhere; without them, a function needs SKILL_ID, LINKING_SERVER and its server's variables (cognito: USER_POOL_ID, USER_POOL_CLIENT_ID, SIGN_IN_DOMAIN_URL; login-with-amazon: LWA_CLIENT_ID; oidc: OIDC_ISSUER, OIDC_AUDIENCE, OIDC_CLIENT_ID, OIDC_JWKS_URL and optionally OIDC_USERINFO_URL), or the settings passed explicitly."
    );
  });
});

describe('STAGE_CLIENT_IDS: the clients of skill stages with their own', () => {
  const LWA_LIVE = 'amzn1.application-oa2-client.fedcba9876543210fedcba9876543210';
  test.each([
    ['cognito', COGNITO, 'liveclient123', ['liveclient123']],
    ['cognito', COGNITO, 'a1,b2,a1', ['a1', 'b2']],
    ['login-with-amazon', LWA, LWA_LIVE, [LWA_LIVE]],
    ['oidc', OIDC, 'alexa-live,Live_7|x', ['alexa-live', 'Live_7|x']],
  ])('%s reads %s into stageClientIds', (_, env, value, ids) => {
    expect(loadLinkingConfig({ ...env, STAGE_CLIENT_IDS: value })).toMatchObject({
      stageClientIds: ids,
    });
  });

  test.each([[COGNITO], [LWA], [OIDC]])('unset or empty: no stageClientIds', (env) => {
    expect(loadLinkingConfig(env)).not.toHaveProperty('stageClientIds');
    expect(loadLinkingConfig({ ...env, STAGE_CLIENT_IDS: '' })).not.toHaveProperty(
      'stageClientIds'
    );
  });

  test.each([
    [
      'a Cognito list with a space',
      COGNITO,
      'a1, b2',
      'Environment variable STAGE_CLIENT_IDS is "a1, b2"; expected app client IDs of the user pool, comma-separated without spaces: the clients of skill stages with their own (e.g. a separate client for live), or unset.',
    ],
    [
      'a Cognito list with an empty entry',
      COGNITO,
      'a1,',
      'Environment variable STAGE_CLIENT_IDS is "a1,"; expected app client IDs of the user pool, comma-separated without spaces: the clients of skill stages with their own (e.g. a separate client for live), or unset.',
    ],
    [
      'a Cognito client ID in capitals',
      COGNITO,
      'ABC',
      'Environment variable STAGE_CLIENT_IDS is "ABC"; expected app client IDs of the user pool, comma-separated without spaces: the clients of skill stages with their own (e.g. a separate client for live), or unset.',
    ],
    [
      'an OIDC client ID where a Login with Amazon one belongs',
      LWA,
      'alexa-live',
      'Environment variable STAGE_CLIENT_IDS is "alexa-live"; expected security profile client IDs, amzn1.application-oa2-client.<32 lower-case hex digits>, comma-separated without spaces: the clients of skill stages with their own (e.g. a separate client for live), or unset.',
    ],
    [
      'an OIDC list with a space inside an ID',
      OIDC,
      'alexa live',
      'Environment variable STAGE_CLIENT_IDS is "alexa live"; expected client IDs of your OIDC server (printable, no spaces), comma-separated without spaces: the clients of skill stages with their own (e.g. a separate client for live), or unset.',
    ],
  ])('fails on %s, naming the variable', (_, env, value, line) => {
    expect(problemsOf({ ...env, STAGE_CLIENT_IDS: value })).toStrictEqual([line]);
  });
});
