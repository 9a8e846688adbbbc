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
