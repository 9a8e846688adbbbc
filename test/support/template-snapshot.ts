/**
 * The committed template snapshot: the normalized template of the test stack, as JSON, so both the
 * snapshot test and the replacement guard can read it. Refresh it on purpose with
 * `npm run snapshot:update` after reviewing what the guard says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Json } from './template';

export const TEMPLATE_SNAPSHOT = path.join(
  __dirname,
  '..',
  'infra',
  'snapshots',
  'AlexaAccountLinking-test.template.json'
);

export const updatingSnapshots = (): boolean => process.env.UPDATE_TEMPLATE_SNAPSHOT === '1';

export function readTemplateSnapshot(): Record<string, Json> {
  if (!fs.existsSync(TEMPLATE_SNAPSHOT)) {
    throw new Error(`${TEMPLATE_SNAPSHOT} is missing: create it with npm run snapshot:update`);
  }
  return JSON.parse(fs.readFileSync(TEMPLATE_SNAPSHOT, 'utf8')) as Record<string, Json>;
}

export function writeTemplateSnapshot(template: Json): void {
  fs.mkdirSync(path.dirname(TEMPLATE_SNAPSHOT), { recursive: true });
  fs.writeFileSync(TEMPLATE_SNAPSHOT, `${JSON.stringify(template, null, 1)}\n`);
}
