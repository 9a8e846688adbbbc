/**
 * The settings catalogue is the one list of context keys: every key a settings module declares or
 * readAppSettings reads has an entry, every entry is a key that is read, and each entry says
 * where it applies as the settings modules decide it.
 */
import { KNOWN_SETTING_KEYS, readAppSettings } from '../../lib/app-settings/app-settings';
import { ACCOUNT_LINKING_REQUEST_KEYS } from '../../lib/app-settings/account-linking-request-settings';
import { APP_TO_APP_KEYS } from '../../lib/app-settings/app-to-app-settings';
import {
  COGNITO_ONLY_KEYS,
  LINKING_SERVERS,
  LWA_KEYS,
  OIDC_KEYS,
} from '../../lib/app-settings/linking-server-settings';
import { RECORDER_KEYS } from '../../lib/app-settings/recorder-settings';
import {
  SETTING_CATALOGUE,
  SETTING_GROUPS,
  type SettingEntry,
} from '../../lib/app-settings/setting-catalogue';
import { SKILL_TYPES } from '../../lib/app-settings/skill-type-settings';

const catalogueKeys = SETTING_CATALOGUE.map((entry) => entry.key);
const entryOf = (key: string): SettingEntry | undefined =>
  SETTING_CATALOGUE.find((entry) => entry.key === key);

/** Every key readAppSettings asks for, with each linking server and skill type selected. */
function keysRead(): string[] {
  const read = new Set<string>();
  for (const linkingServer of LINKING_SERVERS) {
    for (const skillType of SKILL_TYPES) {
      const context: Record<string, unknown> = {
        linkingServer,
        skillType,
        // On, with its secret, so that its other keys are read too.
        appToAppLinking: true,
        appToAppLinkingSecret: 'alexa/app-to-app',
      };
      try {
        readAppSettings((key) => {
          read.add(key);
          return context[key];
        });
      } catch {
        // The required keys are missing: what matters is which keys were asked for.
      }
    }
  }
  return [...read];
}

describe('SETTING_CATALOGUE', () => {
  test('is the known keys, each once', () => {
    expect(KNOWN_SETTING_KEYS).toStrictEqual(catalogueKeys);
    expect(new Set(catalogueKeys).size).toBe(catalogueKeys.length);
  });

  test.each([
    ['COGNITO_ONLY_KEYS', COGNITO_ONLY_KEYS],
    ['LWA_KEYS', LWA_KEYS],
    ['OIDC_KEYS', OIDC_KEYS],
    ['RECORDER_KEYS', RECORDER_KEYS],
    ['ACCOUNT_LINKING_REQUEST_KEYS', ACCOUNT_LINKING_REQUEST_KEYS],
    ['APP_TO_APP_KEYS', APP_TO_APP_KEYS],
  ])('has an entry for every key of %s', (_name, keys) => {
    expect(keys.filter((key) => entryOf(key) === undefined)).toEqual([]);
  });

  test('has an entry for every key readAppSettings reads, and reads every entry', () => {
    const read = keysRead();
    expect(read.filter((key) => entryOf(key) === undefined)).toEqual([]);
    expect(catalogueKeys.filter((key) => !read.includes(key))).toEqual([]);
  });

  test.each([
    ['cognito', COGNITO_ONLY_KEYS],
    ['login-with-amazon', LWA_KEYS],
    ['oidc', OIDC_KEYS],
  ] as const)('gives each %s-only key that server alone', (server, keys) => {
    for (const key of keys) expect([key, entryOf(key)?.linkingServers]).toEqual([key, [server]]);
  });

  test.each([
    ['appToAppLinking', ['cognito']],
    ['voiceForwardAccountLinking', ['login-with-amazon']],
    ['recordTokenExchanges', ['cognito', 'oidc']],
    ['defaultTokenExpirationInSeconds', ['oidc']],
    ['linkingServer', ['cognito', 'login-with-amazon', 'oidc']],
  ])('gives %s the linking servers it works with', (key, servers) => {
    expect(entryOf(key)?.linkingServers).toEqual(servers);
  });

  test.each([
    ['alexaEventsSecretName', ['smart-home']],
    ['skillRegions', ['custom']],
    ['voiceForwardAccountLinking', ['custom']],
    ['skillId', ['custom', 'smart-home']],
  ])('gives %s the skill types it works with', (key, types) => {
    expect(entryOf(key)?.skillTypes).toEqual(types);
  });

  test('fills in every field of every entry, in a known group', () => {
    for (const entry of SETTING_CATALOGUE) {
      expect(SETTING_GROUPS).toContain(entry.group);
      for (const field of ['required', 'default', 'validForm', 'description'] as const) {
        expect([entry.key, field, entry[field].trim().length > 0]).toEqual([
          entry.key,
          field,
          true,
        ]);
      }
      expect(entry.linkingServers.length).toBeGreaterThan(0);
      expect(entry.skillTypes.length).toBeGreaterThan(0);
    }
  });

  test('names the defaults the settings readers use', () => {
    const defaults = readAppSettings(
      (key) =>
        ({
          alexaVendorId: 'M2AAAAAAAAAAAA',
          skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
          domainPrefix: 'acme-alexa',
        })[key]
    );
    expect(entryOf('stage')?.default).toBe(`\`${defaults.stage}\``);
    expect(entryOf('scopes')?.default).toBe(`\`${defaults.scopes.join(',')}\``);
    expect(entryOf('mfa')?.default).toBe(`\`${defaults.mfa}\``);
    expect(entryOf('featurePlan')?.default).toBe(`\`${defaults.featurePlan}\``);
    expect(entryOf('loginUi')?.default).toBe(`\`${defaults.loginUi}\``);
    expect(entryOf('skillType')?.default).toBe(`\`${defaults.skillType}\``);
    expect(entryOf('retainUserPool')?.default).toBe(`\`${defaults.retainUserPool}\``);
    expect(entryOf('deletionProtection')?.default).toBe(`\`${defaults.deletionProtection}\``);
    expect(entryOf('recordTokenExchanges')?.default).toBe(`\`${defaults.recordTokenExchanges}\``);
    expect(entryOf('nag')?.default).toBe(`\`${defaults.nag}\``);
    expect(entryOf('skillStages')?.default).toBe(
      `\`${defaults.skillStages.map((s) => s.stage).join(',')}\``
    );
  });
});
