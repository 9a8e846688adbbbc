/** The pure linking decision, the envelope check and the redaction, at every boundary and anchor. */
import { SkillIdMismatchError, checkEnvelope } from '../../../lambda/core/envelope-check';
import { decideLinking, screenAccessToken } from '../../../lambda/core/linking-decision';
import { redactTokens } from '../../../lambda/core/redact';

describe('screenAccessToken', () => {
  // A JWT-shaped string of exactly `length` characters.
  const jwtOfLength = (length: number) => `eyJ.${'a'.repeat(length - 8)}.sig`;

  test.each([
    ['16384 characters (the limit)', jwtOfLength(16384), 'verify'],
    ['16385 characters (one over)', jwtOfLength(16385), { kind: 'invalid', reason: 'malformed' }],
    ['an empty signature segment', 'eyJhbGciOi.eyJzdWIiOi.', 'verify'],
    ['base64url characters', 'aZ09_-.Az_9-.zA-_09', 'verify'],
    ['text before a JWT', 'x eyJhbGciOi.eyJzdWIiOi.c2ln', { kind: 'invalid', reason: 'malformed' }],
    ['text after a JWT', 'eyJhbGciOi.eyJzdWIiOi.c2ln x', { kind: 'invalid', reason: 'malformed' }],
    [
      'a new line after a JWT',
      'eyJhbGciOi.eyJzdWIiOi.c2ln\n',
      { kind: 'invalid', reason: 'malformed' },
    ],
    ['an empty header segment', '.eyJzdWIiOi.c2ln', { kind: 'invalid', reason: 'malformed' }],
    ['an empty payload segment', 'eyJhbGciOi..c2ln', { kind: 'invalid', reason: 'malformed' }],
    ['four segments', 'a.b.c.d', { kind: 'invalid', reason: 'malformed' }],
    [
      'a padding character',
      'eyJhbGciOi.eyJzdWIiOi.c2ln=',
      { kind: 'invalid', reason: 'malformed' },
    ],
    ['a tab only', '\t', { kind: 'unlinked' }],
    ['an object', { token: 'eyJ.a.b' }, { kind: 'unlinked' }],
    ['null', null, { kind: 'unlinked' }],
  ])('%s', (_case, token, expected) => {
    expect(screenAccessToken(token)).toStrictEqual(expected);
  });
});

describe('decideLinking', () => {
  test.each([
    [
      'scopes split on single spaces, empty parts dropped',
      { sub: 'u-1', username: 'ada', scope: ' openid  email ' },
      { kind: 'linked', user: { userId: 'u-1', username: 'ada', scopes: ['openid', 'email'] } },
    ],
    [
      'a scope that is not a string gives no scopes',
      { sub: 'u-1', scope: ['openid'] },
      { kind: 'linked', user: { userId: 'u-1', username: 'u-1', scopes: [] } },
    ],
    [
      'a username that is not a string falls back to the subject',
      { sub: 'u-2', username: 42 },
      { kind: 'linked', user: { userId: 'u-2', username: 'u-2', scopes: [] } },
    ],
    ['an empty subject', { sub: '', username: 'ada' }, { kind: 'invalid', reason: 'malformed' }],
    ['a numeric subject', { sub: 7 }, { kind: 'invalid', reason: 'malformed' }],
  ])('%s', (_case, claims, expected) => {
    expect(decideLinking({ outcome: 'verified', claims })).toStrictEqual(expected);
  });

  test.each([
    'expired',
    'not-yet-valid',
    'wrong-client',
    'wrong-issuer',
    'refused-by-server',
  ] as const)('a %s rejection is invalid with that reason', (reason) => {
    expect(decideLinking({ outcome: 'rejected', reason })).toStrictEqual({
      kind: 'invalid',
      reason,
    });
  });
});

