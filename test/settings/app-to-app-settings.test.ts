/**
 * appToAppLinking and its keys: off by default, Cognito or OIDC (never Login with Amazon), a
 * secret required, client IDs checked in the server's form, and appRedirectUrls required for every stage linked. Pure: no stack, no synthesis.
 */
import { KNOWN_SETTING_KEYS, readAppSettings } from '../../lib/app-settings/app-settings';
import {
  APP_TO_APP_KEYS,
  assertAppRedirectUrlsFor,
  readAppToAppSettings,
} from '../../lib/app-settings/app-to-app-settings';

const SECRET = 'alexa/app-to-app-client';
const read = (
  values: Record<string, unknown>,
  server: 'cognito' | 'login-with-amazon' | 'oidc' = 'cognito'
) => readAppToAppSettings((key) => values[key], server);

test.each([[undefined], [null], [''], [false], ['false']])('appToAppLinking=%j is off', (value) => {
  expect(read({ appToAppLinking: value, appToAppLinkingSecret: 'ignored when off' })).toEqual({});
});

test.each([[true], ['true']])('appToAppLinking=%j with a secret name or ARN is on', (value) => {
  expect(read({ appToAppLinking: value, appToAppLinkingSecret: SECRET })).toEqual({
    appToAppLinking: { secret: SECRET, clientIds: [] },
  });
  const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/app-to-app-AbCdEf';
  expect(read({ appToAppLinking: value, appToAppLinkingSecret: arn }).appToAppLinking?.secret).toBe(
    arn
  );
});

test('appToAppLinkingClientIds: a list of app client IDs, from -c or cdk.json', () => {
  expect(
    read({
      appToAppLinking: true,
      appToAppLinkingSecret: SECRET,
      appToAppLinkingClientIds: '1example23456789abcdefghij,2example23456789abcdefghij',
    }).appToAppLinking?.clientIds
  ).toEqual(['1example23456789abcdefghij', '2example23456789abcdefghij']);
});

test.each([['yes'], [1], ['TRUE']])('fails when appToAppLinking is %j', (value) => {
  expect(() => read({ appToAppLinking: value })).toThrow(
    /^Invalid appToAppLinking: received .*\. Expected true \(deploy the app-to-app linking endpoint your app calls\) or false \(the default\)\.$/
  );
});

test('fails when appToAppLinking is on with linkingServer login-with-amazon, whose tokens are opaque', () => {
  expect(() =>
    read({ appToAppLinking: true, appToAppLinkingSecret: SECRET }, 'login-with-amazon')
  ).toThrow(
    'Invalid appToAppLinking: received true (boolean). Expected false with linkingServer "login-with-amazon": its access tokens are opaque, so the JWT authorizer that checks your user cannot read them; use linkingServer "cognito" or "oidc".'
  );
});

test('with linkingServer oidc: on, and appToAppLinkingClientIds takes OIDC client IDs and API identifiers', () => {
  expect(
    read(
      {
        appToAppLinking: true,
        appToAppLinkingSecret: SECRET,
        appToAppLinkingClientIds: 'Xq3vB8nLk2Rm5Tz9Wc4Yh7Pd1Fg6Js0A,https://api.example.com/',
      },
      'oidc'
    )
  ).toEqual({
    appToAppLinking: {
      secret: SECRET,
      clientIds: ['Xq3vB8nLk2Rm5Tz9Wc4Yh7Pd1Fg6Js0A', 'https://api.example.com/'],
    },
  });
});

test('fails when an OIDC client ID has a space', () => {
  expect(() =>
    read(
      { appToAppLinking: true, appToAppLinkingSecret: SECRET, appToAppLinkingClientIds: 'my app' },
      'oidc'
    )
  ).toThrow(
    'Invalid appToAppLinkingClientIds: received "my app". Expected client IDs of your OIDC server (printable, no spaces), comma-separated (e.g. "Xq3vB8nLk2Rm5Tz9Wc4Yh7Pd1Fg6Js0A").'
  );
});

test.each([[undefined], [''], ['has space'], ['arn:aws:s3:::bucket'], [5]])(
  'fails when appToAppLinking is on and appToAppLinkingSecret is %j',
  (secret) => {
    expect(() => read({ appToAppLinking: 'true', appToAppLinkingSecret: secret })).toThrow(
      /^Invalid appToAppLinkingSecret: received .*\. Expected the name or ARN of a Secrets Manager secret holding the skill's app-to-app client as \{"clientId", "clientSecret"\}/
    );
  }
);

