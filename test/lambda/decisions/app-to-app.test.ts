/**
 * App-to-app linking's pure decisions: the answer the app gets for each of Amazon's replies, the
 * request checks, the function's configuration and which discovered endpoints may get the token.
 */
import {
  failureAnswer,
  isRetryableStatus,
  successAnswer,
} from '../../../lambda/core/app-to-app/enablement-answer';
import {
  appToAppConfigFrom,
  parseGrantHeaders,
  parseLinkRequest,
  type AppToAppConfig,
} from '../../../lambda/core/app-to-app/link-request';
import { alexaApiOrigins } from '../../../lambda/core/app-to-app/alexa-api-origins';

const SKILL = 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
const REDIRECT = 'https://app.example.com/alexa/linked';
const config: AppToAppConfig = {
  skillId: SKILL,
  redirectUrls: [REDIRECT],
  stages: ['development', 'live'],
};

describe('failureAnswer', () => {
  const CODE_INVALID =
    'the Amazon authorization code is expired (they last 5 minutes), was already used, or its redirect URI or PKCE verifier does not match: get a new one';
  const CODE_NOT_FOR_SKILL = 'the Amazon code is not for this skill';
  const OUR_CREDENTIALS = "Login with Amazon refused the skill's app-to-app client credentials";
  const NO_SCOPE = 'the Amazon authorization code was not granted alexa::skills:account_linking';
  const NO_ENDPOINT = 'Amazon named no known Alexa API endpoint';
  test.each([
    // step, upstream status, oauth error, answer status, answer error, retryable, message
    ['token', 400, 'invalid_grant', 400, 'amazon_code_invalid', false, CODE_INVALID],
    ['token', 400, 'invalid_request', 400, 'amazon_code_invalid', false, CODE_INVALID],
    ['token', 400, 'unauthorized_client', 403, 'amazon_scope_missing', false, CODE_NOT_FOR_SKILL],
    ['token', 400, 'invalid_scope', 403, 'amazon_scope_missing', false, CODE_NOT_FOR_SKILL],
    ['token', 401, 'invalid_client', 502, 'server_misconfigured', false, OUR_CREDENTIALS],
    ['token', 400, undefined, 502, 'server_misconfigured', false, OUR_CREDENTIALS],
    ['token', 429, undefined, 429, 'throttled', true, 'Amazon throttled the token call'],
    ['token', 500, undefined, 503, 'amazon_unavailable', true, 'Amazon answered 500'],
    ['endpoints', 400, undefined, 403, 'amazon_scope_missing', false, NO_SCOPE],
    ['endpoints', 401, undefined, 403, 'amazon_scope_missing', false, NO_SCOPE],
    ['endpoints', 403, undefined, 403, 'amazon_scope_missing', false, NO_SCOPE],
    ['endpoints', 200, undefined, 502, 'endpoint_unknown', false, NO_ENDPOINT],
    ['endpoints', 399, undefined, 502, 'endpoint_unknown', false, NO_ENDPOINT],
    ['endpoints', 599, undefined, 503, 'amazon_unavailable', true, 'Amazon answered 599'],
    [
      'enablement',
      400,
      undefined,
      400,
      'enablement_bad_request',
      false,
      "Alexa refused the request: check that redirectUri is one of the skill's app redirect URLs and that your authorization code is fresh and was issued for it",
    ],
    [
      'enablement',
      401,
      undefined,
      410,
      'enablement_gone',
      false,
      'the skill is no longer enabled for this Amazon account (disabled in the Alexa app): link again',
    ],
    [
      'enablement',
      403,
      undefined,
      403,
      'enablement_forbidden',
      false,
      'Amazon refused: the Amazon code lacks alexa::skills:account_linking, or the skill stage is development and the Amazon account is not a beta tester or the developer',
    ],
    [
      'enablement',
      404,
      undefined,
      404,
      'not_enabled',
      false,
      'the skill is not enabled for this Amazon account',
    ],
    // A redirect the client refused to follow is a failure of the enablement call, not discovery's.
    ['enablement', 302, undefined, 502, 'enablement_failed', false, 'Alexa answered 302'],
    ['enablement', 409, undefined, 502, 'enablement_failed', false, 'Alexa answered 409'],
    ['enablement', 499, undefined, 502, 'enablement_failed', false, 'Alexa answered 499'],
    ['enablement', 429, undefined, 429, 'throttled', true, 'Amazon throttled the enablement call'],
    ['enablement', 500, undefined, 503, 'amazon_unavailable', true, 'Amazon answered 500'],
    ['enablement', 503, undefined, 503, 'amazon_unavailable', true, 'Amazon answered 503'],
  ] as const)(
    '%s %i %s: %i %s',
    (step, status, oauthError, statusCode, error, retryable, message) => {
      const reply = oauthError === undefined ? { status } : { status, oauthError };
      expect(failureAnswer('link', step, reply)).toStrictEqual({
        statusCode,
        body: { error, retryable, message },
      });
    }
  );

  test('no answer at all (timeout, network, refused redirect): 504, retryable', () => {
    expect(failureAnswer('link', 'token', undefined)).toEqual({
      statusCode: 504,
      body: {
        error: 'amazon_unreachable',
        retryable: true,
        message: 'no answer from Amazon (token)',
      },
    });
  });

  test('a status request answered 404 is "not enabled", not an error', () => {
    expect(failureAnswer('status', 'enablement', { status: 404 })).toEqual({
      statusCode: 200,
      body: { enabled: false },
    });
    expect(failureAnswer('unlink', 'enablement', { status: 404 }).statusCode).toBe(404);
  });
});

