import { InvalidSettingError } from './invalid-setting-error';
import { UnknownSettingError } from './invalid-settings-error';

/**
 * Which context keys belong to the CDK rather than to this project. The CDK CLI hands the app
 * every key of cdk.json, ~/.cdk.json, cdk.context.json and `-c`, plus keys of its own; read from
 * aws-cdk 2.1148 (contextFromSettings, the acknowledge and cli-telemetry commands, context lookups)
 * and aws-cdk-lib's cx-api. test/infra/app-settings.test.ts holds this list to the installed CDK.
 */
// Feature flags (`@aws-cdk/core:...`, `@aws-cdk-containers/...`) and the CLI's switches
// (`aws:cdk:enable-path-metadata`, `aws:cdk:version-reporting`, `aws:cdk:bundling-stacks`, ...).
export const CDK_KEY_PREFIXES = ['@aws-cdk/', '@aws-cdk-containers/', 'aws:cdk:'] as const;
/** Keys the CDK CLI writes into cdk.json itself: `cdk acknowledge` and `cdk cli-telemetry`. */
export const CDK_CLI_KEYS = ['acknowledged-issue-numbers', 'cli-telemetry'] as const;
/**
 * The context providers whose lookups the CLI caches in cdk.context.json, each under
 * `<provider>:<query>` (cloud-assembly-schema's ContextProvider).
 */
export const CDK_CONTEXT_PROVIDERS = [
  'ami',
  'availability-zones',
  'hosted-zone',
  'ssm',
  'vpc-provider',
  'endpoint-service-availability-zones',
  'load-balancer',
  'load-balancer-listener',
  'security-group',
  'key-provider',
  'cc-api-provider',
  'plugin',
] as const;

/** True for a key the CDK itself reads or writes: a feature flag, a CLI switch or a cached lookup. */
export function isCdkContextKey(key: string): boolean {
  return (
    CDK_KEY_PREFIXES.some((prefix) => key.startsWith(prefix)) ||
    (CDK_CLI_KEYS as readonly string[]).includes(key) ||
    CDK_CONTEXT_PROVIDERS.some((provider) => key.startsWith(`${provider}:`))
  );
}

/**
 * Refuses a context key that is neither one of `knownKeys` nor the CDK's: an unknown key would
 * be ignored, so a typo (`linkServer`) or a value that must not be there (`lwaClientSecret`)
 * would pass silently. Names the closest setting when one is near.
 */
export function assertIsKnownContextKey(
  key: string,
  value: unknown,
  knownKeys: readonly string[]
): void {
  if (knownKeys.includes(key) || isCdkContextKey(key)) return;
  const shown = looksSecret(key) ? '(value withheld: it may be a secret)' : value;
  const suggestion = closestKey(key, knownKeys);
  if (suggestion !== undefined) throw new UnknownSettingError(key, shown, suggestion);
  throw new InvalidSettingError(
    key,
    shown,
    "no such key: it is neither one of this project's settings (docs/configuration.md lists them) nor a CDK key; remove it from cdk.json or the command line"
  );
}

// A value given under such a name may be a secret; it is not echoed into a terminal or CI log.
function looksSecret(key: string): boolean {
  return /secret|password|token|credential|private/i.test(key);
}

/**
 * The known key a mistyped one most likely meant: the one fewest edits away (ignoring case) when
 * that is at most a third of its length (at least 1), or one that contains or is contained in it.
 */
export function closestKey(key: string, knownKeys: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const ranked = knownKeys
    .map((known) => ({ known, distance: editDistance(lower, known.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  if (best && best.distance <= Math.max(1, Math.floor(best.known.length / 3))) return best.known;
  return knownKeys.find(
    (known) =>
      Math.min(known.length, key.length) >= 4 &&
      (known.toLowerCase().includes(lower) || lower.includes(known.toLowerCase()))
  );
}

/** Edit distance (insertions, deletions, substitutions and swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  // The first row and column are exact (j insertions, i deletions); every other cell is
  // overwritten below before it is read.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => i + j)
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      // At i = 1 or j = 1, a[i - 2] or b[j - 2] is undefined and equals no character.
      if (a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}
