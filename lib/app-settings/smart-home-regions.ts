/**
 * Where a smart home deployment's functions and device table replicas go, from the home stack's
 * region and `skillRegions`. Pure: no constructs, so the stack and the tests share one rule.
 *
 * Alexa calls a smart home function only in the AWS region of the user's locale (NA in us-east-1,
 * EU in eu-west-1, FE in us-west-2), so every function must sit in one of those, and with more
 * than one function the device table becomes a global table with a replica next to each.
 * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/develop-smart-home-skills-in-multiple-languages.html#deploy
 */
import { InvalidSettingError } from './invalid-setting-error';
import type { SkillRegion } from './skill-regions-settings';
import { SMART_HOME_REGIONS, isSmartHomeRegion } from './skill-type-settings';

/** Where a smart home skill's device table has replicas, as decided from `skillRegions`. */
export interface SmartHomeRegionPlan {
  /**
   * The regions with a smart home function besides the home stack's, each with a replica of the
   * device table; empty for the single-region deployment (one `AWS::DynamoDB::Table`, as before).
   */
  readonly replicaRegions: readonly SkillRegion[];
}

const VALID_REGIONS = Object.keys(SMART_HOME_REGIONS).join(', ');
const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:/;

/**
 * The smart home region plan, or an InvalidSettingError naming the setting to change:
 * - with `skillRegions`, the home stack's region must be known and be one of the three smart home
 *   regions (its function would serve no locale, and its table replica nobody);
 * - with functions in more than one region, `alexaEventsSecretName` must be a secret name: each
 *   function reads the secret in its own region (a Secrets Manager replica keeps the name), and an
 *   ARN names one region's secret only.
 *
 * Without `skillRegions` nothing is refused: the single-region stack keeps today's behaviour (a
 * warning when its region serves no smart home locale).
 */
export function smartHomeRegionPlan(options: {
  /** The home stack's region; undefined when it is not known at synthesis (no env.region). */
  readonly homeRegion: string | undefined;
  readonly skillRegions: readonly SkillRegion[];
  readonly alexaEventsSecretName?: string;
}): SmartHomeRegionPlan {
  const { homeRegion, skillRegions, alexaEventsSecretName } = options;
  if (skillRegions.length === 0) return { replicaRegions: [] };
  if (homeRegion === undefined || !isSmartHomeRegion(homeRegion)) {
    throw new InvalidSettingError(
      'skillRegions',
      skillRegions.join(','),
      `with skillType "smart-home", a home stack in one of ${VALID_REGIONS} (it was ${homeRegion === undefined ? 'not given a region' : `in ${homeRegion}`}): deploy with CDK_DEFAULT_REGION (your AWS region) set to one of the listed regions, e.g. us-east-1`
    );
  }
  const replicaRegions = [...new Set(skillRegions)].filter((region) => region !== homeRegion);
  if (
    replicaRegions.length > 0 &&
    alexaEventsSecretName !== undefined &&
    SECRET_ARN.test(alexaEventsSecretName)
  ) {
    throw new InvalidSettingError(
      'alexaEventsSecretName',
      alexaEventsSecretName,
      `with skillRegions "${skillRegions.join(',')}", a secret name (e.g. "alexa/events-credentials") replicated to ${[homeRegion, ...replicaRegions].join(', ')}: each smart home function reads the secret in its own region, and an ARN names one region's`
    );
  }
  return { replicaRegions };
}