describe('SkillIdMismatchError', () => {
  test('names the field, worded as ask-sdk words its own skill ID check', () => {
    const error = new SkillIdMismatchError('context.System.application.applicationId');
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.message]).toStrictEqual([
      'SkillIdMismatchError',
      'CustomSkill ID verification failed: context.System.application.applicationId does not name this skill',
    ]);
  });
});

describe('checkEnvelope', () => {
  const SKILL = 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';
  const OTHER = 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999';
  const envelope = (overrides: Record<string, unknown> = {}) => ({
    context: { System: { application: { applicationId: SKILL } } },
    session: { application: { applicationId: SKILL } },
    request: { type: 'LaunchRequest' },
    ...overrides,
  });

  test.each<[string, unknown, ReturnType<typeof checkEnvelope>]>([
    ['a valid envelope', envelope(), { verdict: 'ok' }],
    ['no session', envelope({ session: undefined }), { verdict: 'ok' }],
    ['null', null, { verdict: 'malformed', problem: 'the body is not an object' }],
    ['an array', [], { verdict: 'malformed', problem: 'the body is not an object' }],
    ['a string', 'x', { verdict: 'malformed', problem: 'the body is not an object' }],
    [
      'no context',
      envelope({ context: undefined }),
      { verdict: 'malformed', problem: 'no context' },
    ],
    ['a context array', envelope({ context: [] }), { verdict: 'malformed', problem: 'no context' }],
    [
      'a null context',
      envelope({ context: null }),
      { verdict: 'malformed', problem: 'no context' },
    ],
    [
      'no System',
      envelope({ context: {} }),
      { verdict: 'malformed', problem: 'no context.System' },
    ],
    [
      'no request',
      envelope({ request: undefined }),
      { verdict: 'malformed', problem: 'no request type' },
    ],
    [
      'a request type that is a number',
      envelope({ request: { type: 1 } }),
      { verdict: 'malformed', problem: 'no request type' },
    ],
    [
      'another skill in context',
      envelope({ context: { System: { application: { applicationId: OTHER } } } }),
      { verdict: 'other-skill', field: 'context.System.application.applicationId' },
    ],
    [
      'no application in context',
      envelope({ context: { System: {} } }),
      { verdict: 'other-skill', field: 'context.System.application.applicationId' },
    ],
    [
      'another skill in session',
      envelope({ session: { application: { applicationId: OTHER } } }),
      { verdict: 'other-skill', field: 'session.application.applicationId' },
    ],
    [
      'a session without an application',
      envelope({ session: {} }),
      { verdict: 'other-skill', field: 'session.application.applicationId' },
    ],
    [
      'a null session',
      envelope({ session: null }),
      { verdict: 'other-skill', field: 'session.application.applicationId' },
    ],
  ])('%s', (_case, body, expected) => {
    expect(checkEnvelope(body, SKILL)).toStrictEqual(expected);
  });
});

describe('redactTokens', () => {
  test.each([
    ['a JWT in the middle of text', 'a eyJx.y-_z.w b', 'a [redacted token] b'],
    ['two JWTs', 'eyJa.b.c and eyJd.e.f', '[redacted token] and [redacted token]'],
    ['a JWT with empty segments', 'eyJ..', '[redacted token]'],
    ['a JWT stops at a character outside base64url', 'eyJa.b.c"rest', '[redacted token]"rest'],
    ['a bearer value, any case', 'authorization: bearer abc', 'authorization: bearer [redacted]'],
    ['a bearer value after tabs', 'Bearer\t\tabc', 'Bearer\t\t[redacted]'],
    ['a bearer value stops at a quote', '"Bearer abc" next', '"Bearer [redacted]" next'],
    ['a bearer value stops at a space', 'Bearer abc def', 'Bearer [redacted] def'],
    ['two bearer values', 'Bearer a Bearer b', 'Bearer [redacted] Bearer [redacted]'],
    ['the word bearer alone', 'Bearer', 'Bearer'],
  ])('%s', (_case, text, expected) => {
    expect(redactTokens(text)).toBe(expected);
  });
});
