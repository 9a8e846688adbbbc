import * as path from 'node:path';
import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { assertIsSkillId } from '../app-settings/app-settings';
import type { DeviceTable } from './device-table';
import { localEsbuildBundling } from './local-bundling';

/** The smart home function's entry point. */
export const SMART_HOME_ENTRY = path.join(
  __dirname,
  '..',
  '..',
  'lambda',
  'smart-home',
  'index.ts'
);

/** Variables the construct sets itself; a linking environment may not override them. */
const OWN_VARIABLES = [
  'SKILL_ID',
  'DEVICES_TABLE_NAME',
  'ALEXA_EVENTS_SECRET_ID',
  'POWERTOOLS_LOG_LEVEL',
  'NODE_OPTIONS',
] as const;

export interface SmartHomeFunctionProps {
  /** The skill's ID: only directives for this skill may invoke the function. */
  readonly skillId: string;

  /**
   * The linking server's function environment (`LINKING_SERVER` and its own variables), as the
   * linking server construct gives it, e.g. for Cognito `USER_POOL_ID`, `USER_POOL_CLIENT_ID`
   * and `SIGN_IN_DOMAIN_URL`. The function verifies every directive's token with it.
   */
  readonly linkingEnvironment: Readonly<Record<string, string>>;

  /** Where each user's devices and Amazon tokens live. */
  readonly deviceTable: DeviceTable;

  /**
   * Name or full ARN of the Secrets Manager secret with the skill's "Alexa Skill Messaging"
   * credentials (`{"clientId", "clientSecret"}`), for AcceptGrant's code exchange.
   * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/authenticate-a-customer-permissions.html
   * @default - no exchange: AcceptGrant is acknowledged and proactive events stay off
   */
  readonly alexaEventsSecretName?: string;

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
 * The IAM resource for a secret: its full ARN when given one; for a name, the partial ARN with
 * Secrets Manager's six random suffix characters, so the grant matches that secret and no other.
 */
export function secretArnForPolicy(stack: Stack, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${nameOrArn}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * The smart home skill's Lambda function, with the same defaults as SkillFunction:
 * - runtime Node.js 24 on arm64; timeout 7 s, under Alexa's 8 s wait; 512 MB;
 * - bundled by the local esbuild (never Docker), minified, with source maps;
 * - its own log group kept for one month; a role that may write only to it, read and write only
 *   the device table, and read only the events secret;
 * - invocable only by Alexa's smart home service (`alexa-connectedhome.amazon.com`), and only
 *   for `skillId`.
 */
export class SmartHomeFunction extends Construct {
  readonly smartHomeFunction: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SmartHomeFunctionProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.skillId)) assertIsSkillId(props.skillId);
    const clashing = OWN_VARIABLES.filter((name) => name in props.linkingEnvironment);
    if (clashing.length > 0) {
      throw new Error(
        `linkingEnvironment may not set ${clashing.join(', ')}: SmartHomeFunction sets ${clashing.length === 1 ? 'it' : 'them'} itself.`
      );
    }

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
    if (props.alexaEventsSecretName !== undefined) {
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secretArnForPolicy(Stack.of(this), props.alexaEventsSecretName)],
        })
      );
    }

    this.smartHomeFunction = new NodejsFunction(this, 'Function', {
      entry: SMART_HOME_ENTRY,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(7),
      memorySize: props.memorySize ?? 512,
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
        // Stack traces in the logs point at lambda/*.ts, not at the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: localEsbuildBundling(),
    });

    // Scoped by skill ID: no other skill, and no other Alexa customer, can invoke this function.
    this.smartHomeFunction.addPermission('AlexaSmartHomeInvoke', {
      principal: new ServicePrincipal('alexa-connectedhome.amazon.com'),
      action: 'lambda:InvokeFunction',
      eventSourceToken: props.skillId,
    });
  }
}
