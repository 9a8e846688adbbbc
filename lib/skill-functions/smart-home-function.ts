import { Duration, Stack, Token } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { assertIsSkillId } from '../app-settings/app-settings';
import { METRICS_STAGE_VARIABLE } from '../../lambda/core/metric-names';
import { assertIsMetricsStage } from '../observability/metrics-stage';
import { allowGetSecretValue } from '../app-settings/secret-reference';
import { DEFAULT_LINKING_SERVER, LINKING_SERVERS, type LinkingServerName } from './bundle-recipe';
import { allowAlexaToInvoke } from './allow-account-linking';
import { skillFunctionCode, type SkillFunctionCodeProps } from './skill-function-code';
import { skillFunctionDefaults } from './skill-function-defaults';
import type { IDeviceTable } from './device-table-access';
import { grantUserDataErasure } from './user-data-erasure';

/** Variables the construct sets itself; a linking environment may not override them. */
const OWN_VARIABLES = [
  'SKILL_ID',
  'DEVICES_TABLE_NAME',
  'ALEXA_EVENTS_SECRET_ID',
  'POWERTOOLS_LOG_LEVEL',
  'NODE_OPTIONS',
  METRICS_STAGE_VARIABLE,
] as const;

/** Props of SmartHomeFunction: the skill, its linking server, its table, optionally your own code. */
export interface SmartHomeFunctionProps extends SkillFunctionCodeProps {
  /** The skill's ID: only directives for this skill may invoke the function. */
  readonly skillId: string;

  /**
   * The linking server's function environment (`LINKING_SERVER` and its own variables), as the
   * linking server construct gives it, e.g. for Cognito `USER_POOL_ID`, `USER_POOL_CLIENT_ID`
   * and `SIGN_IN_DOMAIN_URL`. The function verifies every directive's token with it.
   */
  readonly linkingEnvironment: Readonly<Record<string, string>>;

  /**
   * Where each user's devices and Amazon tokens live, in the function's region: a `DeviceTable`,
   * or a `GlobalDeviceTable` (home region) or `DeviceTableReplica` (another region).
   */
  readonly deviceTable: IDeviceTable;

  /**
   * Name or full ARN of the Secrets Manager secret with the skill's "Alexa Skill Messaging"
   * credentials (`{"clientId", "clientSecret"}`), for AcceptGrant's code exchange.
   * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/authenticate-a-customer-permissions.html
   * @default - no exchange: AcceptGrant is acknowledged and proactive events stay off
   */
  readonly alexaEventsSecretName?: string;

  /**
   * The stage the function writes as the `Stage` dimension of every metric; give
   * SkillObservability the same one, so its alarms read this function's metrics and no other
   * stage's.
   * @default - the stack's name
   */
  readonly stage?: string;

  /**
   * How long a directive may run. Alexa waits 8 seconds for an answer.
   * @default Duration.seconds(7)
   */
  readonly timeout?: Duration;

  /**
   * Memory, which also sets CPU: signature checks and cold starts get faster with more.
   * @default 512
   */
  readonly memorySize?: number;

  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The smart home skill's Lambda function, with the same defaults as SkillFunction:
 * - runtime Node.js 24 on arm64; timeout 7 s, under Alexa's 8 s wait; 512 MB;
 * - the code from the one bundle recipe (prebuilt in the package), carrying only the adapter of
 *   its linking server, minified, its source map in the asset but not loaded at cold start; or
 *   your own code (`entry`, bundled by the same recipe, or `code`), with everything else below
 *   unchanged;
 * - its metrics carry the `Stage` dimension (`stage`, the stack's name by default);
 * - its own log group kept for one month; a role that may write only to it, read and write only
 *   the device table, and read only the events secret;
 * - invocable only by Alexa's smart home service (`alexa-connectedhome.amazon.com`) for
 *   directives and the Alexa Skills Kit service (`alexa-appkit.amazon.com`) for skill events,
 *   each only for `skillId`;
 * - the role may also erase a user's items (Query, BatchWriteItem on the table) for SkillDisabled.
 */
export class SmartHomeFunction extends Construct {
  /** The Lambda function Alexa sends directives to. */
  readonly smartHomeFunction: LambdaFunction;
  /** Its own log group. */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SmartHomeFunctionProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.skillId)) assertIsSkillId(props.skillId);
    const stage = props.stage ?? Stack.of(this).stackName;
    if (!Token.isUnresolved(stage)) assertIsMetricsStage(stage);
    const clashing = OWN_VARIABLES.filter((name) => name in props.linkingEnvironment);
    if (clashing.length > 0) {
      throw new Error(
        `linkingEnvironment may not set ${clashing.join(', ')}: SmartHomeFunction sets ${clashing.length === 1 ? 'it' : 'them'} itself.`
      );
    }
    // The bundle carries only the adapter of the linking server the environment names.
    const { code, handler } = skillFunctionCode(props, {
      entryName: 'smart-home',
      linkingServer: linkingServerOf(props.linkingEnvironment),
    });

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Alexa smart home function: writes its own logs, reads and writes its device table',
    });
    this.logGroup.grantWrite(role);
    props.deviceTable.grantDeviceAccess(role);
    // A user who disables the skill (SkillDisabled, NOT_PERSISTED) has their items deleted.
    grantUserDataErasure(role, props.deviceTable.table);
    if (props.alexaEventsSecretName !== undefined) {
      allowGetSecretValue(this, 'AlexaEventsSecret', role, props.alexaEventsSecretName);
    }

    this.smartHomeFunction = new LambdaFunction(this, 'Function', {
      ...skillFunctionDefaults(props),
      code,
      handler,
      role,
      logGroup: this.logGroup,
      description: 'Alexa skill (smart home): verifies the account-link token of every directive',
      environment: {
        SKILL_ID: props.skillId,
        ...props.linkingEnvironment,
        DEVICES_TABLE_NAME: props.deviceTable.table.tableName,
        ...(props.alexaEventsSecretName === undefined
          ? {}
          : { ALEXA_EVENTS_SECRET_ID: props.alexaEventsSecretName }),
        POWERTOOLS_LOG_LEVEL: 'INFO',
        [METRICS_STAGE_VARIABLE]: stage,
        // No NODE_OPTIONS=--enable-source-maps, as for SkillFunction: the map ships in the asset
        // and `npm run decode-stack` decodes a logged stack.
      },
    });

    allowAlexaToInvoke(this.smartHomeFunction, 'smart-home', props.skillId);
  }
}

function linkingServerOf(environment: Readonly<Record<string, string>>): LinkingServerName {
  const name = environment.LINKING_SERVER ?? DEFAULT_LINKING_SERVER;
  if (!(LINKING_SERVERS as readonly string[]).includes(name)) {
    throw new Error(
      `linkingEnvironment.LINKING_SERVER is "${name}"; expected one of ${LINKING_SERVERS.join(', ')}.`
    );
  }
  return name as LinkingServerName;
}
