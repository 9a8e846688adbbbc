import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  FilterCriteria,
  FilterRule,
  Function as LambdaFunction,
  StartingPosition,
} from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_STAGE_VARIABLE } from '../../lambda/core/metric-names';
import { ENDPOINT_ITEM_PREFIX } from '../../lambda/core/smart-home/device-table-keys';
import { assertIsSkillId } from '../app-settings/app-settings';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import { allowGetSecretValue } from '../app-settings/secret-reference';
import { assertIsMetricsStage } from '../observability/metrics-stage';
import { bundledCode } from './bundled-code';
import { skillFunctionDefaults } from './skill-function-defaults';

/** Props of ChangeReporter. */
export interface ChangeReporterProps {
  /** The skill's ID (the reporter reads the same settings as the smart home function). */
  readonly skillId: string;

  /**
   * The device table, with a NEW_AND_OLD_IMAGES stream: the home stack's table, or the home
   * replica of a global table (every region's writes reach it, so one reporter sees them all
   * once; a reporter per region would send every event several times).
   */
  readonly table: ITable;

  /**
   * Name or full ARN of the secret with the skill's Alexa Skill Messaging credentials
   * (`{"clientId", "clientSecret"}`), read at run time to refresh grants.
   * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/authenticate-a-customer-permissions.html
   */
  readonly alexaEventsSecretName: string;

  /**
   * The `Stage` dimension of the reporter's metrics (the skill's stage).
   * @default - the stack's name
   */
  readonly stage?: string;

  /**
   * How long one batch may run: retries with backoff stay inside it.
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;

  /**
   * How long the reporter's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * The smart home change reporter: a Lambda function fed by the device table's stream that sends
 * ChangeReport, AddOrUpdateReport and DeleteReport to the Alexa event gateway of each user's
 * region. It bakes in:
 * - Node.js 24 on arm64, 256 MB, a 60 s timeout (gateway retries with backoff fit inside it);
 * - an event source mapping that passes on endpoint items only (`itemId` beginning with
 *   `endpoint#`: grant writes, the reporter's own refresh leases included, never invoke it),
 *   10 records a batch, from the latest record, failures reported per record
 *   (`ReportBatchItemFailures`) with the batch bisected on an error, 3 retries and a record age
 *   of at most 6 hours, then the record's position to an encrypted SQS queue (`deadLetterQueue`,
 *   kept 14 days) that an alarm watches;
 * - its own log group kept one month, and a role that may write only it, read only that table's
 *   stream, get, query and update items of only that table, and read only the events secret.
 */
export class ChangeReporter extends Construct {
  readonly reporterFunction: LambdaFunction;
  readonly deadLetterQueue: Queue;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ChangeReporterProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.skillId)) assertIsSkillId(props.skillId);
    const stage = props.stage ?? Stack.of(this).stackName;
    if (!Token.isUnresolved(stage)) assertIsMetricsStage(stage);
    if (props.table.tableStreamArn === undefined) {
      throw new InvalidSettingError(
        'table',
        'a table without a stream',
        'a table with stream NEW_AND_OLD_IMAGES (DeviceTable with stream: true)'
      );
    }

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Alexa change reporter: reads its device table stream and grants, sends proactive events',
    });
    this.logGroup.grantWrite(role);
    // The grants' reads, the refresh lease and the new tokens; no PutItem, no DeleteItem.
    props.table.grant(role, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem');
    props.table.encryptionKey?.grantEncryptDecrypt(role);
    allowGetSecretValue(this, 'AlexaEventsSecret', role, props.alexaEventsSecretName);

    this.reporterFunction = new LambdaFunction(this, 'Function', {
      code: bundledCode('change-reporter'),
      ...skillFunctionDefaults({ timeout: props.timeout ?? Duration.seconds(60), memorySize: 256 }),
      role,
      logGroup: this.logGroup,
      description:
        'Alexa change reporter: sends ChangeReport, AddOrUpdateReport and DeleteReport to the event gateway',
      environment: {
        SKILL_ID: props.skillId,
        DEVICES_TABLE_NAME: props.table.tableName,
        ALEXA_EVENTS_SECRET_ID: props.alexaEventsSecretName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        [METRICS_STAGE_VARIABLE]: stage,
      },
    });

    this.deadLetterQueue = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself the on-failure destination of the stream's event source mapping: it holds the positions of records that could not be reported, and an alarm watches it.",
    });
    this.reporterFunction.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 3,
        // A state report older than this is stale: newer changes have been reported since.
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { itemId: { S: FilterRule.beginsWith(ENDPOINT_ITEM_PREFIX) } } },
          }),
        ],
      })
    );
    // On the role's default policy, where the event source put its statements.
    Validations.of(role.node.findChild('DefaultPolicy').node.findChild('Resource')).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams takes no resource (IAM allows only "*" for it); every other stream action names this table\'s stream ARN, and the Lambda event source mapping needs ListStreams to find it.',
    });
  }
}