test.each([
  'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:alexa/app-to-app-AbCdEf',
  'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:alexa/app-to-app-AbCdEf',
])('appToAppLinkingSecret takes the ARN of another partition: %s', (arn) => {
  expect(read({ appToAppLinking: true, appToAppLinkingSecret: arn })).toEqual({
    appToAppLinking: { secret: arn, clientIds: [] },
  });
});

test.each([
  // Something before or after an ARN: neither a secret name (no colons) nor an ARN.
  'x:arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/app-to-app-AbCdEf',
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/app-to-app-AbCdEf extra',
  'arn:aws1:secretsmanager:eu-west-1:123456789012:secret:alexa/app-to-app-AbCdEf',
])('fails when appToAppLinkingSecret is no ARN though one is inside: %s', (secret) => {
  expect(() => read({ appToAppLinking: true, appToAppLinkingSecret: secret })).toThrow(
    /^Invalid appToAppLinkingSecret: /
  );
});

test('fails when a Cognito app client ID has a hyphen, which an OIDC client ID may have', () => {
  const ids = {
    appToAppLinking: true,
    appToAppLinkingSecret: SECRET,
    appToAppLinkingClientIds: 'my-app',
  };
  expect(read(ids, 'oidc').appToAppLinking?.clientIds).toEqual(['my-app']);
  expect(() => read(ids, 'cognito')).toThrow(
    'Invalid appToAppLinkingClientIds: received "my-app". Expected user pool app client IDs, comma-separated (e.g. "1example23456789abcdefghij").'
  );
});

test('fails when appToAppLinkingClientIds is no list, naming the key', () => {
  expect(() =>
    read({ appToAppLinking: true, appToAppLinkingSecret: SECRET, appToAppLinkingClientIds: [7] })
  ).toThrow(/^Invalid appToAppLinkingClientIds: received \[7\] \(a list\)\. Expected /);
});

test('fails when an app client ID is not one', () => {
  expect(() =>
    read({
      appToAppLinking: true,
      appToAppLinkingSecret: SECRET,
      appToAppLinkingClientIds: 'ok1,not ok',
    })
  ).toThrow(
    'Invalid appToAppLinkingClientIds: received "not ok". Expected user pool app client IDs, comma-separated'
  );
});

test('appRedirectUrls are required for every stage linked', () => {
  expect(() =>
    assertAppRedirectUrlsFor([
      { stage: 'development', options: { appRedirectUrls: ['https://app.example.com/a'] } },
      { stage: 'live', options: {} },
    ])
  ).toThrow(
    /^Invalid appRedirectUrls: received nothing \(the setting is missing\)\. Expected your app's https redirect URLs .* for the live stage/
  );
  expect(() =>
    assertAppRedirectUrlsFor([{ stage: 'development', options: { appRedirectUrls: [] } }])
  ).toThrow(/for the development stage/);
  expect(() =>
    assertAppRedirectUrlsFor([
      { stage: 'live', options: { appRedirectUrls: ['https://a.example.com/x'] } },
    ])
  ).not.toThrow();
});

describe('through readAppSettings', () => {
  const BASE = {
    alexaVendorId: 'M2AAAAAAAAAAAA',
    skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
    domainPrefix: 'acme-login',
  };
  const settings = (extra: Record<string, unknown>) => {
    const context: Record<string, unknown> = { ...BASE, ...extra };
    return readAppSettings((key) => context[key], Object.keys(context));
  };

  test('every key is a known setting, and the default is off', () => {
    for (const key of APP_TO_APP_KEYS) expect(KNOWN_SETTING_KEYS).toContain(key);
    expect(settings({}).appToAppLinking).toBeUndefined();
  });

  test('on, with appRedirectUrls', () => {
    expect(
      settings({
        appToAppLinking: 'true',
        appToAppLinkingSecret: SECRET,
        appRedirectUrls: 'https://app.example.com/alexa/linked',
      }).appToAppLinking
    ).toEqual({ secret: SECRET, clientIds: [] });
  });

  test('fails when on without appRedirectUrls', () => {
    expect(() => settings({ appToAppLinking: 'true', appToAppLinkingSecret: SECRET })).toThrow(
      /^Invalid appRedirectUrls: .* appToAppLinking needs them/
    );
  });
});
