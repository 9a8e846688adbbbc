/**
 * docs/configuration.md is written from the settings catalogue by `npm run docs`: it must be what
 * the catalogue generates now, and list every key with a heading the contents link to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTING_CATALOGUE } from '../../lib/app-settings/setting-catalogue';
import {
  CONFIGURATION_REFERENCE_PATH,
  configurationReference,
} from '../../scripts/docs/configuration-reference';
import { headingAnchors, markdownLinkTargets } from '../support/markdown-links';

const ROOT = path.join(__dirname, '..', '..');
const generated = configurationReference(SETTING_CATALOGUE);

describe('docs/configuration.md', () => {
  test('is what the settings catalogue generates (run npm run docs after changing it)', () => {
    const written = fs.readFileSync(path.join(ROOT, CONFIGURATION_REFERENCE_PATH), 'utf8');
    expect(written).toBe(generated);
  });

  test('has a heading for every key, each linked from the contents', () => {
    const anchors = headingAnchors(generated);
    const links = markdownLinkTargets(generated);
    for (const { key } of SETTING_CATALOGUE) {
      expect(anchors).toContain(key.toLowerCase());
      expect(links).toContain(`#${key.toLowerCase()}`);
    }
    expect(links.filter((link) => !anchors.includes(link.slice(1)))).toEqual([]);
  });

  test("states each key's default, valid values and where it applies", () => {
    const section = (key: string) =>
      generated.slice(generated.indexOf(`### \`${key}\``)).split('\n### ')[0] as string;
    expect(section('domainPrefix')).toContain('- Linking servers: `cognito`\n');
    expect(section('stage')).toContain('- Default: `dev`\n');
    expect(section('alexaEventsSecretName')).toContain('- Skill types: `smart-home`\n');
    expect(section('skillId')).toContain(
      '- Linking servers: all (`cognito`, `login-with-amazon`, `oidc`)\n'
    );
    expect(section('mfa')).toContain('- Valid values: `off`, `optional` or `required`\n');
  });
});

test('lists only the groups that have a key: no empty heading, no empty contents line', () => {
  const mfa = SETTING_CATALOGUE.find((entry) => entry.key === 'mfa');
  const reference = configurationReference(mfa === undefined ? [] : [mfa]);
  expect(reference.match(/^## .*$/gm)).toEqual(['## Cognito user pool']);
  expect(reference).toContain('\n- [Cognito user pool](#cognito-user-pool): [`mfa`](#mfa)\n');
  expect(reference).not.toMatch(/^- \[.*\]\(#.*\): $/m);
});
