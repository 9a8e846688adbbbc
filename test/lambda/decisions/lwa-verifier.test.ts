/**
 * The Login with Amazon adapter's decisions, each token-info and profile answer on a scripted
 * loopback server, with a fake clock for the cache lifetimes. Literal expectations throughout.
 */
import type * as http from 'node:http';
import { createLoginWithAmazonVerifier } from '../../../lambda/verifiers/login-with-amazon/lwa-linking-verifier';
import { startHttpServer, type LoopbackServer } from '../../support/loopback';

const CLIENT = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
const TOKEN = 'Atza|IwEBIAbc';
const ADA = { userId: 'amzn1.account.ADA', username: 'amzn1.account.ADA', scopes: [] };

interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly raw?: string;
}
let tokenInfo: Answer;
let profile: Answer;
let requests: Array<{ path: string; headers: http.IncomingHttpHeaders }>;
let server: LoopbackServer;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    const answer = req.url === '/tokeninfo' ? tokenInfo : profile;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
  });
});
afterAll(() => server.close());
beforeEach(() => {
  tokenInfo = { status: 200, body: { aud: CLIENT, exp: 3000, user_id: ADA.userId } };
  profile = {
    status: 200,
    body: { user_id: ADA.userId, name: ' Ada ', email: ' ada@example.com ' },
  };
  requests = [];
});

function verifier(
  options: {
    now?: () => number;
    maxEntries?: number;
    refusalTtlMs?: number;
    profileFailureTtlMs?: number;
  } = {}
) {
  const warnings: Array<[string, Record<string, unknown>]> = [];
  const lwa = createLoginWithAmazonVerifier(
    { lwaClientId: CLIENT },
    {
      tokenInfoUrl: `${server.url}/tokeninfo`,
      profileUrl: `${server.url}/profile`,
      warn: (message, details) => warnings.push([message, details]),
      ...options,
    }
  );
  return { lwa, warnings };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));
const paths = () => requests.map((r) => r.path);

