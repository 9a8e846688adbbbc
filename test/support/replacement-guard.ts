/**
 * The replacement guard: which changes between two templates would replace, delete or orphan a
 * resource that holds users or their links. Replacing the user pool loses every account;
 * replacing the client changes the client ID and secret and unlinks every Alexa user; replacing
 * the domain moves the sign-in URLs the skill is configured with.
 */
import { ResourceImpact, fullDiff } from '@aws-cdk/cloudformation-diff';

export const PROTECTED_RESOURCE_TYPES = [
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::UserPoolClient',
] as const;

const DANGEROUS = new Set<ResourceImpact>([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_DESTROY,
  ResourceImpact.WILL_ORPHAN,
]);

export interface RiskyChange {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly impact: string;
  /** The properties whose change causes the impact; empty when the resource itself goes away. */
  readonly properties: string[];
}

export function riskyChanges(
  committed: Record<string, unknown>,
  synthesized: Record<string, unknown>
): RiskyChange[] {
  const found: RiskyChange[] = [];
  fullDiff(committed, synthesized).resources.forEachDifference((logicalId, change) => {
    const resourceType = change.oldResourceType ?? change.newResourceType ?? '';
    if (!(PROTECTED_RESOURCE_TYPES as readonly string[]).includes(change.oldResourceType ?? ''))
      return;
    if (!DANGEROUS.has(change.changeImpact)) return;
    const properties = Object.entries(change.propertyUpdates)
      .filter(
        ([, update]) => update.changeImpact !== undefined && DANGEROUS.has(update.changeImpact)
      )
      .map(([name]) => name);
    found.push({ logicalId, resourceType, impact: change.changeImpact, properties });
  });
  return found;
}

/** One line per risky change, naming the property, for a failing test's message. */
export function describeRiskyChanges(changes: RiskyChange[]): string {
  return changes
    .map(
      (c) =>
        `${c.resourceType} ${c.logicalId} ${c.impact}${c.properties.length > 0 ? ` because of ${c.properties.join(', ')}` : ''}`
    )
    .join('\n');
}
