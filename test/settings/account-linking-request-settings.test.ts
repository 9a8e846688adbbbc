/**
 * The optional fields of the account-linking request and the skill stages they go to: each key at
 * its anchors and boundaries, each bad value with its literal one-line error, and the fields as
 * Amazon's model names them. Pure: no stack, no synthesis.
 */
import {
  assertValidAccountLinkingOptions,
  readAccountLinkingRequestSettings,
  requestExtrasOf,
  tokenExpirationIgnoredWarning,
  voiceForwardLinkingVariable,
} from '../../lib/app-settings/account-linking-request-settings';
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import {
  InvalidSettingsError,
  UnknownSettingError,
  settingErrorLines,
} from '../../lib/app-settings/invalid-settings-error';
import type { LinkingServerName } from '../../lib/app-settings/linking-server-settings';
import { accountLinkingRequestBody } from '../../lambda/link-settings/account-linking-request';

const read = (context: Record<string, unknown>, server: LinkingServerName = 'cognito') =>
  readAccountLinkingRequestSettings((key) => context[key], server);

function errorOf(action: () => unknown): InvalidSettingError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSettingError);
    return error as InvalidSettingError;
  }
  throw new Error('expected an InvalidSettingError');
}

const IOS = 'https://app.example.com/alexa/link';
const ANDROID = 'https://android.example.com/alexa/link';
const REDIRECT = 'https://app.example.com/alexa/linked';

describe('readAccountLinkingRequestSettings', () => {
  test('none of the keys: the development stage with no options', () => {
    expect(read({})).toStrictEqual({ skillStages: [{ stage: 'development', options: {} }] });
  });

  test('every key from the command line (strings), trimmed lists without duplicates', () => {
    expect(
      read(
        {
          skipOnEnablement: 'true',
          voiceForwardAccountLinking: 'enabled',
          accountLinkingDomains: 'fonts.example.com, cdn.example.com,fonts.example.com',
          defaultTokenExpirationInSeconds: '3600',
          appLinkingIosUrl: IOS,
          appLinkingAndroidUrl: ANDROID,
          appRedirectUrls: `${REDIRECT}, https://app.example.com/b`,
          skillStages: 'development, live',
        },
        'login-with-amazon'
      )
    ).toStrictEqual({
      skillStages: ['development', 'live'].map((stage) => ({
        stage,
        options: {
          skipOnEnablement: true,
          voiceForwardAccountLinking: 'enabled',
          accountLinkingDomains: ['fonts.example.com', 'cdn.example.com'],
          defaultTokenExpirationInSeconds: 3600,
          appLinkingIosUrl: IOS,
          appLinkingAndroidUrl: ANDROID,
          appRedirectUrls: [REDIRECT, 'https://app.example.com/b'],
        },
      })),
    });
  });

  test('typed values from cdk.json', () => {
    expect(
      read({
        skipOnEnablement: false,
        accountLinkingDomains: ['fonts.example.com'],
        defaultTokenExpirationInSeconds: 1,
        appRedirectUrls: [REDIRECT],
        skillStages: ['live'],
      })
    ).toStrictEqual({
      skillStages: [
        {
          stage: 'live',
          options: {
            skipOnEnablement: false,
            accountLinkingDomains: ['fonts.example.com'],
            defaultTokenExpirationInSeconds: 1,
            appRedirectUrls: [REDIRECT],
          },
        },
      ],
    });
  });

  test.each([
    ['a JSON object', { development: {}, live: { appLinkingIosUrl: IOS, skipOnEnablement: true } }],
    [
      'a JSON string (-c)',
      JSON.stringify({
        development: null,
        live: { appLinkingIosUrl: IOS, skipOnEnablement: true },
      }),
    ],
  ])('skillStages as %s: each stage its own values over the top-level ones', (_, skillStages) => {
    expect(
      read({ skipOnEnablement: 'false', appRedirectUrls: REDIRECT, skillStages })
    ).toStrictEqual({
      skillStages: [
        {
          stage: 'development',
          options: { skipOnEnablement: false, appRedirectUrls: [REDIRECT] },
        },
        {
          stage: 'live',
          options: { skipOnEnablement: true, appRedirectUrls: [REDIRECT], appLinkingIosUrl: IOS },
        },
      ],
    });
  });

  test('a stage named twice is written once', () => {
    expect(read({ skillStages: 'live,live' }).skillStages.map((s) => s.stage)).toEqual(['live']);
  });

  test.each([
    [1, 1],
    [31_536_000, 31_536_000],
    ['86400', 86400],
  ])('defaultTokenExpirationInSeconds %j is %j', (value, seconds) => {
    expect(
      read({ defaultTokenExpirationInSeconds: value }, 'oidc').skillStages[0]?.options
        .defaultTokenExpirationInSeconds
    ).toBe(seconds);
  });

  test('15 domains are taken', () => {
    const domains = Array.from({ length: 15 }, (_, i) => `d${i}.example.com`);
    expect(
      read({ accountLinkingDomains: domains }).skillStages[0]?.options.accountLinkingDomains
    ).toHaveLength(15);
  });

  test.each(['enabled', 'disabled'])(
    'voiceForwardAccountLinking %s is taken with Login with Amazon',
    (value) => {
      expect(
        read({ voiceForwardAccountLinking: value }, 'login-with-amazon').skillStages[0]?.options
      ).toStrictEqual({ voiceForwardAccountLinking: value });
    }
  );
});