describe('token-info answers', () => {
  test('a token for this client with time left is linked; headers carry the token, never the URL', async () => {
    const { lwa, warnings } = verifier();
    expect(await lwa.decide(TOKEN)).toStrictEqual({ kind: 'linked', user: ADA });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.path).toBe('/tokeninfo');
    expect(requests[0]?.headers['x-amz-access-token']).toBe(TOKEN);
    expect(requests[0]?.headers.accept).toBe('application/json');
    expect(warnings).toStrictEqual([]);
  });

  test.each<[string, Answer, unknown]>([
    [
      'another client',
      { status: 200, body: { aud: 'other', exp: 3000, user_id: 'u' } },
      { kind: 'invalid', reason: 'wrong-client' },
    ],
    [
      'no time left',
      { status: 200, body: { aud: CLIENT, exp: 0, user_id: 'u' } },
      { kind: 'invalid', reason: 'expired' },
    ],
    [
      'one second left',
      { status: 200, body: { aud: CLIENT, exp: 1, user_id: 'u' } },
      { kind: 'linked', user: { userId: 'u', username: 'u', scopes: [] } },
    ],
    [
      '400 invalid_token, expired',
      {
        status: 400,
        body: { error: 'invalid_token', error_description: 'The request has an Expired token' },
      },
      { kind: 'invalid', reason: 'expired' },
    ],
    [
      '401 invalid_token, expired',
      { status: 401, body: { error: 'invalid_token', error_description: 'EXPIRED' } },
      { kind: 'invalid', reason: 'expired' },
    ],
    [
      '400 invalid_token, revoked',
      { status: 400, body: { error: 'invalid_token', error_description: 'revoked' } },
      { kind: 'invalid', reason: 'refused-by-server' },
    ],
    [
      '400 invalid_token without a description',
      { status: 400, body: { error: 'invalid_token', error_description: 5 } },
      { kind: 'invalid', reason: 'refused-by-server' },
    ],
    [
      '400 invalid_request',
      { status: 400, body: { error: 'invalid_request' } },
      { kind: 'invalid', reason: 'malformed' },
    ],
  ])('%s', async (_case, answer, decision) => {
    tokenInfo = answer;
    const { lwa, warnings } = verifier();
    expect(await lwa.decide(TOKEN)).toStrictEqual(decision);
    expect(warnings).toStrictEqual([]);
  });

  test.each<[string, Answer]>([
    ['no aud', { status: 200, body: { exp: 3000, user_id: 'u' } }],
    ['an exp that is a string', { status: 200, body: { aud: CLIENT, exp: '3000', user_id: 'u' } }],
    [
      'an infinite exp (1e999)',
      { status: 200, raw: `{"aud":"${CLIENT}","exp":1e999,"user_id":"u"}` },
    ],
    ['an empty user_id', { status: 200, body: { aud: CLIENT, exp: 3000, user_id: '' } }],
    ['a numeric user_id', { status: 200, body: { aud: CLIENT, exp: 3000, user_id: 7 } }],
    ['a list', { status: 200, body: [CLIENT] }],
    ['not JSON', { status: 200, raw: 'oops' }],
  ])('a 200 with %s is unverifiable', async (_case, answer) => {
    tokenInfo = answer;
    const { lwa, warnings } = verifier();
    expect(await lwa.decide(TOKEN)).toStrictEqual({
      kind: 'unverifiable',
      reason: 'token-info-unavailable',
    });
    expect(warnings).toStrictEqual([
      ['token-info answered without aud, exp and user_id', { status: 200 }],
    ]);
  });

  test.each<[string, Answer, Record<string, unknown>]>([
    [
      'a 500',
      { status: 500, body: { error: 'server_error' } },
      { status: 500, error: 'server_error' },
    ],
    [
      'a 401 of another error',
      { status: 401, body: { error: 'invalid_client' } },
      { status: 401, error: 'invalid_client' },
    ],
    [
      'a 403 invalid_token',
      { status: 403, body: { error: 'invalid_token' } },
      { status: 403, error: 'invalid_token' },
    ],
    [
      'a 401 invalid_request',
      { status: 401, body: { error: 'invalid_request' } },
      { status: 401, error: 'invalid_request' },
    ],
    [
      'a 400 with a long error',
      { status: 400, body: { error: 'e'.repeat(80) } },
      { status: 400, error: 'e'.repeat(64) },
    ],
    [
      'a 400 with a numeric error',
      { status: 400, body: { error: 5 } },
      { status: 400, error: undefined },
    ],
  ])('%s is unverifiable, logged with its status', async (_case, answer, details) => {
    tokenInfo = answer;
    const { lwa, warnings } = verifier();
    expect(await lwa.decide(TOKEN)).toStrictEqual({
      kind: 'unverifiable',
      reason: 'token-info-unavailable',
    });
    expect(warnings).toStrictEqual([['token-info answered unexpectedly', details]]);
  });

  test('a network failure is unverifiable, logged by the error name', async () => {
    const warnings: Array<[string, Record<string, unknown>]> = [];
    const lwa = createLoginWithAmazonVerifier(
      { lwaClientId: CLIENT },
      { tokenInfoUrl: 'http://127.0.0.1:1/tokeninfo', warn: (m, d) => warnings.push([m, d]) }
    );
    expect(await lwa.decide(TOKEN)).toStrictEqual({
      kind: 'unverifiable',
      reason: 'token-info-unavailable',
    });
    expect(warnings).toStrictEqual([['token-info failed', { reason: 'TypeError' }]]);
  });
});

describe('screening before any call', () => {
  test.each<[string, unknown, unknown]>([
    ['a tab', '\t', { kind: 'unlinked' }],
    ['a number', 5, { kind: 'unlinked' }],
    ['no Atza| prefix', 'Atzb|abc', { kind: 'invalid', reason: 'malformed' }],
    ['text before the prefix', ' Atza|abc', { kind: 'invalid', reason: 'malformed' }],
    ['a space after the prefix', 'Atza|ab c', { kind: 'invalid', reason: 'malformed' }],
    ['a new line at the end', 'Atza|abc\n', { kind: 'invalid', reason: 'malformed' }],
    ['nothing after the prefix', 'Atza|', { kind: 'invalid', reason: 'malformed' }],
    ['2049 bytes', `Atza|${'a'.repeat(2044)}`, { kind: 'invalid', reason: 'malformed' }],
    [
      '2048 characters of 2049 bytes',
      `Atza|${'a'.repeat(2042)}é`,
      { kind: 'invalid', reason: 'malformed' },
    ],
  ])('%s', async (_case, token, decision) => {
    const { lwa } = verifier();
    expect(await lwa.decide(token)).toStrictEqual(decision);
    expect(requests).toStrictEqual([]);
  });

  test('2048 bytes are asked about', async () => {
    const { lwa } = verifier();
    expect(await lwa.decide(`Atza|${'a'.repeat(2043)}`)).toStrictEqual({
      kind: 'linked',
      user: ADA,
    });
    expect(paths()).toStrictEqual(['/tokeninfo']);
  });
});

