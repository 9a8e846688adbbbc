/** The doctor's linking checks as pure verdicts: each PASS / WARN / FAIL / SKIP with its fix. */
import {
  certificateCheck,
  exchangeSummaryCheck,
  redirectUrlsCheck,
  shortLifetimeProblem,
  tokenAnswerFormatCheck,
} from '../../scripts/doctor/linking-checks';

const VENDOR = 'M2TESTVENDOR42';
const EXPECTED = [
  `https://pitangui.amazon.com/api/skill/link/${VENDOR}`,
  `https://layla.amazon.com/api/skill/link/${VENDOR}`,
  `https://alexa.amazon.co.jp/api/skill/link/${VENDOR}`,
];

describe('tokenAnswerFormatCheck', () => {
  test.each([
    [
      400,
      'application/json;charset=UTF-8',
      '{"error":"invalid_grant"}',
      'pass',
      /^HTTP 400 application\/json$/,
    ],
    [400, 'application/problem+json', '{"error":"invalid_grant"}', 'pass', /problem\+json/],
    [
      403,
      'text/html; charset=UTF-8',
      '<!DOCTYPE html><title>Just a moment...</title>',
      'fail',
      /HTML page.*bot-protection/,
    ],
    [403, '', '<html><body>Access denied</body></html>', 'fail', /no content type: an HTML page/],
    [400, 'text/plain', '{"error":"invalid_grant"}', 'warn', /JSON sent as text\/plain/],
    [502, 'text/plain', 'Bad Gateway', 'fail', /HTTP 502 text\/plain, not JSON/],
    [200, 'application/json', '[1]', 'fail', /not JSON/],
  ])('HTTP %s %j %j is %s', (status, contentType, body, result, detail) => {
    const row = tokenAnswerFormatCheck({ status, contentType, body });
    expect(row.result).toBe(result);
    expect(row.detail).toMatch(detail);
    expect(row.fix === undefined).toBe(result === 'pass');
  });
});

test.each([
  [undefined, 'the token answer lacks expires_in'],
  [359, "its expires_in 359 is under Alexa's 360 s"],
  ['300', "its expires_in 300 is under Alexa's 360 s"],
  ['soon', 'its expires_in "soon" is not a number'],
  [360, undefined],
  [3600, undefined],
])('shortLifetimeProblem(%j) is %j', (expiresIn, problem) => {
  expect(shortLifetimeProblem(expiresIn)).toBe(problem);
});

describe('certificateCheck', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);
  test.each([
    [
      { trusted: true, validTo: inDays(90), issuer: 'Amazon' },
      'pass',
      /valid until 2026-05-30 \(90 days\), issued by Amazon/,
    ],
    [
      { trusted: true, validTo: inDays(29), issuer: 'Amazon' },
      'warn',
      /expires 2026-03-30 \(29 days\)/,
    ],
    [{ trusted: true, validTo: inDays(30), issuer: 'Amazon' }, 'pass', /30 days/],
    [{ trusted: true, validTo: inDays(-1), issuer: 'Amazon' }, 'fail', /expired on/],
    [
      { trusted: true, validTo: inDays(80), issuer: "Let's Encrypt" },
      'warn',
      /issued by Let's Encrypt/,
    ],
    [
      {
        trusted: false,
        trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        validTo: inDays(80),
        issuer: 'me',
      },
      'fail',
      /not trusted: DEPTH_ZERO_SELF_SIGNED_CERT, issued by me/,
    ],
  ])('%j is %s', (facts, result, detail) => {
    const row = certificateCheck({ host: 'login.example.com', ...facts }, now);
    expect(row.check).toBe('TLS certificate of login.example.com');
    expect(row.result).toBe(result);
    expect(row.detail).toMatch(detail);
  });
});

describe('redirectUrlsCheck', () => {
  test('all three exactly, extra URLs allowed: pass', () => {
    expect(redirectUrlsCheck([...EXPECTED, 'https://app.example.com/cb'], EXPECTED, 'src')).toEqual(
      {
        check: 'Alexa redirect URLs registered',
        result: 'pass',
        detail: 'all three match exactly (src)',
      }
    );
  });

  test('a trailing slash, another vendor ID and a missing region each named', () => {
    const row = redirectUrlsCheck(
      [`${EXPECTED[0]}/`, 'https://layla.amazon.com/api/skill/link/M2OTHERVENDOR'],
      EXPECTED,
      '--redirect-urls'
    );
    expect(row.result).toBe('fail');
    expect(row.detail).toBe(
      `pitangui.amazon.com is registered with a trailing slash (${EXPECTED[0]}/); layla.amazon.com is registered for another vendor ID (https://layla.amazon.com/api/skill/link/M2OTHERVENDOR); ${EXPECTED[2]} is missing (--redirect-urls)`
    );
    expect(row.fix).toMatch(/^Register exactly https:\/\/pitangui/);
  });

  test('nothing to compare with: skip, with how to give the URLs', () => {
    expect(redirectUrlsCheck(undefined, EXPECTED, '--redirect-urls')).toMatchObject({
      result: 'skip',
      fix: expect.stringMatching(/--redirect-urls/),
    });
  });
});