describe('successAnswer', () => {
  test('a link: 201 with the status words Amazon sent', () => {
    expect(successAnswer('link', { status: 'ENABLED', accountLink: { status: 'LINKED' } })).toEqual(
      {
        statusCode: 201,
        body: { enabled: true, status: 'ENABLED', accountLinkStatus: 'LINKED' },
      }
    );
  });

  test('a status: 200; an unlink: 204 with no body', () => {
    expect(successAnswer('status', { status: 'ENABLED' })).toEqual({
      statusCode: 200,
      body: { enabled: true, status: 'ENABLED' },
    });
    expect(successAnswer('unlink', undefined)).toEqual({ statusCode: 204, body: {} });
  });

  test.each([
    [undefined],
    [null],
    ['ENABLED'],
    [{ status: 'enabled', accountLink: { status: 'linked <script>' } }],
    [{ status: 'A'.repeat(33), accountLink: null }],
    [{ status: 7, accountLink: { status: ['LINKED'] } }],
  ])('passes on no status word from %j, not even as an empty field', (body) => {
    expect(successAnswer('link', body)).toStrictEqual({
      statusCode: 201,
      body: { enabled: true },
    });
  });
});

test.each([
  [429, true],
  [500, true],
  [599, true],
  [400, false],
  [404, false],
  [428, false],
  [499, false],
  [600, false],
])('isRetryableStatus(%i) is %s', (status, expected) => {
  expect(isRetryableStatus(status)).toBe(expected);
});

describe('parseLinkRequest', () => {
  const body = (fields: Record<string, unknown>) =>
    JSON.stringify({
      amazonAuthorizationCode: 'ANcode',
      authorizationCode: 'your-code',
      redirectUri: REDIRECT,
      ...fields,
    });

  test('reads a link request, the first stage by default', () => {
    expect(parseLinkRequest(body({}), config)).toStrictEqual({
      ok: true,
      value: {
        amazon: { code: 'ANcode', redirectUri: REDIRECT },
        authorizationCode: 'your-code',
        stage: 'development',
      },
    });
  });

  test('keeps the PKCE verifier and a named stage', () => {
    const parsed = parseLinkRequest(
      body({ amazonCodeVerifier: 'v'.repeat(43), stage: 'live' }),
      config
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        amazon: { code: 'ANcode', redirectUri: REDIRECT, codeVerifier: 'v'.repeat(43) },
        authorizationCode: 'your-code',
        stage: 'live',
      },
    });
  });

  test.each([
    ['no body', undefined, 'a JSON object body'],
    ['not JSON', '{', 'a JSON object body'],
    ['a JSON list', '[]', 'a JSON object body'],
    ['JSON null', 'null', 'a JSON object body'],
    ['no Amazon code', body({ amazonAuthorizationCode: undefined }), 'amazonAuthorizationCode:'],
    [
      'an Amazon code with a space',
      body({ amazonAuthorizationCode: 'a b' }),
      'amazonAuthorizationCode:',
    ],
    ['an empty Amazon code', body({ amazonAuthorizationCode: '' }), 'amazonAuthorizationCode:'],
    [
      'a huge Amazon code',
      body({ amazonAuthorizationCode: 'a'.repeat(2049) }),
      'amazonAuthorizationCode:',
    ],
    ['a verifier that is no string', body({ amazonCodeVerifier: 5 }), 'amazonCodeVerifier:'],
    ['no authorization code', body({ authorizationCode: undefined }), 'authorizationCode:'],
    [
      'another redirect URI',
      body({ redirectUri: 'https://evil.example.com/cb' }),
      'redirectUri: one of',
    ],
    ['a stage not linked', body({ stage: 'certification' }), 'stage: one of "development", "live"'],
  ])('refuses %s with 400 invalid_request naming the field', (_case, text, expected) => {
    const parsed = parseLinkRequest(text, config);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.answer.statusCode).toBe(400);
    expect(parsed.answer.body.error).toBe('invalid_request');
    expect(parsed.answer.body.message).toContain(`Expected ${expected}`);
  });

  test('a refusal, whole: 400, not retryable, the field and the redirect URLs it may be', () => {
    const twoUrls = { ...config, redirectUrls: [REDIRECT, 'https://app.example.com/other'] };
    expect(parseLinkRequest(body({ redirectUri: undefined }), twoUrls)).toStrictEqual({
      ok: false,
      answer: {
        statusCode: 400,
        body: {
          error: 'invalid_request',
          retryable: false,
          message: `Expected redirectUri: one of the skill's appRedirectUrls (${REDIRECT}, https://app.example.com/other); received null.`,
        },
      },
    });
  });

  test('a code of 2048 printable characters is accepted', () => {
    expect(parseLinkRequest(body({ amazonAuthorizationCode: '~'.repeat(2048) }), config).ok).toBe(
      true
    );
  });
});

