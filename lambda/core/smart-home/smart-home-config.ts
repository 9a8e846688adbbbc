/** The smart home function's own settings, read once per container from the environment. */
import { SKILL_ID, SkillConfigError, variable } from '../skill-config';

/**
 * The smart home function's own settings (SKILL_ID, DEVICES_TABLE_NAME, ALEXA_EVENTS_SECRET_ID).
 */
export interface SmartHomeConfig {
  /** The skill whose directives the function answers (SKILL_ID). */
  readonly skillId: string;
  /** The device table (DEVICES_TABLE_NAME). */
  readonly devicesTableName: string;
  /**
   * Name or ARN of the secret with the "Alexa Skill Messaging" credentials (ALEXA_EVENTS_SECRET_ID).
   * @default - none: AcceptGrant is acknowledged without an exchange
   */
  readonly alexaEventsSecretId?: string;
}

// DynamoDB's own rule for table names.
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const SECRET_ID =
  /^(?:[A-Za-z0-9/_+=.@-]{1,512}|arn:aws[a-z-]*:secretsmanager:[a-z]{2}-[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+)$/;

/** Said after the problems: what sets these variables, for a function defined elsewhere. */
export const SMART_HOME_SETTINGS_HINT =
  "The smart home runtime API reads its settings from the function's environment. The " +
  'SmartHomeFunction construct (alexa-account-linking) sets them on the function it creates; a ' +
  'function defined elsewhere needs SKILL_ID, DEVICES_TABLE_NAME (the device table, for the lamp ' +
  'and the AcceptGrant tokens) and optionally ALEXA_EVENTS_SECRET_ID, besides the linking ' +
  'settings (allowAccountLinking sets those).';

/** The settings, or a SkillConfigError naming every bad variable, then what sets them. */
export function loadSmartHomeConfig(
  env: Readonly<Record<string, string | undefined>>
): SmartHomeConfig {
  const problems: string[] = [];
  const secretId = env.ALEXA_EVENTS_SECRET_ID;
  const skillId = variable(env, 'SKILL_ID', SKILL_ID, 'amzn1.ask.skill.<uuid>', problems);
  const devicesTableName = variable(
    env,
    'DEVICES_TABLE_NAME',
    TABLE_NAME,
    'the device table name (3 to 255 letters, digits, _ . -)',
    problems
  );
  const alexaEventsSecretId =
    secretId === undefined || secretId === ''
      ? undefined
      : variable(
          env,
          'ALEXA_EVENTS_SECRET_ID',
          SECRET_ID,
          'a Secrets Manager secret name or ARN, or nothing',
          problems
        );
  if (problems.length > 0 || skillId === undefined || devicesTableName === undefined) {
    throw new SkillConfigError([...problems, SMART_HOME_SETTINGS_HINT]);
  }
  return {
    skillId,
    devicesTableName,
    ...(alexaEventsSecretId === undefined ? {} : { alexaEventsSecretId }),
  };
}
