import { Duration } from 'aws-cdk-lib';
import {
  ComparisonOperator,
  Stats,
  TreatMissingData,
  type Alarm,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRIC_NAMES } from '../../lambda/core/metric-names';
import type { ChangeReporter } from '../skill-functions/change-reporter';
import { metricsStageOf, notifyingAlarms } from './alarm-wiring';
import { skillMetricOf } from './skill-observability';

export interface ChangeReporterObservabilityProps {
  readonly reporter: ChangeReporter;
  /** Where every alarm sends its notifications. */
  readonly alarmTopic: ITopic;
  /**
   * The stage whose reporter metrics are read (the reporter's `stage`).
   * @default - the stack's name
   */
  readonly stage?: string;
}

/**
 * Alarms on the change reporter, each notifying `alarmTopic` on ALARM and OK:
 * - any event the gateway refused for good (400, a 403 that stops a user, 401 after a refresh);
 * - any grant refresh that failed (LWA refused or unreachable, or the events secret unusable);
 * - any record left on the failure queue (Alexa never got that change), and the function's errors.
 */
export class ChangeReporterObservability extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ChangeReporterObservabilityProps) {
    super(scope, id);
    const stage = metricsStageOf(this, props.stage);
    const alarm = notifyingAlarms(props.alarmTopic, this.alarms);
    const once = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    } as const;

    alarm(
      skillMetricOf(METRIC_NAMES.proactiveEventsRefused, { stage }).createAlarm(
        this,
        'EventsRefused',
        {
          ...once,
          alarmDescription:
            'The Alexa event gateway refused a proactive event for good (400: a malformed event; 403: a user disabled the skill or withdrew the permission; 401 after a refresh). Read the change reporter log: status and code are there.',
        }
      )
    );
    alarm(
      skillMetricOf(METRIC_NAMES.eventsTokenRefreshFailures, { stage }).createAlarm(
        this,
        'RefreshFailures',
        {
          ...once,
          alarmDescription:
            "A grant's access token could not be refreshed at Login with Amazon (invalid_grant, invalid_client, unreachable) or the events secret is unusable: those users' devices go stale in the Alexa app. Read the change reporter log.",
        }
      )
    );
    alarm(
      props.reporter.deadLetterQueue
        .metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: Stats.MAXIMUM,
        })
        .createAlarm(this, 'UnreportedChanges', {
          ...once,
          alarmDescription:
            'Device table changes could not be reported after their retries: their stream positions are on the change reporter failure queue. Read the reporter log, fix the cause; the changes themselves are in the table.',
        })
    );
    alarm(
      props.reporter.reporterFunction
        .metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM })
        .createAlarm(this, 'ReporterErrors', {
          ...once,
          alarmDescription:
            'The change reporter threw (a DynamoDB or Secrets Manager failure): Lambda retries the batch. Read its log group.',
        })
    );
  }
}