describe('exchangeSummaryCheck', () => {
  const row = (latencyMs: number, outcome = 'ok', grantType = 'refresh_token') => ({
    time: new Date(0),
    latencyMs,
    outcome: outcome as 'ok',
    grantType: grantType as 'refresh_token',
  });
  const base = { failuresByOutcome: [], unlinkingRefreshes: 0 };
  test.each([
    [{ ...base, total: 0, failures: 0 }, 'skip', /no exchange/],
    [
      { ...base, total: 3, failures: 0, slowest: row(900) },
      'pass',
      /^3 exchanges, none failed; slowest 900 ms \(refresh_token, ok\)$/,
    ],
    [{ ...base, total: 3, failures: 0, slowest: row(4600) }, 'fail', /0 of 3 failed/],
    [
      {
        total: 4,
        failures: 1,
        failuresByOutcome: [['invalid_client', 1]] as const,
        unlinkingRefreshes: 0,
        slowest: row(100),
      },
      'warn',
      /^1 of 4 failed \(invalid_client 1\); 0 refresh/,
    ],
    [
      {
        total: 4,
        failures: 2,
        failuresByOutcome: [['invalid_grant', 2]] as const,
        unlinkingRefreshes: 2,
        slowest: row(100),
      },
      'fail',
      /2 refresh\(es\) refused with invalid_grant/,
    ],
  ])('%j is %s', (summary, result, detail) => {
    const verdict = exchangeSummaryCheck(summary, 4500);
    expect(verdict.result).toBe(result);
    expect(verdict.detail).toMatch(detail);
  });
});

