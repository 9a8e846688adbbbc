import {
  MAX_ACCESS_TOKEN_LENGTH,
  decideLinking,
  isLinked,
  screenAccessToken,
  type TokenVerification,
} from '../../lambda/core/linking-decision';
import { redactTokens } from '../../lambda/core/redact';
import { escapeSsml, firstName, notLinkedReply } from '../../lambda/core/replies';
import { launchReply } from '../../lambda/custom-skill/greeting-replies';
import { SkillConfigError, loadSkillConfig } from '../../lambda/core/skill-config';

describe('screenAccessToken', () => {
  test.each([
    ['no token', undefined, { kind: 'unlinked' }],
    ['an empty token', '', { kind: 'unlinked' }],
    ['a blank token', '   ', { kind: 'unlinked' }],
    ['a number', 42, { kind: 'unlinked' }],
    ['an opaque token', 'Atza|IwEBIA', { kind: 'invalid', reason: 'malformed' }],
    ['two segments', 'eyJhbGciOi.eyJzdWIiOi', { kind: 'invalid', reason: 'malformed' }],
    [
      'an oversized token',
      `eyJ.${'a'.repeat(MAX_ACCESS_TOKEN_LENGTH)}.sig`,
      { kind: 'invalid', reason: 'malformed' },
    ],
    ['a JWT-shaped token', 'eyJhbGciOi.eyJzdWIiOi.c2ln', 'verify'],
  ])('%s', (_case, token, expected) => {
    expect(screenAccessToken(token)).toEqual(expected);
  });
});

describe('decideLinking', () => {
  test.each<[string, TokenVerification, ReturnType<typeof decideLinking>]>([
    [
      'verified claims',
      { outcome: 'verified', claims: { sub: 'u-1', username: 'ada', scope: 'openid email' } },
      { kind: 'linked', user: { userId: 'u-1', username: 'ada', scopes: ['openid', 'email'] } },
    ],
    [
      'verified claims without a username',
      { outcome: 'verified', claims: { sub: 'u-1' } },
      { kind: 'linked', user: { userId: 'u-1', username: 'u-1', scopes: [] } },
    ],
    [
      'verified claims without a subject',
      { outcome: 'verified', claims: { username: 'ada' } },
      { kind: 'invalid', reason: 'malformed' },
    ],
    [
      'a rejection',
      { outcome: 'rejected', reason: 'expired' },
      { kind: 'invalid', reason: 'expired' },
    ],
    [
      'an unavailable key set',
      { outcome: 'unavailable', reason: 'key-set-unavailable' },
      { kind: 'unverifiable', reason: 'key-set-unavailable' },
    ],
    [
      'a key ID the key set does not hold (yet)',
      { outcome: 'unavailable', reason: 'unknown-key' },
      { kind: 'unverifiable', reason: 'unknown-key' },
    ],
  ])('%s', (_case, verification, expected) => {
    expect(decideLinking(verification)).toEqual(expected);
  });

  test('isLinked is true exactly for a linked decision', () => {
    expect(isLinked({ kind: 'linked', user: { userId: 'u', username: 'u', scopes: [] } })).toBe(
      true
    );
    expect(isLinked({ kind: 'unlinked' })).toBe(false);
    expect(isLinked({ kind: 'invalid', reason: 'expired' })).toBe(false);
    expect(isLinked({ kind: 'unverifiable', reason: 'key-set-unavailable' })).toBe(false);
  });
});

describe('replies', () => {
  test('every not-linked reply but a failed check sends the LinkAccount card', () => {
    expect(notLinkedReply({ kind: 'unlinked' }, 'Linked Greeter').linkAccountCard).toBe(true);
    expect(
      notLinkedReply({ kind: 'invalid', reason: 'bad-signature' }, 'Linked Greeter').linkAccountCard
    ).toBe(true);
    expect(
      notLinkedReply({ kind: 'unverifiable', reason: 'key-set-unavailable' }, 'Linked Greeter')
        .linkAccountCard
    ).toBe(false);
  });

  test('user text cannot inject SSML', () => {
    expect(launchReply({ givenName: '<audio src="x"/> Eve' }).speech).toBe(
      'Welcome back, &lt;audio! You can ask me which account is linked, or say stop.'
    );
    expect(escapeSsml(`Tom & "Jerry" <b>'s`)).toBe('Tom &amp; &quot;Jerry&quot; &lt;b&gt;&apos;s');
  });

  test.each([
    ['Ada Lovelace', 'Ada'],
    ['  Grace  ', 'Grace'],
    ['', undefined],
    [undefined, undefined],
    ['x'.repeat(100), 'x'.repeat(40)],
  ])('firstName(%j) is %j', (given, expected) => {
    expect(firstName(given)).toBe(expected);
  });
});

describe('redactTokens', () => {
  test('removes JWTs and bearer values from text', () => {
    expect(redactTokens('bad token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln here')).toBe(
      'bad token [redacted token] here'
    );
    expect(redactTokens('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(redactTokens('nothing secret')).toBe('nothing secret');
  });
});

describe('loadSkillConfig', () => {
  const env = {
    SKILL_ID: 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    USER_POOL_ID: 'us-east-1_TestPool1',
    USER_POOL_CLIENT_ID: 'alexaclient1234567890abcdef',
    SIGN_IN_DOMAIN_URL: 'https://acme.auth.us-east-1.amazoncognito.com',
  };

  test('reads the four variables the stack sets', () => {
    expect(loadSkillConfig(env)).toEqual({
      skillId: env.SKILL_ID,
      linkingServer: 'cognito',
      userPoolId: env.USER_POOL_ID,
      userPoolClientId: env.USER_POOL_CLIENT_ID,
      signInDomainUrl: env.SIGN_IN_DOMAIN_URL,
    });
  });

  test('accepts http only on loopback', () => {
    expect(loadSkillConfig({ ...env, SIGN_IN_DOMAIN_URL: 'http://127.0.0.1:4000' })).toMatchObject({
      signInDomainUrl: 'http://127.0.0.1:4000',
    });
    expect(() =>
      loadSkillConfig({ ...env, SIGN_IN_DOMAIN_URL: 'http://acme.example.com' })
    ).toThrow(SkillConfigError);
  });

  test.each([
    ['SKILL_ID', undefined, /SKILL_ID is missing; expected amzn1\.ask\.skill\.<uuid>/],
    ['USER_POOL_ID', 'pool', /USER_POOL_ID is "pool"; expected <region>_<id>/],
    ['USER_POOL_CLIENT_ID', 'UPPER', /USER_POOL_CLIENT_ID is "UPPER"/],
    [
      'SIGN_IN_DOMAIN_URL',
      'https://acme.example.com/path',
      /SIGN_IN_DOMAIN_URL is "https:\/\/acme\.example\.com\/path"; expected the sign-in domain's base URL/,
    ],
  ])('fails when %s is %j', (name, value, message) => {
    expect(() => loadSkillConfig({ ...env, [name]: value })).toThrow(message);
  });
});
