/**
 * appToAppLinking and its keys: off by default, Cognito only, a secret required, app client IDs
 * checked, and appRedirectUrls required for every stage linked. Pure: no stack, no synthesis.
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

test.each([['login-with-amazon'], ['oidc']] as const)(
  'fails when appToAppLinking is on with linkingServer %s',
  (server) => {
    expect(() => read({ appToAppLinking: true, appToAppLinkingSecret: SECRET }, server)).toThrow(
      `Invalid appToAppLinking: received true (boolean). Expected false with linkingServer "${server}": the endpoint authenticates your user with the user pool's own tokens, so it needs linkingServer "cognito".`
    );
  }
);

test.each([[undefined], [''], ['has space'], ['arn:aws:s3:::bucket'], [5]])(
  'fails when appToAppLinking is on and appToAppLinkingSecret is %j',
  (secret) => {
    expect(() => read({ appToAppLinking: 'true', appToAppLinkingSecret: secret })).toThrow(
      /^Invalid appToAppLinkingSecret: received .*\. Expected the name or ARN of a Secrets Manager secret holding the skill's app-to-app client as \{"clientId", "clientSecret"\}/
    );
  }
);

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
