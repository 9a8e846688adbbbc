/**
 * docs/configuration.md, written from the settings catalogue (lib/app-settings/setting-catalogue.ts)
 * so the reference cannot drift from the keys the app reads. Pure: text in, text out. The output
 * is already as Prettier formats Markdown (no tables, whose padding Prettier owns), so
 * `prettier --check` and the drift test agree.
 */
import { LINKING_SERVERS } from '../../lib/app-settings/linking-server-settings';
import {
  SETTING_GROUPS,
  type SettingEntry,
  type SettingGroup,
} from '../../lib/app-settings/setting-catalogue';
import { SKILL_TYPES } from '../../lib/app-settings/skill-type-settings';

/** Where the reference is written, from the repository root. */
export const CONFIGURATION_REFERENCE_PATH = 'docs/configuration.md';

const INTRO = `# Configuration reference

<!-- Written by \`npm run docs\` from lib/app-settings/setting-catalogue.ts: edit the catalogue, not this file. -->

Every context key the app reads. Set them in \`cdk.json\`'s \`"context"\` (the one place every
command reads) or with \`-c key=value\` for one run. Lists are comma-separated on the command line,
or JSON arrays in \`cdk.json\`; an entry may not be blank or repeated. A missing or malformed value
stops synthesis with an error that names the key, shows the value received and says what a valid
one looks like, every invalid key at once. Any other key is refused, except the CDK's own: feature
flags (\`@aws-cdk/...\`, \`@aws-cdk-containers/...\`), the CLI's switches (\`aws:cdk:...\`), the keys
\`cdk acknowledge\` and \`cdk cli-telemetry\` write, and the lookups cached in \`cdk.context.json\`.
A key of a linking server that is not selected is ignored, with a synthesis warning naming it.
`;

/** The whole of docs/configuration.md for `catalogue`. */
export function configurationReference(catalogue: readonly SettingEntry[]): string {
  const groups = SETTING_GROUPS.map((group) => ({
    group,
    entries: catalogue.filter((entry) => entry.group === group),
  })).filter(({ entries }) => entries.length > 0);
  const contents = groups.map(
    ({ group, entries }) =>
      `- [${group}](#${anchorOf(group)}): ${entries.map((e) => `[\`${e.key}\`](#${e.key.toLowerCase()})`).join(', ')}`
  );
  return [
    INTRO,
    contents.join('\n'),
    '',
    ...groups.flatMap(({ group, entries }) => groupSection(group, entries)),
  ].join('\n');
}

function groupSection(group: SettingGroup, entries: readonly SettingEntry[]): string[] {
  return [`## ${group}`, '', ...entries.flatMap(entrySection)];
}

function entrySection(entry: SettingEntry): string[] {
  return [
    `### \`${entry.key}\``,
    '',
    entry.description,
    '',
    `- Required: ${entry.required}`,
    `- Default: ${entry.default}`,
    `- Valid values: ${entry.validForm}`,
    `- Linking servers: ${appliesTo(entry.linkingServers, LINKING_SERVERS)}`,
    `- Skill types: ${appliesTo(entry.skillTypes, SKILL_TYPES)}`,
    '',
  ];
}

/** `all` when every one is listed, else the names in backticks. */
function appliesTo(names: readonly string[], every: readonly string[]): string {
  const listed = names.map((name) => `\`${name}\``).join(', ');
  return every.every((name) => names.includes(name)) ? `all (${listed})` : listed;
}

// GitHub's heading anchor for a group title: lower case, spaces to hyphens. The titles hold no
// other punctuation (GitHub would drop it); test/docs/configuration.test.ts checks every link.
function anchorOf(title: string): string {
  return title.toLowerCase().replace(/ /g, '-');
}