describe('how long an answer is reused', () => {
  test('a linked answer lives for the seconds token-info gives', async () => {
    let clock = 0;
    const { lwa } = verifier({ now: () => clock });
    tokenInfo = { status: 200, body: { aud: CLIENT, exp: 10, user_id: ADA.userId } };
    await lwa.decide(TOKEN);
    await settle();
    clock = 9999;
    await lwa.decide(TOKEN);
    expect(requests).toHaveLength(1);
    clock = 10_000;
    await lwa.decide(TOKEN);
    expect(requests).toHaveLength(2);
  });

  test('never longer than an hour, whatever exp says', async () => {
    let clock = 0;
    const { lwa } = verifier({ now: () => clock });
    tokenInfo = { status: 200, body: { aud: CLIENT, exp: 7200, user_id: ADA.userId } };
    await lwa.decide(TOKEN);
    await settle();
    clock = 3_599_999;
    await lwa.decide(TOKEN);
    expect(requests).toHaveLength(1);
    clock = 3_600_000;
    await lwa.decide(TOKEN);
    expect(requests).toHaveLength(2);
  });

  test('a refusal is reused for 5 minutes by default', async () => {
    let clock = 0;
    tokenInfo = { status: 400, body: { error: 'invalid_token' } };
    const { lwa } = verifier({ now: () => clock });
    await lwa.decide(TOKEN);
    await settle();
    clock = 299_999;
    expect(await lwa.decide(TOKEN)).toStrictEqual({ kind: 'invalid', reason: 'refused-by-server' });
    expect(requests).toHaveLength(1);
    clock = 300_000;
    await lwa.decide(TOKEN);
    expect(requests).toHaveLength(2);
  });

  test('an unverifiable answer is not reused', async () => {
    const clock = 0;
    tokenInfo = { status: 503 };
    const { lwa } = verifier({ now: () => clock });
    await lwa.decide(TOKEN);
    await settle();
    await lwa.decide(TOKEN);
    expect(requests).toHaveLength(2);
  });

  test('while token-info is asked, concurrent requests share the call', async () => {
    const { lwa } = verifier({ now: () => 0 });
    await Promise.all([lwa.decide(TOKEN), lwa.decide(TOKEN)]);
    expect(requests).toHaveLength(1);
  });

  test('a cache of two tokens drops the oldest for a third', async () => {
    tokenInfo = { status: 400, body: { error: 'invalid_token' } };
    const { lwa } = verifier({ now: () => 0, maxEntries: 2 });
    for (const token of ['Atza|a', 'Atza|b', 'Atza|b', 'Atza|a']) await lwa.decide(token);
    await settle();
    expect(requests).toHaveLength(2);
    await lwa.decide('Atza|c'); // drops a
    await lwa.decide('Atza|b');
    expect(requests).toHaveLength(3);
    await lwa.decide('Atza|a');
    expect(requests).toHaveLength(4);
  });

  test('a cache of two profiles drops the oldest for a third', async () => {
    const { lwa } = verifier({ now: () => 0, maxEntries: 2 });
    const profiles = () => paths().filter((p) => p === '/profile').length;
    await lwa.profileOf(ADA, 'Atza|a');
    await lwa.profileOf(ADA, 'Atza|b');
    await lwa.profileOf(ADA, 'Atza|a');
    expect(profiles()).toBe(2);
  });
});

