import { FetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { CooldownFetcher } from '../../lambda/verifiers/shared/jwks-fetcher';
import {
  createUserInfoClient,
  profileFromUserInfo,
} from '../../lambda/verifiers/shared/user-info-client';
import { sendJson, startHttpServer, type LoopbackServer } from '../support/loopback';

describe('CooldownFetcher', () => {
  function flakyFetcher() {
    const calls: string[] = [];
    let failing = true;
    const inner: Fetcher = {
      async fetch(uri) {
        calls.push(uri);
        if (failing) throw new FetchError(uri, 'connection refused');
        return new TextEncoder().encode('{"keys":[]}').buffer as ArrayBuffer;
      },
    };
    return { inner, calls, recover: () => (failing = false) };
  }

  test('fails fast without fetching during the cooldown after a failure, then tries again', async () => {
    expect.assertions(5);
    let clock = 0;
    const { inner, calls, recover } = flakyFetcher();
    const fetcher = new CooldownFetcher(inner, 5000, () => clock);

    await expect(fetcher.fetch('https://idp/jwks')).rejects.toThrow('connection refused');
    clock = 4999;
    await expect(fetcher.fetch('https://idp/jwks')).rejects.toThrow(/earlier fetch failed/);
    expect(calls).toHaveLength(1);

    recover();
    clock = 5000;
    await expect(fetcher.fetch('https://idp/jwks')).resolves.toBeInstanceOf(ArrayBuffer);
    expect(calls).toHaveLength(2);
  });
});

describe('createUserInfoClient', () => {
  let server: LoopbackServer;
  let behaviour: 'serve' | 'fail' | 'slow' = 'serve';
  let authorizations: string[] = [];

  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      authorizations.push(req.headers.authorization ?? '');
      if (behaviour === 'fail') return sendJson(res, 503, {});
      const answer = () =>
        sendJson(res, 200, { sub: 'u-1', given_name: 'Ada', email: 'ada@example.com' });
      if (behaviour === 'slow') return void setTimeout(answer, 400);
      return answer();
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    behaviour = 'serve';
    authorizations = [];
  });

  const client = (
    options: { ttlMs?: number; failureTtlMs?: number; timeoutMs?: number; now?: () => number } = {}
  ) => createUserInfoClient({ userInfoUrl: `${server.url}/oauth2/userInfo`, ...options });

  test('asks userInfo with the access token as a bearer token', async () => {
    expect(await client().profileFor('u-1', 'token-1')).toEqual({
      givenName: 'Ada',
      email: 'ada@example.com',
    });
    expect(authorizations).toEqual(['Bearer token-1']);
  });

  test('caches per user, and shares one call among concurrent requests', async () => {
    const users = client();
    await Promise.all([
      users.profileFor('u-1', 't'),
      users.profileFor('u-1', 't'),
      users.profileFor('u-1', 't'),
    ]);
    await users.profileFor('u-1', 't');
    await users.profileFor('u-2', 't');
    expect(authorizations).toHaveLength(2);
  });

  test('asks again once the cached profile expires', async () => {
    let clock = 0;
    const users = client({ ttlMs: 1000, now: () => clock });
    await users.profileFor('u-1', 't');
    clock = 1001;
    await users.profileFor('u-1', 't');
    expect(authorizations).toHaveLength(2);
  });

  test('gives up after the timeout and remembers the failure briefly', async () => {
    behaviour = 'slow';
    const reasons: string[] = [];
    let clock = 0;
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/oauth2/userInfo`,
      timeoutMs: 100,
      failureTtlMs: 1000,
      now: () => clock,
      onFailure: (reason) => reasons.push(reason),
    });
    expect(await users.profileFor('u-1', 't')).toBeUndefined();
    expect(reasons).toEqual(['userInfo failed: TimeoutError']);
    await users.profileFor('u-1', 't');
    expect(authorizations).toHaveLength(1);
    clock = 1001;
    behaviour = 'serve';
    expect(await users.profileFor('u-1', 't')).toEqual({
      givenName: 'Ada',
      email: 'ada@example.com',
    });
  });

  test('reports an error status without the token', async () => {
    behaviour = 'fail';
    const reasons: string[] = [];
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/oauth2/userInfo`,
      onFailure: (r) => reasons.push(r),
    });
    expect(await users.profileFor('u-1', 'secret-token')).toBeUndefined();
    expect(reasons).toEqual(['userInfo answered HTTP 503']);
  });

  test("a redirect is refused, not followed: another origin's profile is never spoken", async () => {
    // The profile an attacker-controlled origin would serve, and a userInfo URL that redirects there.
    const elsewhere = await startHttpServer((_req, res) =>
      sendJson(res, 200, { given_name: 'Mallory', email: 'mallory@example.com' })
    );
    const redirector = await startHttpServer((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/userinfo` });
      res.end();
    });
    try {
      const reasons: string[] = [];
      const users = createUserInfoClient({
        userInfoUrl: `${redirector.url}/oauth2/userInfo`,
        onFailure: (r) => reasons.push(r),
      });
      expect(await users.profileFor('u-1', 'secret-token')).toBeUndefined();
      expect(reasons).toEqual(['userInfo failed: TypeError']);
      expect(redirector.hits).toHaveLength(1);
      expect(elsewhere.hits).toHaveLength(0);
    } finally {
      await Promise.all([elsewhere.close(), redirector.close()]);
    }
  });

  test('keeps at most maxEntries users', async () => {
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/oauth2/userInfo`,
      maxEntries: 2,
    });
    for (const user of ['a', 'b', 'c', 'a']) await users.profileFor(user, 't');
    // 'a' was evicted by 'c' and fetched again.
    expect(authorizations).toHaveLength(4);
  });

  test.each([
    [
      { given_name: ' Ada ', email: 'ada@example.com' },
      { givenName: 'Ada', email: 'ada@example.com' },
    ],
    [{ name: 'Grace Hopper' }, { givenName: 'Grace Hopper', email: undefined }],
    [
      { given_name: 7, email: ['x'] },
      { givenName: undefined, email: undefined },
    ],
    ['not an object', undefined],
    [null, undefined],
  ])('profileFromUserInfo(%j)', (body, expected) => {
    expect(profileFromUserInfo(body)).toEqual(expected);
  });
});