describe('bad input: one line naming the key, what was received and the valid form', () => {
  const URL_FORM = (what: string) =>
    `an https:// ${what}, without a #fragment (e.g. "https://app.example.com/alexa/link")`;
  test.each<[string, Record<string, unknown>, LinkingServerName, string]>([
    [
      'an http Universal Link',
      { appLinkingIosUrl: 'http://app.example.com/alexa/link' },
      'cognito',
      `Invalid appLinkingIosUrl: received "http://app.example.com/alexa/link". Expected ${URL_FORM('Universal Link into your iOS app')}: http: is not https.`,
    ],
    [
      'a Universal Link with a custom scheme',
      { appLinkingIosUrl: 'myapp://alexa/link' },
      'cognito',
      `Invalid appLinkingIosUrl: received "myapp://alexa/link". Expected ${URL_FORM('Universal Link into your iOS app')}: myapp: is not https.`,
    ],
    [
      'an App Link with a fragment',
      { appLinkingAndroidUrl: 'https://app.example.com/link#alexa' },
      'cognito',
      `Invalid appLinkingAndroidUrl: received "https://app.example.com/link#alexa". Expected ${URL_FORM('App Link into your Android app')}: it has a #fragment.`,
    ],
    [
      'an App Link that is no URL',
      { appLinkingAndroidUrl: 'app.example.com/link' },
      'cognito',
      `Invalid appLinkingAndroidUrl: received "app.example.com/link". Expected ${URL_FORM('App Link into your Android app')}: not an absolute URL.`,
    ],
    [
      'an http redirect URL',
      { appRedirectUrls: `${REDIRECT},http://app.example.com/b` },
      'cognito',
      'Invalid appRedirectUrls: received "http://app.example.com/b". Expected https:// URLs without a #fragment where your app is opened after consent, comma-separated (e.g. "https://app.example.com/alexa/linked"): http: is not https.',
    ],
    [
      'a redirect URL with a fragment',
      { appRedirectUrls: [`${REDIRECT}#done`] },
      'cognito',
      'Invalid appRedirectUrls: received "https://app.example.com/alexa/linked#done". Expected https:// URLs without a #fragment where your app is opened after consent, comma-separated (e.g. "https://app.example.com/alexa/linked"): it has a #fragment.',
    ],
    [
      'a blank redirect URL',
      { appRedirectUrls: `${REDIRECT},` },
      'cognito',
      'Invalid appRedirectUrls: received "https://app.example.com/alexa/linked,". Expected a list without blank entries (e.g. "https://app.example.com/alexa/linked").',
    ],
    [
      '16 domains',
      {
        accountLinkingDomains: Array.from({ length: 16 }, (_, i) => `d${i}.example.com`).join(','),
      },
      'cognito',
      `Invalid accountLinkingDomains: received "${Array.from({ length: 16 }, (_, i) => `d${i}.example.com`).join(',')}". Expected at most 15 domains, the most Alexa's domain list takes (received 16).`,
    ],
    [
      'a URL as a domain',
      { accountLinkingDomains: 'https://fonts.example.com' },
      'cognito',
      'Invalid accountLinkingDomains: received "https://fonts.example.com". Expected domain names without scheme, port or path, comma-separated (e.g. "fonts.example.com,cdn.example.com").',
    ],
    [
      'voice-forward linking with Cognito',
      { voiceForwardAccountLinking: 'enabled' },
      'cognito',
      'Invalid voiceForwardAccountLinking: received "enabled". Expected no value with linkingServer "cognito": voice-forward account linking works with Login with Amazon only (linkingServer "login-with-amazon"); remove the setting.',
    ],
    [
      'voice-forward linking with an OIDC server, for the live stage only',
      { skillStages: { live: { voiceForwardAccountLinking: 'disabled' } } },
      'oidc',
      'Invalid skillStages.live.voiceForwardAccountLinking: received "disabled". Expected no value with linkingServer "oidc": voice-forward account linking works with Login with Amazon only (linkingServer "login-with-amazon"); remove the setting.',
    ],
    [
      'voice-forward linking spelled as the API spells it',
      { voiceForwardAccountLinking: 'ENABLED' },
      'login-with-amazon',
      'Invalid voiceForwardAccountLinking: received "ENABLED". Expected "enabled" or "disabled".',
    ],
    [
      'a stage outside development and live',
      { skillStages: 'development,certification' },
      'cognito',
      'Invalid skillStages: received "certification". Expected "development", "live" or both ("development,live"), or a JSON object of stage to its own values (e.g. {"development": {}, "live": {"appLinkingIosUrl": "https://app.example.com/alexa/link"}}).',
    ],
    [
      'an unknown key for a stage',
      { skillStages: { live: { clientId: 'x' } } },
      'cognito',
      'Invalid skillStages.live.clientId: received "x". Expected one of the keys that may differ per stage: skipOnEnablement, voiceForwardAccountLinking, accountLinkingDomains, defaultTokenExpirationInSeconds, appLinkingIosUrl, appLinkingAndroidUrl, appRedirectUrls, separateClient, lwaClientId, lwaClientSecretName, oidcClientId, oidcClientSecretName.',
    ],
    [
      'a bad value for one stage',
      { skillStages: { live: { appLinkingIosUrl: 'http://x.example.com' } } },
      'cognito',
      `Invalid skillStages.live.appLinkingIosUrl: received "http://x.example.com". Expected ${URL_FORM('Universal Link into your iOS app')}: http: is not https.`,
    ],
    [
      'zero seconds',
      { defaultTokenExpirationInSeconds: '0' },
      'oidc',
      'Invalid defaultTokenExpirationInSeconds: received "0". Expected a whole number of seconds from 1 to 31536000 (e.g. 3600), for a server whose token response lacks expires_in.',
    ],
    [
      'skipOnEnablement yes',
      { skipOnEnablement: 'yes' },
      'cognito',
      'Invalid skipOnEnablement: received "yes". Expected true or false.',
    ],
  ])('fails on %s', (_, context, server, message) => {
    expect(errorOf(() => read(context, server)).message).toBe(message);
  });

  test.each([
    ['defaultTokenExpirationInSeconds', 31_536_001],
    ['defaultTokenExpirationInSeconds', 1.5],
    ['defaultTokenExpirationInSeconds', '-5'],
    ['skillStages', '{not json'],
    ['skillStages', []],
    ['skillStages', 3],
    ['skillStages', { live: 'yes' }],
    ['accountLinkingDomains', 'fonts.example.com:443'],
    ['accountLinkingDomains', [7]],
    ['accountLinkingDomains', 'localhost'],
    ['accountLinkingDomains', '-cdn.example.com'],
    ['accountLinkingDomains', 'cdn-.example.com'],
    ['accountLinkingDomains', 'cdn..example.com'],
    ['accountLinkingDomains', '10.0.0.1'],
    ['accountLinkingDomains', `${'a'.repeat(64)}.example.com`],
    ['appLinkingIosUrl', 42],
  ])('fails on %s %j, naming the key', (key, value) => {
    expect(errorOf(() => read({ [key]: value }, 'oidc')).setting).toMatch(
      new RegExp(`^${key}(\\.live)?$`)
    );
  });

  test('the construct props are checked the same way, with their prefix', () => {
    expect(
      errorOf(() =>
        assertValidAccountLinkingOptions(
          { appLinkingIosUrl: 'http://a.example.com' },
          'oidc',
          'live.'
        )
      ).setting
    ).toBe('live.appLinkingIosUrl');
    expect(
      errorOf(() =>
        assertValidAccountLinkingOptions({ voiceForwardAccountLinking: 'enabled' }, 'cognito')
      ).setting
    ).toBe('voiceForwardAccountLinking');
    expect(() =>
      assertValidAccountLinkingOptions(
        { voiceForwardAccountLinking: 'enabled', appRedirectUrls: [REDIRECT] },
        'login-with-amazon'
      )
    ).not.toThrow();
  });
});