describe('the profile', () => {
  test('is read after the token verified, with the token as a bearer token, trimmed', async () => {
    const { lwa } = verifier();
    expect(await lwa.profileOf(ADA, TOKEN)).toStrictEqual({
      givenName: 'Ada',
      email: 'ada@example.com',
    });
    expect(paths()).toStrictEqual(['/tokeninfo', '/profile']);
    expect(requests[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(requests[1]?.headers.accept).toBe('application/json');
  });

  test('is not read for a refused token, or for another user', async () => {
    const { lwa } = verifier();
    expect(await lwa.profileOf({ ...ADA, userId: 'someone-else' }, TOKEN)).toBeUndefined();
    tokenInfo = { status: 400, body: { error: 'invalid_token' } };
    expect(await lwa.profileOf(ADA, 'Atza|refused')).toBeUndefined();
    expect(paths()).toStrictEqual(['/tokeninfo', '/tokeninfo']);
  });

  test.each<[string, Answer, string]>([
    ['a 404', { status: 404 }, 'profile answered HTTP 404'],
    ['a 201', { status: 201, body: { name: 'Ada' } }, 'profile answered HTTP 201'],
    [
      'another user',
      { status: 200, body: { user_id: 'other', name: 'Eve' } },
      'profile answer unusable',
    ],
    ['a list', { status: 200, body: [] }, 'profile answer unusable'],
    ['not JSON', { status: 200, raw: 'x' }, 'profile answer unusable'],
  ])('%s gives no profile, with a warning', async (_case, answer, reason) => {
    profile = answer;
    const { lwa, warnings } = verifier();
    expect(await lwa.profileOf(ADA, TOKEN)).toBeUndefined();
    expect(warnings).toStrictEqual([['no user profile', { reason }]]);
  });

  test('an answer without a user_id is the verified user', async () => {
    profile = { status: 200, body: { name: 'Ada', email: '' } };
    const { lwa } = verifier();
    expect(await lwa.profileOf(ADA, TOKEN)).toStrictEqual({ givenName: 'Ada', email: undefined });
  });

  test('a network failure gives no profile, logged by the error name', async () => {
    const warnings: Array<[string, Record<string, unknown>]> = [];
    const lwa = createLoginWithAmazonVerifier(
      { lwaClientId: CLIENT },
      {
        tokenInfoUrl: `${server.url}/tokeninfo`,
        profileUrl: 'http://127.0.0.1:1/profile',
        warn: (m, d) => warnings.push([m, d]),
      }
    );
    expect(await lwa.profileOf(ADA, TOKEN)).toBeUndefined();
    expect(warnings).toStrictEqual([['no user profile', { reason: 'profile failed: TypeError' }]]);
  });

  test('a profile is reused while the token lives', async () => {
    let clock = 0;
    tokenInfo = { status: 200, body: { aud: CLIENT, exp: 60, user_id: ADA.userId } };
    const { lwa } = verifier({ now: () => clock });
    await lwa.profileOf(ADA, TOKEN);
    await settle();
    clock = 59_999;
    await lwa.profileOf(ADA, TOKEN);
    expect(paths()).toStrictEqual(['/tokeninfo', '/profile']);
  });

  test('a failed profile is remembered for 30 s by default, not longer', async () => {
    let clock = 0;
    profile = { status: 500 };
    const { lwa } = verifier({ now: () => clock });
    await lwa.profileOf(ADA, TOKEN);
    await settle();
    clock = 29_999;
    await lwa.profileOf(ADA, TOKEN);
    expect(paths()).toStrictEqual(['/tokeninfo', '/profile']);
    clock = 30_000;
    await lwa.profileOf(ADA, TOKEN);
    expect(paths()).toStrictEqual(['/tokeninfo', '/profile', '/profile']);
  });

  test('a failed profile is never remembered past the token', async () => {
    let clock = 0;
    profile = { status: 500 };
    tokenInfo = { status: 200, body: { aud: CLIENT, exp: 10, user_id: ADA.userId } };
    const { lwa } = verifier({ now: () => clock, profileFailureTtlMs: 60_000 });
    await lwa.profileOf(ADA, TOKEN);
    await settle();
    clock = 10_000;
    await lwa.profileOf(ADA, TOKEN);
    expect(paths()).toStrictEqual(['/tokeninfo', '/profile', '/tokeninfo', '/profile']);
  });
});
