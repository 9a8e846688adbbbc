/**
 * Property-based: for any request addressed to this skill, whatever its type, intent and token,
 * the skill answers with a well-formed response and never throws. FUZZ_RUNS sets the case count.
 */
import type { RequestEnvelope } from 'ask-sdk-model';
import fc from 'fast-check';
import { SKILL_ID } from '../support/infra';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import { startSkillHarness, type SkillHarness } from '../support/skill-harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const key = generateTestKey('fuzz-key');
const now = Math.floor(Date.now() / 1000);
const b64url = (value: string) => Buffer.from(value).toString('base64url');

const validToken = signRs256(key, accessTokenClaims());
const tokenArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(validToken),
  fc.constant(signRs256(key, accessTokenClaims({ exp: now - 10 }))),
  // A valid token with one character changed.
  fc
    .tuple(fc.nat({ max: validToken.length - 1 }), fc.constantFrom('A', '.', '_', '-', '=', ' '))
    .map(([at, char]) => validToken.slice(0, at) + char + validToken.slice(at + 1)),
  // JWT-shaped tokens with arbitrary JSON in header and payload.
  fc
    .tuple(fc.jsonValue(), fc.jsonValue(), fc.string())
    .map(
      ([header, payload, sig]) =>
        `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${b64url(sig)}`
    ),
  // Signed by our key, with arbitrary claims.
  fc
    .dictionary(
      fc.constantFrom(
        'sub',
        'iss',
        'client_id',
        'token_use',
        'exp',
        'nbf',
        'iat',
        'scope',
        'username'
      ),
      fc.jsonValue()
    )
    .map((claims) => signRs256(key, { ...accessTokenClaims(), ...claims })),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constant('x'.repeat(100 * 1024)),
  fc.anything()
);

const requestArbitrary = fc.oneof(
  fc.constant({ type: 'LaunchRequest' }),
  fc.record({
    type: fc.constant('IntentRequest'),
    intent: fc.record({
      name: fc.oneof(
        fc.constantFrom(
          'WhichAccountIntent',
          'AMAZON.HelpIntent',
          'AMAZON.StopIntent',
          'AMAZON.CancelIntent',
          'AMAZON.FallbackIntent',
          'AMAZON.NavigateHomeIntent'
        ),
        fc.string()
      ),
      confirmationStatus: fc.constant('NONE'),
      slots: fc.constant({}),
    }),
  }),
  fc.record({
    type: fc.constant('SessionEndedRequest'),
    reason: fc.constantFrom('USER_INITIATED', 'ERROR', 'EXCEEDED_MAX_REPROMPTS'),
  }),
  fc.record({ type: fc.string() })
);

const envelopeArbitrary: fc.Arbitrary<RequestEnvelope> = fc
  .record({
    token: tokenArbitrary,
    request: requestArbitrary,
    locale: fc.constantFrom('en-US', 'en-GB', 'de-DE', 'ja-JP'),
    withUser: fc.boolean(),
    withSession: fc.boolean(),
    requestId: fc.string({ maxLength: 40 }),
  })
  .map(({ token, request, locale, withUser, withSession, requestId }) => {
    const user = withUser ? { userId: 'amzn1.ask.account.FUZZ', accessToken: token } : undefined;
    return {
      version: '1.0',
      ...(withSession && {
        session: {
          new: true,
          sessionId: 'amzn1.echo-api.session.fuzz',
          application: { applicationId: SKILL_ID },
          user,
          attributes: {},
        },
      }),
      context: {
        System: {
          application: { applicationId: SKILL_ID },
          user,
          device: { deviceId: 'd', supportedInterfaces: {} },
          apiEndpoint: 'https://api.amazonalexa.com',
        },
      },
      request: { requestId, timestamp: new Date().toISOString(), locale, ...request },
    } as unknown as RequestEnvelope;
  });

let harness: SkillHarness;
beforeAll(async () => {
  harness = await startSkillHarness({ keys: [key], userInfoTtlMs: 60_000 });
});
afterAll(() => harness.close());

test(`any request to this skill gets a well-formed response (${RUNS} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(envelopeArbitrary, async (envelope) => {
      const { version, response } = await harness.invoke(envelope);
      expect(version).toBe('1.0');
      expect(typeof response).toBe('object');
      const speech = response.outputSpeech as { type: string; ssml: string } | undefined;
      if (speech !== undefined) {
        expect(speech.type).toBe('SSML');
        // Exactly one <speak> element with escaped text inside: no markup can leak in.
        expect(speech.ssml).toMatch(/^<speak>[^<>]+<\/speak>$/);
      }
      if (response.card !== undefined) {
        expect(response.card).toEqual({ type: 'LinkAccount' });
        expect(response.shouldEndSession).toBe(true);
      }
      expect([undefined, true, false]).toContain(response.shouldEndSession);
    }),
    { numRuns: RUNS }
  );
}, 300_000);
