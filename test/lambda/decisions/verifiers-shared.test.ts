/**
 * The verifier adapters' shared parts, pure or on loopback: every aws-jwt-verify error class and
 * the outcome it maps to, the token-keyed cache at its boundaries, the key-set cooldown, and the
 * userInfo client's cache lifetimes and bound.
 */
import {
  AlbJwksNotExposedError,
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidGroupError,
  CognitoJwtInvalidTokenUseError,
  FailedAssertionError,
  FetchError,
  JwkInvalidKtyError,
  JwkInvalidUseError,
  JwkValidationError,
  JwksValidationError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidScopeError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  JwksNotAvailableInCacheError,
  KidNotFoundInJwksError,
  NonRetryableFetchError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import {
  CooldownFetcher,
  JWKS_FAILURE_COOLDOWN_MS,
  JWKS_REQUEST_TIMEOUTS,
} from '../../../lambda/verifiers/shared/jwks-fetcher';
import {
  UNKNOWN_KEY_REFETCH_INTERVAL_MS,
  UnknownKeyRefetchLimit,
  createJwksCache,
} from '../../../lambda/verifiers/shared/jwks-cache';
import { classifyVerificationError } from '../../../lambda/verifiers/shared/jwt-errors';
import { TokenKeyedCache } from '../../../lambda/verifiers/shared/token-keyed-cache';
import {
  createUserInfoClient,
  profileFromUserInfo,
} from '../../../lambda/verifiers/shared/user-info-client';
import { sendJson, startHttpServer, type LoopbackServer } from '../../support/loopback';

describe('classifyVerificationError', () => {
  const claim = (Type: new (msg: string, actual: unknown, expected?: string) => Error) =>
    new Type('m', 'actual', 'expected');

  test.each<[string, unknown, unknown]>([
    [
      'FetchError',
      new FetchError('https://idp/jwks', 'down'),
      { outcome: 'unavailable', reason: 'key-set-unavailable' },
    ],
    [
      'NonRetryableFetchError',
      new NonRetryableFetchError('https://idp/jwks', 'down'),
      { outcome: 'unavailable', reason: 'key-set-unavailable' },
    ],
    [
      'JwksValidationError',
      new JwksValidationError('bad key set'),
      { outcome: 'unavailable', reason: 'key-set-unavailable' },
    ],
    [
      'JwksNotAvailableInCacheError',
      new JwksNotAvailableInCacheError('not yet'),
      { outcome: 'unavailable', reason: 'key-set-unavailable' },
    ],
    ['JwtExpiredError', claim(JwtExpiredError), { outcome: 'rejected', reason: 'expired' }],
    [
      'JwtNotBeforeError',
      claim(JwtNotBeforeError),
      { outcome: 'rejected', reason: 'not-yet-valid' },
    ],
    [
      'CognitoJwtInvalidClientIdError',
      claim(CognitoJwtInvalidClientIdError),
      { outcome: 'rejected', reason: 'wrong-client' },
    ],
    [
      'JwtInvalidAudienceError',
      claim(JwtInvalidAudienceError),
      { outcome: 'rejected', reason: 'wrong-client' },
    ],
    [
      'CognitoJwtInvalidTokenUseError',
      claim(CognitoJwtInvalidTokenUseError),
      { outcome: 'rejected', reason: 'wrong-token-use' },
    ],
    [
      'JwtInvalidIssuerError',
      claim(JwtInvalidIssuerError),
      { outcome: 'rejected', reason: 'wrong-issuer' },
    ],
    [
      'an issuer not configured',
      new ParameterValidationError('issuer not configured: https://evil'),
      { outcome: 'rejected', reason: 'wrong-issuer' },
    ],
    [
      'an issuer that must be provided',
      new ParameterValidationError('issuer must be provided for this token'),
      { outcome: 'rejected', reason: 'wrong-issuer' },
    ],
    [
      'JwtInvalidSignatureError',
      new JwtInvalidSignatureError('sig'),
      { outcome: 'rejected', reason: 'bad-signature' },
    ],
    [
      'JwtInvalidSignatureAlgorithmError',
      claim(JwtInvalidSignatureAlgorithmError),
      { outcome: 'rejected', reason: 'bad-signature' },
    ],
    [
      'KidNotFoundInJwksError',
      new KidNotFoundInJwksError('kid'),
      { outcome: 'unavailable', reason: 'unknown-key' },
    ],
    [
      'WaitPeriodNotYetEndedJwkError',
      new WaitPeriodNotYetEndedJwkError('wait'),
      { outcome: 'unavailable', reason: 'unknown-key' },
    ],
    [
      'JwkValidationError',
      new JwkValidationError('jwk'),
      { outcome: 'unavailable', reason: 'key-set-unavailable' },
    ],
    [
      'JwkInvalidUseError',
      claim(JwkInvalidUseError),
      { outcome: 'rejected', reason: 'bad-signature' },
    ],
    [
      'JwkInvalidKtyError',
      claim(JwkInvalidKtyError),
      { outcome: 'rejected', reason: 'bad-signature' },
    ],
    ['JwtParseError', new JwtParseError('parse'), { outcome: 'rejected', reason: 'malformed' }],
    [
      'JwtWithoutValidKidError',
      new JwtWithoutValidKidError('kid'),
      { outcome: 'rejected', reason: 'malformed' },
    ],
    [
      'FailedAssertionError',
      new FailedAssertionError('m', 1, 'string'),
      { outcome: 'rejected', reason: 'malformed' },
    ],
    [
      'JwtInvalidScopeError (a claim of the wrong value)',
      claim(JwtInvalidScopeError),
      { outcome: 'rejected', reason: 'malformed' },
    ],
    [
      'CognitoJwtInvalidGroupError',
      claim(CognitoJwtInvalidGroupError),
      { outcome: 'rejected', reason: 'malformed' },
    ],
  ])('%s', (_case, error, expected) => {
    expect(classifyVerificationError(error)).toStrictEqual(expected);
  });

  test.each<[string, unknown]>([
    ['a TypeError', new TypeError('bug')],
    [
      'a ParameterValidationError of another kind',
      new ParameterValidationError('userPoolId is invalid'),
    ],
    [
      'an issuer message not at the start',
      new ParameterValidationError('the issuer not configured'),
    ],
    ['AlbJwksNotExposedError', new AlbJwksNotExposedError('alb')],
    ['a string', 'issuer not configured'],
  ])('rethrows %s', (_case, error) => {
    expect(() => classifyVerificationError(error)).toThrow();
    try {
      classifyVerificationError(error);
    } catch (thrown) {
      expect(thrown).toBe(error);
    }
  });
});

describe('TokenKeyedCache', () => {
  test('keys are the SHA-256 hex of the token', () => {
    expect(TokenKeyedCache.keyOf('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    );
  });

  test('an entry lives until just before its expiry', () => {
    let clock = 1000;
    const cache = new TokenKeyedCache<string>(10, () => clock);
    cache.set('k', 'v', 2000);
    clock = 1999;
    expect(cache.get('k')).toBe('v');
    expect(cache.expiresAt('k')).toBe(2000);
    clock = 2000;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.expiresAt('k')).toBeUndefined();
    expect(cache.get('missing')).toBeUndefined();
  });

  test('an expired entry has no expiry to tell, even before a get() dropped it', () => {
    let clock = 1000;
    const cache = new TokenKeyedCache<string>(10, () => clock);
    cache.set('k', 'v', 2000);
    clock = 2000;
    expect(cache.expiresAt('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('when full, the oldest entry makes room, and setting a key again refreshes its place', () => {
    const cache = new TokenKeyedCache<string>(2, () => 0);
    cache.set('a', '1', 10);
    cache.set('b', '2', 10);
    cache.set('a', '3', 10); // re-set: 'a' is now the newest, nothing evicted
    expect(cache.size).toBe(2);
    cache.set('c', '4', 10); // 'b' is the oldest
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toStrictEqual(['3', undefined, '4']);
    expect(cache.size).toBe(2);
  });

  test('a cache of one keeps the last entry only', () => {
    const cache = new TokenKeyedCache<string>(1, () => 0);
    cache.set('a', '1', 10);
    cache.set('b', '2', 10);
    expect([cache.get('a'), cache.get('b'), cache.size]).toStrictEqual([undefined, '2', 1]);
  });

  test('expireAt moves the expiry of the same value only, and drops it when due', () => {
    const clock = 100;
    const cache = new TokenKeyedCache<object>(10, () => clock);
    const value = {};
    cache.set('k', value, 1000);
    cache.expireAt('k', {}, 500); // another value: ignored
    expect(cache.expiresAt('k')).toBe(1000);
    cache.expireAt('k', value, 500);
    expect(cache.expiresAt('k')).toBe(500);
    cache.expireAt('k', value, 101);
    expect(cache.expiresAt('k')).toBe(101);
    cache.expireAt('k', value, 100); // due now: dropped
    expect(cache.size).toBe(0);
    cache.expireAt('gone', value, 900); // nothing to move
    expect(cache.size).toBe(0);
  });
});

describe('CooldownFetcher', () => {
  test('the production defaults: 1 s to connect, 1.5 s to answer, 2 s of cooldown', () => {
    expect(JWKS_REQUEST_TIMEOUTS).toStrictEqual({ timeout: 1000, responseTimeout: 1500 });
    expect(JWKS_FAILURE_COOLDOWN_MS).toBe(2000);
  });

  function scripted(answers: Array<'ok' | 'fail'>) {
    const calls: Array<[string, unknown, unknown]> = [];
    const inner: Fetcher = {
      async fetch(uri, requestOptions, data) {
        calls.push([uri, requestOptions, data]);
        if (answers.shift() === 'fail') throw new FetchError(uri, 'refused');
        return new ArrayBuffer(1);
      },
    };
    return { inner, calls };
  }

  test('passes the request through, and a success clears an earlier failure', async () => {
    let clock = 0;
    const { inner, calls } = scripted(['fail', 'ok', 'fail']);
    const fetcher = new CooldownFetcher(inner, 100, () => clock);
    await expect(fetcher.fetch('u', { a: 1 })).rejects.toThrow('refused');
    clock = 99;
    await expect(fetcher.fetch('u')).rejects.toThrow(
      'an earlier fetch failed moments ago; not retrying yet'
    );
    await expect(fetcher.fetch('other')).resolves.toBeInstanceOf(ArrayBuffer); // per URI
    clock = 100;
    await expect(fetcher.fetch('u')).rejects.toThrow('refused');
    expect(calls).toStrictEqual([
      ['u', { a: 1 }, undefined],
      ['other', undefined, undefined],
      ['u', undefined, undefined],
    ]);
  });

  test('after a success the next failure starts a new cooldown from its own time', async () => {
    let clock = 0;
    const { inner, calls } = scripted(['ok', 'ok']);
    const fetcher = new CooldownFetcher(inner, 100, () => clock);
    await fetcher.fetch('u');
    clock = 1;
    await fetcher.fetch('u');
    expect(calls).toHaveLength(2);
  });

  test('the default cooldown is 2000 ms', async () => {
    let clock = 0;
    const { inner, calls } = scripted(['fail', 'ok']);
    const fetcher = new CooldownFetcher(inner, undefined, () => clock);
    await expect(fetcher.fetch('u')).rejects.toThrow('refused');
    clock = 1999;
    await expect(fetcher.fetch('u')).rejects.toThrow(/earlier fetch failed/);
    clock = 2000;
    await expect(fetcher.fetch('u')).resolves.toBeInstanceOf(ArrayBuffer);
    expect(calls).toHaveLength(2);
  });
});

describe('UnknownKeyRefetchLimit', () => {
  test('the production interval is 2 s: a late-published key verifies within seconds', () => {
    expect(UNKNOWN_KEY_REFETCH_INTERVAL_MS).toBe(2000);
  });

  test('after a refetch without the key ID, refuses refetches for that URI until the interval is over', async () => {
    expect.assertions(6);
    let clock = 1000;
    const limit = new UnknownKeyRefetchLimit(undefined, () => clock);
    await expect(limit.wait('u')).resolves.toBeUndefined();
    limit.registerFailedAttempt('u');
    clock = 2999;
    await expect(limit.wait('u')).rejects.toBeInstanceOf(WaitPeriodNotYetEndedJwkError);
    await expect(limit.wait('u')).rejects.toThrow(
      'the key set was refetched for an unknown key ID moments ago; not refetching yet'
    );
    // Per key-set URI: another issuer's key set is not held back.
    await expect(limit.wait('other')).resolves.toBeUndefined();
    clock = 3000;
    await expect(limit.wait('u')).resolves.toBeUndefined();
    limit.registerFailedAttempt('u');
    await expect(limit.wait('u')).rejects.toBeInstanceOf(WaitPeriodNotYetEndedJwkError);
  });

  test('a refetch that finds its key lifts the limit', async () => {
    let clock = 0;
    const limit = new UnknownKeyRefetchLimit(500, () => clock);
    limit.registerFailedAttempt('u');
    clock = 499;
    await expect(limit.wait('u')).rejects.toBeInstanceOf(WaitPeriodNotYetEndedJwkError);
    limit.registerSuccessfulAttempt('u');
    await expect(limit.wait('u')).resolves.toBeUndefined();
  });

  test('createJwksCache puts the limit in front of the fetcher', async () => {
    let clock = 0;
    const fetched: string[] = [];
    const cache = createJwksCache({
      fetcher: {
        async fetch(uri) {
          fetched.push(uri);
          return new TextEncoder().encode('{"keys":[]}').buffer as ArrayBuffer;
        },
      },
      unknownKeyRefetchIntervalMs: 100,
      now: () => clock,
    });
    const jwt = { header: { kid: 'random', alg: 'RS256' } } as unknown as Parameters<
      typeof cache.getJwk
    >[1];
    await expect(cache.getJwk('u', jwt)).rejects.toBeInstanceOf(KidNotFoundInJwksError);
    clock = 99;
    await expect(cache.getJwk('u', jwt)).rejects.toBeInstanceOf(WaitPeriodNotYetEndedJwkError);
    clock = 100;
    await expect(cache.getJwk('u', jwt)).rejects.toBeInstanceOf(KidNotFoundInJwksError);
    expect(fetched).toStrictEqual(['u', 'u']);
  });
});

describe('createUserInfoClient lifetimes', () => {
  let server: LoopbackServer;
  let status = 200;
  let hits: Array<{ authorization?: string; accept?: string }> = [];
  beforeAll(async () => {
    server = await startHttpServer((req, res) => {
      hits.push({ authorization: req.headers.authorization, accept: req.headers.accept });
      if (status !== 200) return sendJson(res, status, { error: 'x' });
      return sendJson(res, 200, { given_name: 'Ada', email: 'ada@example.com' });
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    status = 200;
    hits = [];
  });

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test('sends the token as a bearer token and asks for JSON', async () => {
    const users = createUserInfoClient({ userInfoUrl: `${server.url}/u` });
    expect(await users.profileFor('u-1', 'tok')).toStrictEqual({
      givenName: 'Ada',
      email: 'ada@example.com',
    });
    expect(hits).toStrictEqual([{ authorization: 'Bearer tok', accept: 'application/json' }]);
  });

  test('a profile is reused for 15 minutes by default, not longer', async () => {
    let clock = 0;
    const users = createUserInfoClient({ userInfoUrl: `${server.url}/u`, now: () => clock });
    await users.profileFor('u-1', 't');
    await settle();
    clock = 15 * 60 * 1000 - 1;
    await users.profileFor('u-1', 't');
    expect(hits).toHaveLength(1);
    clock = 15 * 60 * 1000;
    await users.profileFor('u-1', 't');
    expect(hits).toHaveLength(2);
  });

  test('a failure is remembered for 30 seconds by default, not longer', async () => {
    status = 500;
    let clock = 0;
    const users = createUserInfoClient({ userInfoUrl: `${server.url}/u`, now: () => clock });
    expect(await users.profileFor('u-1', 't')).toBeUndefined();
    await settle();
    clock = 29_999;
    await users.profileFor('u-1', 't');
    expect(hits).toHaveLength(1);
    clock = 30_000;
    await users.profileFor('u-1', 't');
    expect(hits).toHaveLength(2);
  });

  test('a successful profile keeps its own lifetime, not the failure lifetime', async () => {
    let clock = 0;
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/u`,
      ttlMs: 60_000,
      failureTtlMs: 1000,
      now: () => clock,
    });
    await users.profileFor('u-1', 't');
    await settle();
    clock = 59_999;
    await users.profileFor('u-1', 't');
    expect(hits).toHaveLength(1);
  });

  test('a failure lifetime longer than the profile lifetime does not extend it', async () => {
    status = 500;
    let clock = 0;
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/u`,
      ttlMs: 1000,
      failureTtlMs: 60_000,
      now: () => clock,
    });
    await users.profileFor('u-1', 't');
    await settle();
    clock = 1000;
    await users.profileFor('u-1', 't');
    expect(hits).toHaveLength(2);
  });

  test('keeps 1000 users by default: the 1001st evicts the first', async () => {
    // An unparseable URL fails at once, without a request: each lookup is one onFailure call.
    const lookups: string[] = [];
    const users = createUserInfoClient({
      userInfoUrl: 'not a url',
      onFailure: (reason) => lookups.push(reason),
      now: () => 0,
    });
    for (let i = 0; i < 1000; i += 1) await users.profileFor(`u-${i}`, 't');
    await users.profileFor('u-0', 't');
    expect(lookups).toHaveLength(1000);
    expect(lookups[0]).toBe('userInfo failed: TypeError');
    await users.profileFor('u-1000', 't'); // evicts u-0
    await users.profileFor('u-1', 't');
    expect(lookups).toHaveLength(1001);
    await users.profileFor('u-0', 't');
    expect(lookups).toHaveLength(1002);
  });

  test('a full cache of two keeps the two newest users', async () => {
    const users = createUserInfoClient({ userInfoUrl: `${server.url}/u`, maxEntries: 2 });
    await users.profileFor('a', 't');
    await users.profileFor('b', 't');
    await users.profileFor('b', 't');
    await users.profileFor('a', 't');
    expect(hits).toHaveLength(2);
    await users.profileFor('c', 't'); // evicts a
    await users.profileFor('b', 't');
    expect(hits).toHaveLength(3);
  });

  test('an expired entry is replaced, not counted against the bound', async () => {
    let clock = 0;
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/u`,
      maxEntries: 2,
      ttlMs: 10,
      now: () => clock,
    });
    await users.profileFor('a', 't');
    await users.profileFor('b', 't');
    clock = 10;
    await users.profileFor('b', 't'); // expired: asked again, still two entries
    clock = 11;
    await users.profileFor('a', 't'); // expired too
    expect(hits).toHaveLength(4);
    await users.profileFor('b', 't');
    expect(hits).toHaveLength(4);
  });

  test('an expired entry asked again replaces itself, not the other user', async () => {
    let clock = 0;
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/u`,
      maxEntries: 2,
      ttlMs: 60_000,
      failureTtlMs: 1000,
      now: () => clock,
    });
    await users.profileFor('a', 't'); // a profile, kept a minute
    status = 500;
    await users.profileFor('b', 't'); // a failure, kept a second
    await settle();
    status = 200;
    clock = 1000;
    await users.profileFor('b', 't'); // expired: asked again
    await users.profileFor('a', 't'); // still cached
    expect(hits).toHaveLength(3);
  });

  test('a 201 is a failure, reported with its status', async () => {
    status = 201;
    const reasons: string[] = [];
    const users = createUserInfoClient({
      userInfoUrl: `${server.url}/u`,
      onFailure: (r) => reasons.push(r),
    });
    expect(await users.profileFor('u-1', 't')).toBeUndefined();
    expect(reasons).toStrictEqual(['userInfo answered HTTP 201']);
  });

  test('a network failure is reported by the error name alone', async () => {
    const reasons: string[] = [];
    const users = createUserInfoClient({
      userInfoUrl: 'http://127.0.0.1:1/u',
      onFailure: (r) => reasons.push(r),
    });
    expect(await users.profileFor('u-1', 't')).toBeUndefined();
    expect(reasons).toStrictEqual(['userInfo failed: TypeError']);
  });
});

describe('profileFromUserInfo', () => {
  test.each([
    [
      { given_name: 'Ada', name: 'Ada Lovelace', email: ' a@b.c ' },
      { givenName: 'Ada', email: 'a@b.c' },
    ],
    [
      { given_name: '  ', name: 'Grace' },
      { givenName: 'Grace', email: undefined },
    ],
    [{ email: '' }, { givenName: undefined, email: undefined }],
    [[], { givenName: undefined, email: undefined }],
    [42, undefined],
    [undefined, undefined],
  ])('%j', (body, expected) => {
    expect(profileFromUserInfo(body)).toStrictEqual(expected);
  });
});
