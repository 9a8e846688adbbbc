import { InvalidSettingError } from './invalid-setting-error';
import { listSetting } from './list-setting';

/**
 * The AWS regions an Alexa skill function can serve from, one per Alexa endpoint region: Alexa
 * calls the function nearest the user's locale when the manifest lists regional endpoints.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-an-aws-lambda-function.html#select-optimal-region
 */
export const SKILL_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'] as const;
/** One of SKILL_REGIONS. */
export type SkillRegion = (typeof SKILL_REGIONS)[number];

/** Which Alexa endpoint region each skill function region serves. */
export const ALEXA_REGION_OF: Readonly<Record<SkillRegion, 'NA' | 'EU' | 'FE'>> = {
  'us-east-1': 'NA',
  'eu-west-1': 'EU',
  'us-west-2': 'FE',
};

/** Where skill functions run (`skillRegions`). */
export interface SkillRegionsSettings {
  /** `skillRegions`: the regions with a skill function; empty means the stack's region only. */
  readonly skillRegions: readonly SkillRegion[];
}

/** Reads `skillRegions` (a list of SKILL_REGIONS); `read(key)` returns the raw context value. */
export function readSkillRegionsSettings(read: (key: string) => unknown): SkillRegionsSettings {
  const value = read('skillRegions');
  const regions = listSetting('skillRegions', value) ?? [];
  if (regions.some((r) => !(SKILL_REGIONS as readonly string[]).includes(r))) {
    throw new InvalidSettingError(
      'skillRegions',
      value,
      `a comma-separated list of ${SKILL_REGIONS.join(', ')} (e.g. "us-east-1,eu-west-1,us-west-2")`
    );
  }
  return { skillRegions: regions as SkillRegion[] };
}

/**
 * Where the stacks go: the home region (pool, domain, client, tables, and a skill function) and
 * each extra region with a skill function of its own. The home region is the deployment's region
 * (CDK_DEFAULT_REGION) when known; otherwise the first of `skillRegions`.
 */
export function skillRegionPlan(
  skillRegions: readonly SkillRegion[],
  deploymentRegion: string | undefined
): { readonly home: string | undefined; readonly extra: readonly SkillRegion[] } {
  const home = deploymentRegion ?? skillRegions[0];
  return { home, extra: skillRegions.filter((region) => region !== home) };
}
