/**
 * The committed template snapshot of the smart home stack (`-c skillType=smart-home`),
 * normalized like the default one, and a replacement guard that also protects the device table.
 * Refresh it on purpose with `npm run snapshot:update` after reviewing what the guard says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ResourceImpact, fullDiff } from '@aws-cdk/cloudformation-diff';
import { PROTECTED_RESOURCE_TYPES, type RiskyChange } from './replacement-guard';
import type { Json } from './template';

export const SMART_HOME_SNAPSHOT = path.join(
  __dirname,
  '..',
  'infra',
  'snapshots',
  'AlexaAccountLinking-smart-home-test.template.json'
);

/**
 * The user pool's resources and the table with each user's devices and Amazon tokens: the
 * single-region table or, with several smart home regions, the global table.
 */
export const SMART_HOME_PROTECTED_TYPES: readonly string[] = [
  ...PROTECTED_RESOURCE_TYPES,
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable',
];

export function readSmartHomeSnapshot(): Record<string, Json> {
  if (!fs.existsSync(SMART_HOME_SNAPSHOT)) {
    throw new Error(`${SMART_HOME_SNAPSHOT} is missing: create it with npm run snapshot:update`);
  }
  return JSON.parse(fs.readFileSync(SMART_HOME_SNAPSHOT, 'utf8')) as Record<string, Json>;
}

export function writeSmartHomeSnapshot(template: Json): void {
  fs.mkdirSync(path.dirname(SMART_HOME_SNAPSHOT), { recursive: true });
  fs.writeFileSync(SMART_HOME_SNAPSHOT, `${JSON.stringify(template, null, 1)}\n`);
}

const DANGEROUS = new Set<ResourceImpact>([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_DESTROY,
  ResourceImpact.WILL_ORPHAN,
]);

/** Changes that would replace, delete or orphan a protected resource, one line each. */
export function riskySmartHomeChanges(
  committed: Record<string, unknown>,
  synthesized: Record<string, unknown>
): string {
  const found: RiskyChange[] = [];
  fullDiff(committed, synthesized).resources.forEachDifference((logicalId, change) => {
    const resourceType = change.oldResourceType ?? '';
    if (!SMART_HOME_PROTECTED_TYPES.includes(resourceType)) return;
    if (!DANGEROUS.has(change.changeImpact)) return;
    const properties = Object.entries(change.propertyUpdates)
      .filter(([, u]) => u.changeImpact !== undefined && DANGEROUS.has(u.changeImpact))
      .map(([name]) => name);
    found.push({ logicalId, resourceType, impact: change.changeImpact, properties });
  });
  return found
    .map(
      (c) =>
        `${c.resourceType} ${c.logicalId} ${c.impact}${c.properties.length > 0 ? ` because of ${c.properties.join(', ')}` : ''}`
    )
    .join('\n');
}
