/**
 * Unknown keys at the boundaries of the suggestion: a swap of neighbours costs one edit, a key
 * within a third of the setting's length in edits (at least one) is named as what was meant, and
 * so is a key of four letters or more that contains a setting or is contained in one. Every other
 * key that is not the CDK's is refused without a suggestion.
 */
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { closestKey, editDistance, isCdkContextKey } from '../../lib/app-settings/context-keys';

const BASE: Record<string, unknown> = {
  alexaVendorId: 'M2AAAAAAAAAAAA',
  skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
};
const withKey = (key: string) => () => {
  const context = { ...BASE, [key]: 'v' };
  return readAppSettings((k) => context[k], [key]);
};
const NO_SUCH_KEY =
  "no such key: it is neither one of this project's settings (docs/configuration.md lists them) nor a CDK key; remove it from cdk.json or the command line";

test.each([
  // two edits from mfa (a swap and a change, or two changes): too far for a three-letter key
  'fmx',
  'mgf',
  'fra',
  // two edits from nag
  'dnaf',
  // not a plain identifier, and no CDK key either
  'my_key',
  'custom-thing',
])('%s is refused without a suggestion', (key) => {
  expect(withKey(key)).toThrow(`Invalid ${key}: received "v". Expected ${NO_SUCH_KEY}.`);
});

test.each([
  ['fma', 'mfa'],
  ['tsage', 'stage'],
  ['scopse', 'scopes'],
  ['scope_', 'scopes'],
  ['_scopes', 'scopes'],
  ['sco-pes', 'scopes'],
])('%s is refused as %s', (key, known) => {
  expect(withKey(key)).toThrow(`Unknown setting '${key}', did you mean '${known}'? (received "v")`);
});

test.each<[string, string | undefined]>([
  // one edit is always near, even for a three-letter setting
  ['ng', 'nag'],
  ['NAG', 'nag'],
  // stage has 5 letters: one edit near, two too far
  ['stagex', 'stage'],
  ['stxgy', undefined],
  // linkingServer has 13 letters: four edits are near, five too far
  ['linkServer', 'linkingServer'],
  ['lServer', undefined],
  // containing or contained in a setting, from four letters on
  ['alarm', 'alarmEmail'],
  // four letters exactly: alar is six edits from alarmEmail, but contained in it
  ['alar', 'alarmEmail'],
  ['ALAR', 'alarmEmail'],
  ['myOidcIssuerUrl', 'oidcIssuer'],
  ['sta', undefined],
  ['zzzz', undefined],
])('the closest setting to %s is %s', (key, expected) => {
  expect(closestKey(key, ['nag', 'stage', 'linkingServer', 'alarmEmail', 'oidcIssuer'])).toBe(
    expected
  );
});

test.each([
  ['', '', 0],
  ['ab', 'ba', 1],
  ['abc', 'acb', 1],
  ['kitten', 'sitting', 3],
  ['', 'abc', 3],
  ['abc', '', 3],
])('editDistance(%j, %j) is %d', (a, b, distance) => {
  expect(editDistance(a, b)).toBe(distance);
});

test.each<[string, boolean]>([
  ['@aws-cdk/core:newStyleStackSynthesis', true],
  ['@aws-cdk-containers/ecs-service-extensions:enableDefaultLogDriver', true],
  ['aws:cdk:version-reporting', true],
  ['acknowledged-issue-numbers', true],
  ['cli-telemetry', true],
  ['hosted-zone:account=123456789012:domainName=example.com:region=eu-west-1', true],
  ['key-provider:account=123456789012:aliasName=alias/x:region=eu-west-1', true],
  ['plugin:account=123456789012:pluginName=x', true],
  // look alike, but not the CDK's
  ['@aws-cdk', false],
  ['aws:cdk', false],
  ['aws-cdk:x', false],
  ['ami', false],
  ['amis:x', false],
  ['x@aws-cdk/core:x', false],
  ['acknowledged-issue-numbers2', false],
])('%s is a CDK key: %s', (key, expected) => {
  expect(isCdkContextKey(key)).toBe(expected);
});
