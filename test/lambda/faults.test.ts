/** Faults a deployed skill meets: key rotation, a key-set outage under load, a slow userInfo. */
import type { ResponseEnvelope } from 'ask-sdk-model';
import { launchRequest } from '../support/envelopes';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import { startSkillHarness } from '../support/skill-harness';

const oldKey = generateTestKey('key-2025');
const newKey = generateTestKey('key-2026');
const ssml = (response: ResponseEnvelope) =>
  (response.response.outputSpeech as { ssml: string }).ssml;
const GREETING =
  '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>';
const NEUTRAL = '<speak>Welcome back! You can ask me which account is linked, or say stop.</speak>';
const UNVERIFIABLE =
  "<speak>Sorry, I can't check your Linked Greeter account right now. Please try again in a moment.</speak>";

test('key rotation: a token signed with a new kid is accepted after one refetch of the key set', async () => {
  const harness = await startSkillHarness({ keys: [oldKey] });
  try {
    // The container has the old key set cached; Cognito starts signing with a new key.
    harness.publishedKeys = [oldKey, newKey];
    const rotated = signRs256(newKey, accessTokenClaims());
    for (let i = 0; i < 5; i += 1)
      expect(ssml(await harness.invoke(launchRequest({ accessToken: rotated })))).toBe(GREETING);
    expect(
      ssml(
        await harness.invoke(launchRequest({ accessToken: signRs256(oldKey, accessTokenClaims()) }))
      )
    ).toBe(GREETING);
    expect(harness.jwksServer.hits).toHaveLength(1);
  } finally {
    await harness.close();
  }
});

test('key-set outage during a burst: bounded latency, one fetch for the burst, none during the cooldown, recovery after', async () => {
  const harness = await startSkillHarness({
    keys: [oldKey],
    preloadJwks: false,
    jwksCooldownMs: 1500,
  });
  try {
    harness.jwksBehaviour = 'slow';
    const token = signRs256(oldKey, accessTokenClaims());
    const started = Date.now();
    const burst = await Promise.all(
      Array.from({ length: 50 }, () => harness.invoke(launchRequest({ accessToken: token })))
    );
    const burstMs = Date.now() - started;
    expect(new Set(burst.map(ssml))).toEqual(new Set([UNVERIFIABLE]));
    // One shared fetch, retried once by aws-jwt-verify, each cut off at 1.5 s.
    expect(burstMs).toBeLessThan(4000);
    expect(harness.jwksServer.hits.length).toBeLessThanOrEqual(2);
    const hitsAfterBurst = harness.jwksServer.hits.length;

    // Requests right after fail fast without touching the endpoint.
    for (let i = 0; i < 20; i += 1) {
      const at = Date.now();
      expect(ssml(await harness.invoke(launchRequest({ accessToken: token })))).toBe(UNVERIFIABLE);
      // Well under the 1.5 s a fetch attempt could take: no request waits on the dead endpoint.
      expect(Date.now() - at).toBeLessThan(500);
    }
    expect(harness.jwksServer.hits).toHaveLength(hitsAfterBurst);

    // Once the endpoint is back and the cooldown is over, the next request links.
    harness.jwksBehaviour = 'serve';
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(ssml(await harness.invoke(launchRequest({ accessToken: token })))).toBe(GREETING);
  } finally {
    await harness.close();
  }
}, 20_000);

test('userInfo slow under load: every request answers within its timeout with a neutral greeting, one call per user', async () => {
  const harness = await startSkillHarness({ keys: [oldKey], userInfoTtlMs: 60_000 });
  try {
    harness.userInfoBehaviour = 'slow';
    const token = signRs256(oldKey, accessTokenClaims());
    const started = Date.now();
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => harness.invoke(launchRequest({ accessToken: token })))
    );
    expect(Date.now() - started).toBeLessThan(2500);
    expect(new Set(responses.map(ssml))).toEqual(new Set([NEUTRAL]));
    expect(harness.userInfoServer.hits).toHaveLength(1);
  } finally {
    await harness.close();
  }
});

test('userInfo failing: the linked user still gets an answer', async () => {
  const harness = await startSkillHarness({ keys: [oldKey] });
  try {
    harness.userInfoBehaviour = 'fail';
    const response = await harness.invoke(
      launchRequest({ accessToken: signRs256(oldKey, accessTokenClaims()) })
    );
    expect(ssml(response)).toBe(NEUTRAL);
    expect(response.response.card).toBeUndefined();
  } finally {
    await harness.close();
  }
});
