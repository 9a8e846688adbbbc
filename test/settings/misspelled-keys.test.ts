/**
 * The misspelled-key check at its edit-distance boundaries: a swap of neighbours costs one edit,
 * and only a key within one edit (two for keys of six letters or more) of a setting is refused.
 */
import { readAppSettings } from '../../lib/app-settings/app-settings';

const BASE: Record<string, unknown> = {
  alexaVendorId: 'M2AAAAAAAAAAAA',
  skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
};
const withKey = (key: string) => () => {
  const context = { ...BASE, [key]: 'v' };
  return readAppSettings((k) => context[k], [key]);
};

test.each([
  // two edits from mfa (a swap and a change, or two changes): too far for a three-letter key
  'fmx',
  'mgf',
  'fra',
  // two edits from nag
  'dnaf',
  // not a plain identifier: another tool's key, left alone even when close to a setting
  'scope_',
  '_scopes',
  'sco-pes',
])('%s is left alone', (key) => {
  expect(withKey(key)).not.toThrow();
});

test.each([
  ['fma', 'mfa'],
  ['tsage', 'stage'],
  ['scopse', 'scopes'],
])('%s is refused as %s', (key, known) => {
  expect(withKey(key)).toThrow(`Unknown setting '${key}', did you mean '${known}'? (received "v")`);
});

test('an empty skill ID says what it needs', () => {
  expect(() => readAppSettings((k) => ({ ...BASE, skillId: '' })[k])).toThrow(
    'Invalid skillId: received "". Expected the skill ID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d").'
  );
});