describe('parseGrantHeaders', () => {
  test('reads the Amazon code, verifier and redirect URI from headers', () => {
    expect(
      parseGrantHeaders(
        {
          'x-amazon-authorization-code': 'ANcode',
          'x-amazon-code-verifier': 'verifier',
          'x-redirect-uri': REDIRECT,
        },
        config
      )
    ).toEqual({
      ok: true,
      value: { code: 'ANcode', codeVerifier: 'verifier', redirectUri: REDIRECT },
    });
  });

  test.each([
    [undefined, 'header x-amazon-authorization-code'],
    [{ 'x-redirect-uri': REDIRECT }, 'header x-amazon-authorization-code'],
    [{ 'x-amazon-authorization-code': 'ANcode' }, 'header x-redirect-uri'],
    [
      { 'x-amazon-authorization-code': 'ANcode', 'x-amazon-code-verifier': 'a b' },
      'header x-amazon-code-verifier: the PKCE code verifier',
    ],
  ])('refuses %j naming %s', (headers, expected) => {
    const parsed = parseGrantHeaders(headers, config);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.answer.body.message).toContain(`Expected ${expected}`);
  });
});

describe('appToAppConfigFrom', () => {
  const env = {
    SKILL_ID: SKILL,
    APP_REDIRECT_URLS: `${REDIRECT}, https://app.example.com/other`,
    SKILL_STAGES: 'live,development',
  };

  test('reads the lists, trimmed, in order', () => {
    expect(appToAppConfigFrom(env)).toEqual({
      skillId: SKILL,
      redirectUrls: [REDIRECT, 'https://app.example.com/other'],
      stages: ['live', 'development'],
    });
  });

  test.each([
    [{ SKILL_ID: undefined }, 'SKILL_ID'],
    [{ SKILL_ID: 'skill' }, 'SKILL_ID'],
    [{ APP_REDIRECT_URLS: undefined }, 'APP_REDIRECT_URLS'],
    [{ APP_REDIRECT_URLS: ' , ' }, 'APP_REDIRECT_URLS'],
    [{ SKILL_STAGES: '' }, 'SKILL_STAGES'],
    [{ SKILL_STAGES: 'development,certification' }, 'SKILL_STAGES'],
  ])('fails when %j, naming %s', (override, name) => {
    expect(() => appToAppConfigFrom({ ...env, ...override })).toThrow(new RegExp(`^${name} must`));
  });
});

describe('alexaApiOrigins', () => {
  test.each([
    [['api.amazonalexa.com'], ['https://api.amazonalexa.com']],
    [['https://api.eu.amazonalexa.com'], ['https://api.eu.amazonalexa.com']],
    [['api.fe.amazonalexa.com', 'api.fe.amazonalexa.com'], ['https://api.fe.amazonalexa.com']],
    [
      ['api.fe.amazon.com', 'api.amazonalexa.com'],
      ['https://api.fe.amazon.com', 'https://api.amazonalexa.com'],
    ],
    [['http://api.amazonalexa.com'], []],
    [['api.amazonalexa.com:8443'], []],
    [['api.amazonalexa.com.evil.example.com'], []],
    [['evil.example.com'], []],
    [['https://user@evil.example.com'], []],
    [[7, null, '::'], []],
    ['api.amazonalexa.com', []],
    [undefined, []],
  ])('%j gives %j', (endpoints, origins) => {
    expect(alexaApiOrigins(endpoints)).toEqual(origins);
  });
});