describe('the request fields, as Amazon names them', () => {
  test('every option becomes its model field; nothing set, nothing sent', () => {
    expect(requestExtrasOf({})).toStrictEqual({});
    expect(
      requestExtrasOf({
        skipOnEnablement: false,
        voiceForwardAccountLinking: 'disabled',
        accountLinkingDomains: ['fonts.example.com'],
        defaultTokenExpirationInSeconds: 3600,
        appLinkingIosUrl: IOS,
        appLinkingAndroidUrl: ANDROID,
        appRedirectUrls: [REDIRECT],
      })
    ).toStrictEqual({
      skipOnEnablement: false,
      voiceForwardAccountLinking: 'DISABLED',
      extraDomains: ['fonts.example.com'],
      defaultTokenExpirationInSeconds: 3600,
      authorizationUrlsByPlatform: [
        { platformType: 'iOS', platformAuthorizationUrl: IOS },
        { platformType: 'Android', platformAuthorizationUrl: ANDROID },
      ],
      redirectUrls: [REDIRECT],
    });
    expect(
      requestExtrasOf({ voiceForwardAccountLinking: 'enabled', appLinkingAndroidUrl: ANDROID })
    ).toStrictEqual({
      voiceForwardAccountLinking: 'ENABLED',
      authorizationUrlsByPlatform: [{ platformType: 'Android', platformAuthorizationUrl: ANDROID }],
    });
  });

  test("the body: the extra domains after the server's own, each once, and only the fields set", () => {
    const settings = {
      authorizationUrl: 'https://www.amazon.com/ap/oa',
      accessTokenUrl: 'https://api.amazon.com/auth/o2/token',
      clientId: 'client',
      scopes: ['profile'],
      domains: ['www.amazon.com', 'api.amazon.com'],
    };
    expect(accountLinkingRequestBody(settings, 'secret')).toStrictEqual({
      accountLinkingRequest: {
        type: 'AUTH_CODE',
        ...settings,
        clientSecret: 'secret',
        accessTokenScheme: 'HTTP_BASIC',
      },
    });
    expect(
      accountLinkingRequestBody(settings, 'secret', {
        skipOnEnablement: true,
        extraDomains: ['api.amazon.com', 'fonts.example.com'],
        authorizationUrlsByPlatform: [],
        redirectUrls: [],
      }).accountLinkingRequest
    ).toStrictEqual({
      type: 'AUTH_CODE',
      ...settings,
      domains: ['www.amazon.com', 'api.amazon.com', 'fonts.example.com'],
      clientSecret: 'secret',
      accessTokenScheme: 'HTTP_BASIC',
      skipOnEnablement: true,
    });
  });

  test.each<[LinkingServerName, boolean]>([
    ['cognito', true],
    ['login-with-amazon', true],
    ['oidc', false],
  ])('defaultTokenExpirationInSeconds with %s: warned about %s', (server, warned) => {
    const stages = [
      { stage: 'development' as const, options: {} },
      { stage: 'live' as const, options: { defaultTokenExpirationInSeconds: 3600 } },
    ];
    const warning = tokenExpirationIgnoredWarning(stages, server);
    expect(warning).toBe(
      warned
        ? `defaultTokenExpirationInSeconds is ignored: linkingServer "${server}" sends expires_in in every token response, which Alexa uses instead (stage live). Remove it; it is for a server whose token response lacks expires_in.`
        : undefined
    );
    expect(tokenExpirationIgnoredWarning([{ stage: 'live', options: {} }], server)).toBeUndefined();
  });
});

