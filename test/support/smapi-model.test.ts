import {
  ACCOUNT_LINKING_REQUEST,
  SKILL_MANIFEST_ENVELOPE,
  requestBodyDefinition,
  smapiViolations,
} from './smapi-model';

// The validator the skill-package, skill-manifest, link-config and link-settings tests rely on:
// each check it claims is shown to fail here, so a pass elsewhere means something.
const GOOD_BODY = {
  accountLinkingRequest: {
    type: 'AUTH_CODE',
    authorizationUrl: 'https://example.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    accessTokenUrl: 'https://example.auth.eu-west-1.amazoncognito.com/oauth2/token',
    clientId: 'client',
    clientSecret: 'not-a-real-secret',
    accessTokenScheme: 'HTTP_BASIC',
    scopes: ['openid'],
    domains: ['example.auth.eu-west-1.amazoncognito.com'],
  },
};
const GOOD_MANIFEST = {
  manifest: {
    manifestVersion: '1.0',
    publishingInformation: { locales: { 'en-US': { name: 'Linked Greeter' } } },
    apis: { custom: { endpoint: { uri: 'arn:aws:lambda:us-east-1:123456789012:function:f' } } },
  },
};
const withRequest = (fields: Record<string, unknown>) => ({
  accountLinkingRequest: { ...GOOD_BODY.accountLinkingRequest, ...fields },
});

describe('the Skill Management API model validator', () => {
  test('finds the definitions from the API paths they are sent to', () => {
    expect(ACCOUNT_LINKING_REQUEST).toBe('v1.skill.accountLinking.AccountLinkingRequest');
    expect(SKILL_MANIFEST_ENVELOPE).toBe('v1.skill.Manifest.SkillManifestEnvelope');
    expect(() => requestBodyDefinition('put', '/v1/nowhere')).toThrow(
      /ask-smapi-model has no body for put \/v1\/nowhere/
    );
    expect(() => smapiViolations('v1.skill.NoSuchThing', {})).toThrow(
      /ask-smapi-model has no definition named v1\.skill\.NoSuchThing/
    );
  });

  test('passes a conforming account-linking body and manifest', () => {
    expect(smapiViolations(ACCOUNT_LINKING_REQUEST, GOOD_BODY)).toEqual([]);
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, GOOD_MANIFEST)).toEqual([]);
  });

  test.each([
    [
      'an unknown field',
      withRequest({ accessTokenSchema: 'HTTP_BASIC' }),
      /^accountLinkingRequest\.accessTokenSchema: unknown field in v1\.skill\.accountLinking\.AccountLinkingRequestPayload \(known: type, authorizationUrl/,
    ],
    [
      'a wrong enum value',
      withRequest({ type: 'AUTHORIZATION_CODE' }),
      /^accountLinkingRequest\.type: "AUTHORIZATION_CODE" is not one of "AUTH_CODE", "IMPLICIT" \(v1\.skill\.accountLinking\.AccountLinkingType\)$/,
    ],
    [
      'a wrong type',
      withRequest({ scopes: 'openid email' }),
      /^accountLinkingRequest\.scopes: expected array, received "openid email"$/,
    ],
    [
      'a wrong item type',
      withRequest({ domains: [42] }),
      /^accountLinkingRequest\.domains\[0\]: expected string, received 42$/,
    ],
    [
      'an integer that is not one',
      withRequest({ defaultTokenExpirationInSeconds: 1.5 }),
      /^accountLinkingRequest\.defaultTokenExpirationInSeconds: expected integer, received 1\.5$/,
    ],
    ['a body that is not an object', [], /^\(root\): expected object, received \[\]$/],
  ])('reports %s', (_what, body, expected) => {
    const problems = smapiViolations(ACCOUNT_LINKING_REQUEST, body);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  test.each([
    [
      'manifestVersion beside manifest instead of inside it',
      { ...GOOD_MANIFEST, manifestVersion: '1.0' },
      /^manifestVersion: unknown field in v1\.skill\.Manifest\.SkillManifestEnvelope \(known: manifest\)$/,
    ],
    [
      'a manifest version Amazon does not have',
      { manifest: { ...GOOD_MANIFEST.manifest, manifestVersion: '2.0' } },
      /^manifest\.manifestVersion: "2\.0" is not one of "1\.0"/,
    ],
    [
      'a missing required field',
      { manifest: { ...GOOD_MANIFEST.manifest, apis: { custom: { endpoint: {} } } } },
      /^manifest\.apis\.custom\.endpoint\.uri: required field missing$/,
    ],
    [
      'a value the pattern refuses',
      { manifest: { ...GOOD_MANIFEST.manifest, apis: { custom: { endpoint: { uri: 'f' } } } } },
      /^manifest\.apis\.custom\.endpoint\.uri: "f" does not match \^\(arn\|https:\/\/\)$/,
    ],
    [
      'an unknown field inside a map value (regions.<region>)',
      {
        manifest: {
          ...GOOD_MANIFEST.manifest,
          apis: { custom: { regions: { EU: { endpoint: { uri: 'arn:x' }, url: 'x' } } } },
        },
      },
      /^manifest\.apis\.custom\.regions\.EU\.url: unknown field in v1\.skill\.Manifest\.Region/,
    ],
    [
      'an unknown event name',
      {
        manifest: {
          ...GOOD_MANIFEST.manifest,
          events: { endpoint: { uri: 'arn:x' }, subscriptions: [{ eventName: 'SKILL_LINKED' }] },
        },
      },
      /^manifest\.events\.subscriptions\[0\]\.eventName: "SKILL_LINKED" is not one of /,
    ],
    [
      'a string over its maximum length',
      {
        manifest: {
          ...GOOD_MANIFEST.manifest,
          publishingInformation: {
            locales: { 'en-US': { name: 'Linked Greeter', summary: 'x'.repeat(161) } },
          },
        },
      },
      /^manifest\.publishingInformation\.locales\.en-US\.summary: longer than 160 characters$/,
    ],
    [
      'too many items',
      {
        manifest: {
          ...GOOD_MANIFEST.manifest,
          publishingInformation: {
            locales: {
              'en-US': { name: 'Linked Greeter', examplePhrases: ['a', 'b', 'c', 'd', 'e'] },
            },
          },
        },
      },
      /^manifest\.publishingInformation\.locales\.en-US\.examplePhrases: 5 items, at most 4 allowed$/,
    ],
    [
      'an empty map that needs an entry',
      { manifest: { ...GOOD_MANIFEST.manifest, publishingInformation: { locales: {} } } },
      /^manifest\.publishingInformation\.locales: at least 1 field\(s\) expected$/,
    ],
  ])('reports %s in a manifest', (_what, manifest, expected) => {
    const problems = smapiViolations(SKILL_MANIFEST_ENVELOPE, manifest);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  test('follows a discriminated subtype (allOf on a base with a discriminator)', () => {
    const base = 'v1.skill.interactionModel.SlotValidation';
    const valid = { type: 'isGreaterThan', prompt: 'Slot.Validation.1', value: '3' };
    expect(smapiViolations(base, valid)).toEqual([]);
    // The subtype's own required field and its fields are known only through the subtype.
    expect(smapiViolations(base, { type: 'isGreaterThan', prompt: 'p' })).toEqual([
      'value: required field missing',
    ]);
    expect(smapiViolations(base, { ...valid, values: ['1'] })).toEqual([
      expect.stringMatching(/^values: unknown field \(known: type, prompt, value\)$/),
    ]);
  });
});