describe('literal verdicts, check by check', () => {
  const JSON_CHECK = 'token endpoint answers JSON';
  const HTML_FIX =
    'Alexa calls the token endpoint server to server and cannot solve a challenge: exempt POST requests to the token path from bot protection (Cloudflare, Akamai, AWS WAF challenge rules).';
  const NOT_JSON_FIX =
    "The token endpoint must answer in JSON (RFC 6749 section 5.1): check that the AccessTokenUri is the server's token endpoint itself.";
  const WRONG_TYPE_FIX =
    'Answer with Content-Type: application/json, as OAuth 2.0 (RFC 6749 section 5.1) requires.';
  const OBJECT = '{"error":"invalid_grant"}';
  test.each([
    [
      ' application/json ; charset=utf-8',
      OBJECT,
      { result: 'pass', detail: 'HTTP 400 application/json' },
    ],
    [
      'application/problem+json',
      OBJECT,
      { result: 'pass', detail: 'HTTP 400 application/problem+json' },
    ],
    [
      'application/json-seq',
      OBJECT,
      { result: 'warn', detail: 'HTTP 400 JSON sent as application/json-seq', fix: WRONG_TYPE_FIX },
    ],
    [
      '',
      OBJECT,
      { result: 'warn', detail: 'HTTP 400 JSON sent as no content type', fix: WRONG_TYPE_FIX },
    ],
    [
      'application/json',
      'null',
      { result: 'fail', detail: 'HTTP 400 application/json, not JSON', fix: NOT_JSON_FIX },
    ],
    [
      'application/json',
      '[1]',
      { result: 'fail', detail: 'HTTP 400 application/json, not JSON', fix: NOT_JSON_FIX },
    ],
    [
      'application/json',
      '42',
      { result: 'fail', detail: 'HTTP 400 application/json, not JSON', fix: NOT_JSON_FIX },
    ],
    [
      'text/plain',
      'x <html>',
      { result: 'fail', detail: 'HTTP 400 text/plain, not JSON', fix: NOT_JSON_FIX },
    ],
    [
      'text/plain',
      '  <!doctype html><p>challenge</p>',
      {
        result: 'fail',
        detail:
          'HTTP 400 text/plain: an HTML page, not a JSON token answer (a bot-protection or WAF challenge?)',
        fix: HTML_FIX,
      },
    ],
  ])('content type %j with body %j', (contentType, body, verdict) => {
    expect(tokenAnswerFormatCheck({ status: 400, contentType, body })).toEqual({
      check: JSON_CHECK,
      ...verdict,
    });
  });

  test.each([
    [true, 'its expires_in true is not a number'],
    [null, 'its expires_in null is not a number'],
    ['abc', 'its expires_in "abc" is not a number'],
    ['359', "its expires_in 359 is under Alexa's 360 s"],
    [360, undefined],
  ])('expires_in %j: %j', (expiresIn, problem) => {
    expect(shortLifetimeProblem(expiresIn)).toBe(problem);
  });

  const NOW = new Date('2026-01-01T00:00:00Z');
  const day = (n: number) => new Date(NOW.getTime() + n * 86_400_000);
  const check = 'TLS certificate of auth.example.com';
  test.each([
    [
      { trusted: false, validTo: day(100), issuer: 'Self' },
      {
        result: 'fail',
        detail: 'not trusted: unknown reason, issued by Self',
        fix: 'Alexa only calls hosts with a certificate from a certificate authority Amazon trusts: serve the whole chain, from a public CA.',
      },
    ],
    [
      { trusted: true, validTo: day(-1), issuer: 'Amazon RSA 2048 M02' },
      {
        result: 'fail',
        detail: 'expired on 2025-12-31 (-1 days)',
        fix: 'Renew the certificate: Alexa refuses the host.',
      },
    ],
    [
      { trusted: true, validTo: day(0), issuer: 'Amazon RSA 2048 M02' },
      {
        result: 'warn',
        detail: 'expires 2026-01-01 (0 days), issued by Amazon RSA 2048 M02',
        fix: 'Renew it before it expires, or linking and every refresh fail for all users.',
      },
    ],
    [
      { trusted: true, validTo: day(100), issuer: 'Lets Encrypt' },
      {
        result: 'warn',
        detail: 'issued by Lets Encrypt, valid until 2026-04-11 (100 days)',
        fix: "Alexa's account-linking requirements say Let's Encrypt certificates cannot be used: use a certificate from another public CA (ACM's, for example).",
      },
    ],
  ])('certificate %j', (facts, verdict) => {
    expect(certificateCheck({ host: 'auth.example.com', ...facts }, NOW)).toEqual({
      check,
      ...verdict,
    });
  });

  test('redirect URLs: a double trailing slash is a trailing slash; an unparsable entry is ignored', () => {
    const registered = [
      `${EXPECTED[0]}//`,
      'not a url',
      EXPECTED[1] as string,
      EXPECTED[2] as string,
    ];
    expect(redirectUrlsCheck(registered, EXPECTED, 'given')).toEqual({
      check: 'Alexa redirect URLs registered',
      result: 'fail',
      detail: `pitangui.amazon.com is registered with a trailing slash (${EXPECTED[0]}//) (given)`,
      fix: `Register exactly ${EXPECTED.join(', ')} as allowed callback URLs (the AlexaRedirectUrls output), nothing added, with your vendor ID.`,
    });
  });

  test('redirect URLs unknown: skip with its detail', () => {
    expect(redirectUrlsCheck(undefined, EXPECTED, 'given')).toEqual({
      check: 'Alexa redirect URLs registered',
      result: 'skip',
      detail: 'the server cannot be asked for its redirect URLs',
      fix: 'Pass --redirect-urls with the allowed callback URLs as registered at the server (comma-separated) to compare them.',
    });
  });

  const EXCHANGES = 'token exchanges (last day)';
  const FAIL_FIX =
    'Each invalid_grant refresh unlinked a user, and an exchange over 4.5 s failed a link: run npm run linking-log -- --since 1d to see when and why.';
  const WARN_FIX = 'Run npm run linking-log -- --since 1d to see each failure.';
  const none = { failuresByOutcome: [], unlinkingRefreshes: 0 };
  test.each([
    [
      { ...none, total: 0, failures: 0 },
      {
        result: 'skip',
        detail: 'the recorder logged no exchange in the last day',
        fix: 'Link the skill in the Alexa app (or wait for a refresh), then run again.',
      },
    ],
    [
      { ...none, total: 2, failures: 0 },
      { result: 'pass', detail: '2 exchanges, none failed; ' },
    ],
    [
      { ...none, total: 2, failures: 0, slowest: { time: new Date(0) } },
      { result: 'pass', detail: '2 exchanges, none failed; slowest ? ms (?, ?)' },
    ],
    [
      { ...none, total: 2, failures: 0, slowest: { time: new Date(0), latencyMs: 4500 } },
      { result: 'pass', detail: '2 exchanges, none failed; slowest 4500 ms (?, ?)' },
    ],
    [
      {
        total: 5,
        failures: 3,
        failuresByOutcome: [
          ['server_error', 2],
          ['invalid_client', 1],
        ] as const,
        unlinkingRefreshes: 0,
        slowest: { time: new Date(0), latencyMs: 4500 },
      },
      {
        result: 'warn',
        detail:
          '3 of 5 failed (server_error 2, invalid_client 1); 0 refresh(es) refused with invalid_grant; slowest 4500 ms (?, ?)',
        fix: WARN_FIX,
      },
    ],
    [
      { ...none, total: 5, failures: 1 },
      {
        result: 'warn',
        detail: '1 of 5 failed; 0 refresh(es) refused with invalid_grant; ',
        fix: WARN_FIX,
      },
    ],
    [
      { ...none, total: 5, failures: 0, slowest: { time: new Date(0), latencyMs: 4501 } },
      {
        result: 'fail',
        detail: '0 of 5 failed; 0 refresh(es) refused with invalid_grant; slowest 4501 ms (?, ?)',
        fix: FAIL_FIX,
      },
    ],
  ])('exchanges %j', (summary, verdict) => {
    expect(exchangeSummaryCheck(summary, 4500)).toEqual({ check: EXCHANGES, ...verdict });
  });
});
