/**
 * The Login with Amazon adapter against a loopback stand-in answering like token-info and the
 * profile API, alone and inside the skill with the real Powertools logger.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { buildSkill } from '../../lambda/custom-skill/build-skill';
import { createLinkingVerifier } from '../../lambda/verifiers';
import {
  MAX_LWA_ACCESS_TOKEN_BYTES,
  createLoginWithAmazonVerifier,
  type LoginWithAmazonVerifierOptions,
} from '../../lambda/verifiers/login-with-amazon/lwa-linking-verifier';
import { TokenKeyedCache } from '../../lambda/verifiers/shared/token-keyed-cache';
import { intentRequest, launchRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import {
  ADA,
  LWA_CLIENT_ID,
  OTHER_LWA_CLIENT_ID,
  lwaShapedToken,
  startLwaStandIn,
  type LwaStandIn,
} from '../support/lwa-stand-in';
import { captureOutput } from '../support/output-capture';

const TOKEN_INFO = '/auth/o2/tokeninfo';
const PROFILE = '/user/profile';

let lwa: LwaStandIn;
beforeEach(async () => {
  lwa = await startLwaStandIn();
});
afterEach(() => lwa.close());

function verifierFor(options: LoginWithAmazonVerifierOptions = {}) {
  return createLoginWithAmazonVerifier(
    { lwaClientId: LWA_CLIENT_ID },
    { tokenInfoUrl: lwa.tokenInfoUrl, profileUrl: lwa.profileUrl, ...options }
  );
}

const linkedAda = {
  kind: 'linked',
  user: { userId: ADA.userId, username: ADA.userId, scopes: [] },
} as const;

describe('Login with Amazon: deciding', () => {
  test('a token token-info vouches for, for this client, is linked; the profile gives the greeting', async () => {
    const verifier = verifierFor();
    const token = lwa.issue();
    const decision = await verifier.decide(token);
    expect(decision).toEqual(linkedAda);
    expect(await verifier.profileOf(linkedAda.user, token)).toEqual({
      givenName: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expect(lwa.requests.map((r) => r.path)).toEqual([TOKEN_INFO, PROFILE]);
  });

  test('a token minted for another client is wrong-client, and costs no profile call', async () => {
    const verifier = verifierFor();
    const token = lwa.issue({ aud: OTHER_LWA_CLIENT_ID });
    expect(await verifier.decide(token)).toEqual({ kind: 'invalid', reason: 'wrong-client' });
    expect(await verifier.profileOf(linkedAda.user, token)).toBeUndefined();
    expect(lwa.callsTo(PROFILE)).toBe(0);
  });

  test('400 invalid_token (revoked, unknown) is invalid', async () => {
    const verifier = verifierFor();
    const token = lwa.issue();
    lwa.revoke(token);
    expect(await verifier.decide(token)).toEqual({ kind: 'invalid', reason: 'refused-by-server' });
    expect(await verifier.profileOf(linkedAda.user, token)).toBeUndefined();
    expect(lwa.callsTo(PROFILE)).toBe(0);
  });

  test.each([
    ['answers 500', 'fail'],
    ['drops the connection', 'down'],
    ['answers garbage JSON', 'garbage'],
  ] as const)('token-info that %s is unverifiable, and is asked again next time', async (_c, b) => {
    const verifier = verifierFor();
    const token = lwa.issue();
    lwa.tokenInfoBehaviour = b;
    expect(await verifier.decide(token)).toEqual({
      kind: 'unverifiable',
      reason: 'token-info-unavailable',
    });
    lwa.tokenInfoBehaviour = 'serve';
    expect(await verifier.decide(token)).toEqual(linkedAda);
    expect(lwa.callsTo(TOKEN_INFO)).toBe(2);
  });

  test('slow token-info is unverifiable once the timeout passes, not when Amazon answers', async () => {
    const verifier = verifierFor({ tokenInfoTimeoutMs: 300 });
    lwa.tokenInfoBehaviour = 'slow';
    const started = Date.now();
    expect(await verifier.decide(lwa.issue())).toEqual({
      kind: 'unverifiable',
      reason: 'token-info-unavailable',
    });
    // The stand-in answers after 3 s; a loaded machine may add a little to the 300 ms.
    expect(Date.now() - started).toBeLessThan(2500);
  });

  test.each([
    ['one byte over 2048', `Atza|${'A'.repeat(MAX_LWA_ACCESS_TOKEN_BYTES - 4)}`],
    ['not Atza|', `Atzr|${'A'.repeat(400)}`],
    ['a JWT', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'],
    ['with a space', 'Atza|abc def'],
    ['with a line break', 'Atza|abc\r\nx-injected: 1'],
  ])('a string %s is malformed, refused before any call', async (_c, token) => {
    expect(await verifierFor().decide(token)).toEqual({ kind: 'invalid', reason: 'malformed' });
    expect(lwa.requests).toEqual([]);
  });

  test('exactly 2048 bytes is still asked about', async () => {
    const token = `Atza|${'A'.repeat(MAX_LWA_ACCESS_TOKEN_BYTES - 5)}`;
    expect(Buffer.byteLength(token)).toBe(2048);
    expect(await verifierFor().decide(token)).toEqual({
      kind: 'invalid',
      reason: 'refused-by-server',
    });
    expect(lwa.callsTo(TOKEN_INFO)).toBe(1);
  });

  test.each([undefined, '', '   ', 42, null])('%j is unlinked, with no call', async (token) => {
    expect(await verifierFor().decide(token)).toEqual({ kind: 'unlinked' });
    expect(lwa.requests).toEqual([]);
  });
});

describe('Login with Amazon: caching', () => {
  test('a warm container asks token-info once per token and the profile API once per token', async () => {
    const verifier = verifierFor();
    const token = lwa.issue();
    const decisions = await Promise.all(Array.from({ length: 10 }, () => verifier.decide(token)));
    for (let i = 0; i < 10; i += 1) {
      expect(await verifier.decide(token)).toEqual(linkedAda);
      expect(await verifier.profileOf(linkedAda.user, token)).toMatchObject({ email: ADA.email });
    }
    expect(decisions).toEqual(Array.from({ length: 10 }, () => linkedAda));
    expect(lwa.callsTo(TOKEN_INFO)).toBe(1);
    expect(lwa.callsTo(PROFILE)).toBe(1);
    // Another token (the refreshed one Alexa sends next hour) is asked about on its own.
    await verifier.decide(lwa.issue());
    expect(lwa.callsTo(TOKEN_INFO)).toBe(2);
  });

  test('an answer is reused for at most the seconds token-info said the token had left', async () => {
    let now = 1_000_000;
    const verifier = verifierFor({ now: () => now });
    const token = lwa.issue({ secondsLeft: 120 });
    expect(await verifier.decide(token)).toEqual(linkedAda);
    await verifier.profileOf(linkedAda.user, token);
    now += 119_000;
    expect(await verifier.decide(token)).toEqual(linkedAda);
    await verifier.profileOf(linkedAda.user, token);
    expect([lwa.callsTo(TOKEN_INFO), lwa.callsTo(PROFILE)]).toEqual([1, 1]);

    // Past `exp`: Amazon is asked again, and says the token is no longer valid.
    now += 2_000;
    lwa.revoke(token);
    expect(await verifier.decide(token)).toEqual({ kind: 'invalid', reason: 'refused-by-server' });
    expect(await verifier.profileOf(linkedAda.user, token)).toBeUndefined();
    expect([lwa.callsTo(TOKEN_INFO), lwa.callsTo(PROFILE)]).toEqual([2, 1]);
  });

  test('the cache is bounded: the oldest token is dropped first', async () => {
    const verifier = verifierFor({ maxEntries: 3 });
    const tokens = [lwa.issue(), lwa.issue(), lwa.issue(), lwa.issue()];
    for (const token of tokens) await verifier.decide(token);
    await verifier.decide(tokens[3]);
    expect(lwa.callsTo(TOKEN_INFO)).toBe(4);
    await verifier.decide(tokens[0]);
    expect(lwa.callsTo(TOKEN_INFO)).toBe(5);
  });

  test('entries are keyed by the SHA-256 of the token, never the token', () => {
    const token = lwaShapedToken();
    const key = TokenKeyedCache.keyOf(token);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(token.slice(5, 20));
  });
});

describe('Login with Amazon: what goes over the wire', () => {
  test('tokens travel in headers only, never in a URL', async () => {
    const verifier = verifierFor();
    const token = lwa.issue();
    await verifier.decide(token);
    await verifier.profileOf(linkedAda.user, token);
    await verifier.decide(lwa.issue({ aud: OTHER_LWA_CLIENT_ID }));
    expect(lwa.requests.length).toBe(3);
    for (const request of lwa.requests) {
      expect(request.url).toMatch(/^\/(auth\/o2\/tokeninfo|user\/profile)$/);
      expect(decodeURIComponent(request.url)).not.toContain('Atza');
    }
    const [info, profile] = lwa.requests;
    expect(info?.headers['x-amz-access-token']).toBe(token);
    expect(info?.headers.authorization).toBeUndefined();
    expect(profile?.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe('Login with Amazon inside the skill', () => {
  const env = {
    SKILL_ID,
    LINKING_SERVER: 'login-with-amazon',
    LWA_CLIENT_ID,
  };

  function skillWith(logger: Logger, options: LoginWithAmazonVerifierOptions = {}) {
    return buildSkill({
      skillId: SKILL_ID,
      verifier: createLinkingVerifier(env, {
        logger,
        loginWithAmazon: {
          tokenInfoUrl: lwa.tokenInfoUrl,
          profileUrl: lwa.profileUrl,
          tokenInfoTimeoutMs: 300,
          profileTimeoutMs: 300,
          ...options,
        },
      }),
      logger,
    });
  }
  const ssml = (r: ResponseEnvelope) => (r.response.outputSpeech as { ssml?: string }).ssml;

  test('greets by the profile name, says the email, and sends a card only for invalid tokens', async () => {
    const skill = skillWith(new Logger({ serviceName: 'lwa-test', logLevel: 'ERROR' }));
    const token = lwa.issue();
    const launch = await skill.invoke(launchRequest({ accessToken: token }));
    expect(ssml(launch)).toBe(
      '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>'
    );
    const which = await skill.invoke(intentRequest('WhichAccountIntent', { accessToken: token }));
    expect(ssml(which)).toBe('<speak>This skill is linked to the account ada@example.com.</speak>');

    const foreign = await skill.invoke(
      launchRequest({ accessToken: lwa.issue({ aud: OTHER_LWA_CLIENT_ID }) })
    );
    expect(foreign.response.card).toEqual({ type: 'LinkAccount' });

    const revoked = lwa.issue();
    lwa.revoke(revoked);
    expect((await skill.invoke(launchRequest({ accessToken: revoked }))).response.card).toEqual({
      type: 'LinkAccount',
    });

    lwa.tokenInfoBehaviour = 'fail';
    const down = await skill.invoke(launchRequest({ accessToken: lwa.issue() }));
    expect(down.response.card).toBeUndefined();
    expect(ssml(down)).toMatch(/can't check your Linked Greeter account right now/);
  });

  test('nothing token-shaped reaches the log, whatever Amazon answers', async () => {
    const logger = new Logger({ serviceName: 'lwa-test', logLevel: 'DEBUG' });
    const skill = skillWith(logger);
    const tokens: string[] = [];
    const { output } = await captureOutput(async () => {
      for (const [info, profile] of [
        ['serve', 'serve'],
        ['serve', 'fail'],
        ['serve', 'garbage'],
        ['serve', 'slow'],
        ['fail', 'serve'],
        ['garbage', 'serve'],
        ['slow', 'serve'],
        ['down', 'serve'],
      ] as const) {
        lwa.tokenInfoBehaviour = info;
        lwa.profileBehaviour = profile;
        const token = lwa.issue();
        tokens.push(token);
        await skill.invoke(launchRequest({ accessToken: token }));
        await skill.invoke(intentRequest('WhichAccountIntent', { accessToken: token }));
      }
      const foreign = lwa.issue({ aud: OTHER_LWA_CLIENT_ID });
      tokens.push(foreign);
      await skill.invoke(launchRequest({ accessToken: foreign }));
    });
    // The warnings are there (so the check is looking at real output)...
    expect(output).toContain('"message":"token-info failed"');
    expect(output).toContain('"message":"no user profile"');
    // ...and no token, no piece of one, no Atza| anything.
    expect(output).not.toContain('Atza');
    for (const token of tokens) expect(output).not.toContain(token.slice(9, 40));
  });
});
