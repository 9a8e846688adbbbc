/**
 * The kind of skill the stack serves (`skillType`) and the smart home's own settings. Pure: no
 * constructs, so the settings reader, the stack and the tests share one set of rules.
 */
import { InvalidSettingError } from './invalid-setting-error';
import { SettingProblems } from './setting-problems';

/** The values the `skillType` setting accepts. */
export const SKILL_TYPES = ['custom', 'smart-home'] as const;
/** One of SKILL_TYPES. */
export type SkillType = (typeof SKILL_TYPES)[number];

/** The kind of skill (`skillType`) and the smart home's own setting. */
export interface SkillTypeSettings {
  /** `custom` (the default): today's custom skill; `smart-home`: the smart home function instead. */
  readonly skillType: SkillType;
  /**
   * Name or ARN of the Secrets Manager secret with the skill's "Alexa Skill Messaging"
   * credentials (`{"clientId", "clientSecret"}`); smart home only. Without it, AcceptGrant is
   * acknowledged without exchanging the code, and proactive events are off.
   * @default - none: proactive events are off
   */
  readonly alexaEventsSecretName?: string;
}

/**
 * Where smart home directives come from: each locale's Alexa service calls a Lambda in one AWS
 * region, and a function elsewhere is never called (discovery finds "no new devices").
 * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/develop-smart-home-skills-in-multiple-languages.html#deploy
 */
export const SMART_HOME_REGIONS: Readonly<Record<string, string>> = {
  'us-east-1': 'North America (NA), e.g. en-US, en-CA, fr-CA, es-US, es-MX, pt-BR',
  'eu-west-1': 'Europe and India (EU), e.g. en-GB, en-IN, de-DE, fr-FR, it-IT, es-ES',
  'us-west-2': 'Far East (FE), e.g. ja-JP, en-AU',
};

/** True for an AWS region that Alexa calls smart home functions in (SMART_HOME_REGIONS). */
export function isSmartHomeRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(SMART_HOME_REGIONS, region);
}

// The same rule as smapiCredentialsSecret: a secret name, or a Secrets Manager secret ARN.
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}-[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** Reads `skillType` and `alexaEventsSecretName`; `read(key)` returns the raw context value. */
export function readSkillTypeSettings(read: (key: string) => unknown): SkillTypeSettings {
  const problems = new SettingProblems();
  const rawType = read('skillType');
  const typeGiven = rawType !== undefined && rawType !== null && rawType !== '';
  const skillType = problems.attempt((): SkillType => {
    if (!typeGiven) return 'custom';
    if (typeof rawType !== 'string' || !(SKILL_TYPES as readonly string[]).includes(rawType)) {
      throw new InvalidSettingError(
        'skillType',
        rawType,
        `one of ${SKILL_TYPES.map((t) => `"${t}"`).join(', ')} (e.g. -c skillType=smart-home)`
      );
    }
    return rawType as SkillType;
  }, 'custom');
  const secret = read('alexaEventsSecretName');
  if (secret === undefined || secret === null || secret === '') {
    problems.throwIfAny();
    return { skillType };
  }
  if (typeof secret !== 'string' || !(SECRET_NAME.test(secret) || SECRET_ARN.test(secret))) {
    problems.add(
      new InvalidSettingError(
        'alexaEventsSecretName',
        secret,
        'the name or ARN of a Secrets Manager secret holding {"clientId", "clientSecret"} from the skill\'s Permissions page (e.g. "alexa/events-credentials")'
      )
    );
  } else if (!typeGiven || rawType === 'custom') {
    // A custom skill, as given or by default. A refused skillType (custom as a fallback) is
    // reported once, not again through the secret that depends on it.
    problems.add(
      new InvalidSettingError(
        'alexaEventsSecretName',
        secret,
        'no value unless skillType is "smart-home" (only a smart home skill receives AcceptGrant)'
      )
    );
  }
  problems.throwIfAny();
  return { skillType, alexaEventsSecretName: secret as string };
}

/**
 * Smart home skills must use account linking with at least one scope: Alexa's console refuses a
 * smart home skill's account linking without one.
 */
export function assertSmartHomeScopes(scopes: readonly string[], setting = 'scopes'): void {
  if (scopes.length === 0) {
    throw new InvalidSettingError(
      setting,
      // Thrown for an empty list only, which reads as nothing.
      '',
      'at least one scope: a smart home skill\'s account linking requires scopes (e.g. "openid,email,profile")'
    );
  }
}
