/**
 * Issue 13, items 8 and 9: speech built from a user's profile is always valid SSML within
 * Alexa's limits, and malformed envelopes get a safe answer instead of a throw.
 */
import type { RequestEnvelope } from 'ask-sdk-model';
import {
  MAX_SPOKEN_EMAIL,
  MAX_SPEECH_LENGTH,
  firstName,
  speakable,
} from '../../lambda/core/replies';
import { launchReply, whichAccountReply } from '../../lambda/custom-skill/greeting-replies';
import { launchRequest } from '../support/envelopes';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import { startSkillHarness, type SkillHarness } from '../support/skill-harness';

// Characters XML 1.0 allows (https://www.w3.org/TR/xml/#charsets); anything else breaks the SSML.
// eslint-disable-next-line security/detect-unsafe-regex -- one negated character class: linear
const XML_FORBIDDEN = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// With the u flag a surrogate pair reads as one code point: only a lone surrogate matches \p{Cs}.
const isWellFormed = (text: string) => !/\p{Cs}/u.test(text);

function expectValidSpeech(speech: string): void {
  expect(isWellFormed(speech)).toBe(true);
  expect(speech).not.toMatch(XML_FORBIDDEN);
  expect(speech.length).toBeLessThanOrEqual(MAX_SPEECH_LENGTH);
}

describe('speech from a profile (issue 13, item 8)', () => {
  test('the first name is cut at code points, never inside a surrogate pair', () => {
    const name = `A${'😀'.repeat(60)}`;
    const cut = firstName(name) as string;
    expect(isWellFormed(cut)).toBe(true);
    expect(isWellFormed(`A${'😀'.repeat(60)}`.slice(0, 40))).toBe(false);
    expect(Array.from(cut)).toHaveLength(40);
    expectValidSpeech(launchReply({ givenName: name }).speech);
  });

  test.each([
    ['NUL and BEL', 'Ada\u0000\u0007'],
    ['an escape sequence', 'Ada\u001b[31m'],
    ['a lone surrogate', 'Ada\uD800'],
    ['U+FFFE', 'Ada\uFFFE'],
    ['vertical tab and form feed', 'A\u000bd\u000ca'],
  ])('characters XML 1.0 forbids are dropped from the name: %s', (_case, givenName) => {
    const { speech } = launchReply({ givenName });
    expectValidSpeech(speech);
    expect(speech).toMatch(/^Welcome back, Ada/);
  });

  test('a name of nothing but forbidden characters gets the neutral greeting', () => {
    expect(launchReply({ givenName: '\u0000\u0001' }).speech).toMatch(/^Welcome back! /);
  });

  test('a huge email is capped: what is spoken stays far inside 8,000 characters', () => {
    const email = `${'"&<>'.repeat(5000)}@example.com`;
    const { speech } = whichAccountReply({ email });
    expectValidSpeech(speech);
    // Escaping can multiply the length by six; the cap applies before it.
    expect(speech.length).toBeLessThan(MAX_SPOKEN_EMAIL * 6 + 100);
  });

  test('an email with control characters is spoken without them', () => {
    const { speech } = whichAccountReply({ email: 'ada\u0000@exa\u0008mple.com' });
    expect(speech).toBe('This skill is linked to the account ada@example.com.');
  });

  test('speakable keeps ordinary text as it is, emoji and accents included', () => {
    expect(speakable('Zoë 😀 Ñandú', 100)).toBe('Zoë 😀 Ñandú');
    expect(speakable('abc', 2)).toBe('ab');
  });
});

describe('malformed envelopes (issue 13, item 9)', () => {
  const key = generateTestKey('envelope-key');
  let harness: SkillHarness;
  beforeAll(async () => {
    harness = await startSkillHarness({ keys: [key] });
  });
  afterAll(() => harness.close());

  const APOLOGY = '<speak>Sorry, something went wrong on my side. Please try again later.</speak>';
  const valid = () => launchRequest({ accessToken: signRs256(key, accessTokenClaims()) });
  const without = (mutate: (e: Record<string, unknown>) => void) => {
    const envelope = valid() as unknown as Record<string, unknown>;
    mutate(envelope);
    return envelope as unknown as RequestEnvelope;
  };

  test.each([
    ['a null body', () => null as unknown as RequestEnvelope],
    ['a string body', () => 'hello' as unknown as RequestEnvelope],
    ['no context', () => without((e) => delete e.context)],
    [
      'no context.System',
      () => without((e) => ((e.context as Record<string, unknown>).System = undefined)),
    ],
    ['no request', () => without((e) => delete e.request)],
    [
      'a request without a type',
      () => without((e) => ((e.request as Record<string, unknown>).type = undefined)),
    ],
  ])('%s gets a safe error response, not a throw', async (_case, envelope) => {
    const response = await harness.invoke(envelope());
    expect(response.version).toBe('1.0');
    expect(response.response.outputSpeech).toEqual({ type: 'SSML', ssml: APOLOGY });
    expect(response.response.shouldEndSession).toBe(true);
    expect(response.response.card).toBeUndefined();
  });

  test('a session for another skill is refused even when context names this one', async () => {
    expect.assertions(2);
    const envelope = valid();
    (envelope.session as { application: { applicationId: string } }).application.applicationId =
      'amzn1.ask.skill.99999999-9999-4999-8999-999999999999';
    await expect(harness.invoke(envelope)).rejects.toThrow(/Skill ID verification failed/);
    expect(harness.userInfoServer.hits).toEqual([]);
  });

  test('an envelope without a session (as for some request types) is still answered', async () => {
    const envelope = without((e) => delete e.session);
    const response = await harness.invoke(envelope);
    expect((response.response.outputSpeech as { ssml: string }).ssml).toMatch(/Welcome back/);
  });
});