test.each([
  [[], undefined],
  [[{}], undefined],
  [[{ voiceForwardAccountLinking: 'disabled' as const }], undefined],
  [[{}, { voiceForwardAccountLinking: 'enabled' as const }], 'enabled'],
  [[{ voiceForwardAccountLinking: 'enabled' as const }, {}], 'enabled'],
])("the skill function's voice-forward variable for stages %j is %j", (options, variable) => {
  const stages = options.map((o, i) => ({
    stage: i === 0 ? ('development' as const) : ('live' as const),
    options: o,
  }));
  expect(voiceForwardLinkingVariable(stages)).toBe(variable);
});

describe('as part of the app settings', () => {
  const BASE = {
    alexaVendorId: 'M2AAAAAAAAAAAA',
    skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    domainPrefix: 'acme-login',
  };
  const app = (context: Record<string, unknown>) => {
    const merged: Record<string, unknown> = { ...BASE, ...context };
    return readAppSettings((key) => merged[key], Object.keys(merged));
  };

  test('the keys are known settings, read with the selected linking server', () => {
    expect(app({ skillStages: 'live', skipOnEnablement: 'true' }).skillStages).toStrictEqual([
      { stage: 'live', options: { skipOnEnablement: true } },
    ]);
    expect(errorOf(() => app({ voiceForwardAccountLinking: 'enabled' })).message).toMatch(
      /^Invalid voiceForwardAccountLinking: .*linkingServer "cognito"/
    );
  });

  test('every bad key is reported at once, one line each, as docs/getting-started.md shows', () => {
    expect.assertions(2);
    try {
      app({
        appLinkingIosUrl: 'http://app.example.com/link',
        voiceForwardAccountLinking: 'enabled',
        skillStages: 'certification',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSettingsError);
      expect(settingErrorLines(error)).toEqual([
        `Invalid appLinkingIosUrl: received "http://app.example.com/link". Expected an https:// Universal Link into your iOS app, without a #fragment (e.g. "https://app.example.com/alexa/link"): http: is not https.`,
        'Invalid skillStages: received "certification". Expected "development", "live" or both ("development,live"), or a JSON object of stage to its own values (e.g. {"development": {}, "live": {"appLinkingIosUrl": "https://app.example.com/alexa/link"}}).',
        'Invalid voiceForwardAccountLinking: received "enabled". Expected no value with linkingServer "cognito": voice-forward account linking works with Login with Amazon only (linkingServer "login-with-amazon"); remove the setting.',
      ]);
    }
  });

  test('a voice-forward value given for both stages is one line', () => {
    expect.assertions(1);
    try {
      app({ voiceForwardAccountLinking: 'enabled', skillStages: 'development,live' });
    } catch (error) {
      expect(settingErrorLines(error)).toHaveLength(1);
    }
  });

  test('a misspelled key is refused with the real one', () => {
    const error = errorOf(() => app({ skipOnEnablment: 'true' }));
    expect(error).toBeInstanceOf(UnknownSettingError);
    expect(error.message).toBe(
      "Unknown setting 'skipOnEnablment', did you mean 'skipOnEnablement'? (received \"true\")"
    );
  });

  test('an empty value is refused, not read as the default', () => {
    expect(errorOf(() => app({ appLinkingIosUrl: '' })).setting).toBe('appLinkingIosUrl');
  });
});

describe('the edges of each value', () => {
  const optionsOf = (context: Record<string, unknown>, server: LinkingServerName = 'oidc') =>
    read(context, server).skillStages.map((s) => s.options);
  const messageOf = (context: Record<string, unknown>) =>
    errorOf(() => read(context, 'oidc')).message;
  // Three labels of 63 letters and a last one of 61: 253 characters, the longest host name.
  const LONGEST_DOMAIN = `${`${'a'.repeat(63)}.`.repeat(3)}${'b'.repeat(61)}`;

  test.each([null, ''])('a key given as %j is not given: nothing is set', (value) => {
    const keys = [
      'skipOnEnablement',
      'voiceForwardAccountLinking',
      'accountLinkingDomains',
      'defaultTokenExpirationInSeconds',
      'appLinkingIosUrl',
      'appLinkingAndroidUrl',
      'appRedirectUrls',
      'skillStages',
    ];
    expect(optionsOf(Object.fromEntries(keys.map((key) => [key, value])))).toStrictEqual([{}]);
  });

  test.each([
    ['a name of two labels', 'example.com'],
    ['a name of 253 characters', LONGEST_DOMAIN],
    ['a last label with a digit in it', 'cdn.example.a1'],
    ['a last label starting with a digit', 'cdn.example.1a'],
    ['an inner label of digits', 'a.10.example.com'],
  ])('accountLinkingDomains takes %s', (_, domain) => {
    expect(optionsOf({ accountLinkingDomains: domain })).toStrictEqual([
      { accountLinkingDomains: [domain] },
    ]);
  });

  test.each([
    ['a name of 254 characters', `${LONGEST_DOMAIN}b`],
    ['an IP address whose last label has two digits', '10.0.0.10'],
  ])('accountLinkingDomains refuses %s', (_, domain) => {
    expect(messageOf({ accountLinkingDomains: domain })).toBe(
      `Invalid accountLinkingDomains: received "${domain}". Expected domain names without scheme, port or path, comma-separated (e.g. "fonts.example.com,cdn.example.com").`
    );
  });

  test.each([[[7]], [['fonts.example.com', 7]]])(
    'accountLinkingDomains %j: a list with anything but strings is refused as a whole',
    (domains) => {
      expect(messageOf({ accountLinkingDomains: domains })).toBe(
        `Invalid accountLinkingDomains: received ${JSON.stringify(domains)} (a list). Expected a comma-separated string or a JSON list of strings (e.g. "fonts.example.com,cdn.example.com").`
      );
    }
  );

  test.each(['1e3', '0x10', ' 5', '5 ', '5s', 'x5'])(
    'defaultTokenExpirationInSeconds %j is no whole number of seconds, though JavaScript reads a number in some',
    (value) => {
      expect(messageOf({ defaultTokenExpirationInSeconds: value })).toBe(
        `Invalid defaultTokenExpirationInSeconds: received "${value}". Expected a whole number of seconds from 1 to 31536000 (e.g. 3600), for a server whose token response lacks expires_in.`
      );
    }
  );

  test.each([
    ['appLinkingIosUrl', 'https://app.example.com/alexa link', 'Universal Link into your iOS app'],
    ['appLinkingAndroidUrl', 'https://app.example.com/a\tb', 'App Link into your Android app'],
  ])('%s %j holds a space, which the URL parser would encode', (key, url, what) => {
    expect(messageOf({ [key]: url })).toBe(
      `Invalid ${key}: received ${JSON.stringify(url)}. Expected an https:// ${what}, without a #fragment (e.g. "https://app.example.com/alexa/link"): it holds a space.`
    );
  });

  test('a redirect URL with a space inside is refused (the list trims only its ends)', () => {
    expect(messageOf({ appRedirectUrls: ' https://app.example.com/alexa linked ' })).toBe(
      'Invalid appRedirectUrls: received "https://app.example.com/alexa linked". Expected https:// URLs without a #fragment where your app is opened after consent, comma-separated (e.g. "https://app.example.com/alexa/linked"): it holds a space.'
    );
  });

  test('skillStages as a JSON string with space before it, and as a list with spaces in the names', () => {
    expect(read({ skillStages: ' {"live": {}}' }).skillStages).toStrictEqual([
      { stage: 'live', options: {} },
    ]);
    expect(read({ skillStages: [' live ', 'development'] }).skillStages).toStrictEqual([
      { stage: 'live', options: {} },
      { stage: 'development', options: {} },
    ]);
  });

  const STAGES_FORM =
    '"development", "live" or both ("development,live"), or a JSON object of stage to its own values (e.g. {"development": {}, "live": {"appLinkingIosUrl": "https://app.example.com/alexa/link"}})';
  test.each<[unknown, string]>([
    ['{"development": {}, "live": {}', '"{\\"development\\": {}, \\"live\\": {}"'],
    [[7], '"7"'],
    [[null], '"null"'],
  ])('skillStages %j is refused, showing %s', (skillStages, shown) => {
    expect(messageOf({ skillStages })).toBe(
      `Invalid skillStages: received ${shown}. Expected ${STAGES_FORM}.`
    );
  });

  test.each<[unknown, string]>([
    ['yes', '"yes"'],
    [['skipOnEnablement'], '["skipOnEnablement"] (a list)'],
  ])("a stage's values %j are refused: they must be an object", (values, shown) => {
    expect(messageOf({ skillStages: { live: values } })).toBe(
      `Invalid skillStages.live: received ${shown}. Expected a JSON object of live's own values, e.g. {"skipOnEnablement": true}.`
    );
  });

  test('two stages with defaultTokenExpirationInSeconds are both named in the warning', () => {
    const stages = read({
      defaultTokenExpirationInSeconds: 60,
      skillStages: 'development,live',
    }).skillStages;
    expect(tokenExpirationIgnoredWarning(stages, 'cognito')).toContain('(stage development, live)');
  });
});

describe('with report: every bad key reported once, and the defaults returned', () => {
  const readReporting = (context: Record<string, unknown>, server: LinkingServerName) => {
    const reported: string[] = [];
    const settings = readAccountLinkingRequestSettings(
      (key) => context[key],
      server,
      (error) => reported.push(error.message)
    );
    return { settings, reported };
  };

  test('a bad key: the defaults (development, no options), not what was read of the others', () => {
    expect(
      readReporting(
        { skipOnEnablement: 'yes', appRedirectUrls: REDIRECT, skillStages: 'live' },
        'oidc'
      )
    ).toStrictEqual({
      settings: { skillStages: [{ stage: 'development', options: {} }] },
      reported: ['Invalid skipOnEnablement: received "yes". Expected true or false.'],
    });
  });

  test('no bad key: what was read, nothing reported', () => {
    expect(readReporting({ skillStages: 'live' }, 'oidc')).toStrictEqual({
      settings: { skillStages: [{ stage: 'live', options: {} }] },
      reported: [],
    });
  });

  test('a top-level voice-forward value refused once, not once per stage; a per-stage one per stage', () => {
    const refusal = (key: string, value: string) =>
      `Invalid ${key}: received "${value}". Expected no value with linkingServer "cognito": voice-forward account linking works with Login with Amazon only (linkingServer "login-with-amazon"); remove the setting.`;
    expect(
      readReporting(
        { voiceForwardAccountLinking: 'enabled', skillStages: 'development,live' },
        'cognito'
      ).reported
    ).toEqual([refusal('voiceForwardAccountLinking', 'enabled')]);
    expect(
      readReporting(
        {
          skillStages: {
            development: { voiceForwardAccountLinking: 'enabled' },
            live: { voiceForwardAccountLinking: 'disabled' },
          },
        },
        'cognito'
      ).reported
    ).toEqual([
      refusal('skillStages.development.voiceForwardAccountLinking', 'enabled'),
      refusal('skillStages.live.voiceForwardAccountLinking', 'disabled'),
    ]);
  });
});
