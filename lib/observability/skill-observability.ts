import { Aws, Duration, Fn, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  METRICS_NAMESPACE,
  METRIC_NAMES,
  skillMetricDimensions,
  type MetricName,
} from '../../lambda/core/metric-names';
import { metricsStageOf, notifyingAlarms } from './alarm-wiring';

/** Props of SkillObservability: the functions watched and where alarms go. */
export interface SkillObservabilityProps {
  /** The skill functions in this stack's region, by a stable label (used in construct IDs). */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** Where every alarm sends its notifications. */
  readonly alarmTopic: ITopic;

  /**
   * The stage whose skill metrics the alarms and dashboard read (the `Stage` dimension): the
   * `stage` the functions were given, so another stage's traffic never trips these alarms.
   * @default - the stack's name (the functions' default too)
   */
  readonly stage?: string;

  /**
   * p99 duration above which the functions alarm. Alexa gives up on a skill after 8 seconds.
   * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/handle-requests-sent-by-alexa.html
   * @default Duration.seconds(6)
   */
  readonly p99DurationThreshold?: Duration;

  /**
   * Share of requests carrying a token that may be refused before the invalid-token alarm goes
   * off, in percent.
   * @default 10
   */
  readonly invalidTokenPercentThreshold?: number;

  /**
   * Requests carrying a token, per 5 minutes, below which the invalid-token share is not judged
   * (a handful of requests at night would swing it).
   * @default 20
   */
  readonly invalidTokenMinimumRequests?: number;

  /**
   * Whether to draw the dashboard (one per stack).
   * @default true
   */
  readonly dashboard?: boolean;
}

/**
 * Alarms and a dashboard for the skill, on Lambda's own metrics and on the EMF metrics the
 * functions emit (names from lambda/core/metric-names.ts, the list the code emits from):
 * - each function: errors, throttles, p99 duration above 6 s;
 * - any unverifiable decision in each of 5 consecutive minutes (the key set or LWA token-info
 *   is unreachable and every user hears "can't check");
 * - a jump in the share of invalid-token decisions (a rotated client secret or a misconfigured
 *   client makes Alexa's refreshes fail, and linked users start sending expired tokens);
 * - any failed AcceptGrant (smart home users whose link is broken).
 * Every alarm notifies `alarmTopic`. The skill metrics are read for `stage` only.
 */
export class SkillObservability extends Construct {
  /** Every alarm created, each notifying `alarmTopic`. */
  readonly alarms: Alarm[] = [];
  /** The CloudWatch dashboard; absent when `dashboard` is false. */
  readonly dashboard?: Dashboard;

  constructor(scope: Construct, id: string, props: SkillObservabilityProps) {
    super(scope, id);
    const invalidPercent = props.invalidTokenPercentThreshold ?? 10;
    const minimumRequests = props.invalidTokenMinimumRequests ?? 20;
    if (!(invalidPercent > 0 && invalidPercent <= 100)) {
      throw new RangeError(
        `invalidTokenPercentThreshold must be above 0 and at most 100; received ${invalidPercent}.`
      );
    }
    const stage = metricsStageOf(this, props.stage);
    const skillMetric = (name: MetricName, period?: Duration, label?: string) =>
      skillMetricOf(name, { stage, period, label });
    const p99Threshold = props.p99DurationThreshold ?? Duration.seconds(6);
    const alarm = notifyingAlarms(props.alarmTopic, this.alarms);

    for (const [label, fn] of Object.entries(props.functions)) {
      alarm(
        fn
          .metricErrors({ period: Duration.minutes(5), statistic: Stats.SUM })
          .createAlarm(this, `${label}Errors`, {
            alarmDescription: `${label} function threw or timed out: users heard an error. Read its log group.`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          })
      );
      alarm(
        fn
          .metricThrottles({ period: Duration.minutes(5), statistic: Stats.SUM })
          .createAlarm(this, `${label}Throttles`, {
            alarmDescription: `${label} function was throttled: requests were refused. Raise the account's concurrency quota in this region (see npm run capacity).`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          })
      );
      alarm(
        fn
          .metricDuration({ period: Duration.minutes(5), statistic: Stats.p(99) })
          .createAlarm(this, `${label}DurationP99`, {
            alarmDescription: `${label} function p99 duration is above ${p99Threshold.toSeconds()} s; Alexa gives up at 8 s. Check the key-set and profile latency on the dashboard.`,
            threshold: p99Threshold.toMilliseconds(),
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          })
      );
    }

    alarm(
      skillMetric(METRIC_NAMES.unverifiableRequests, Duration.minutes(1)).createAlarm(
        this,
        'UnverifiableSustained',
        {
          alarmDescription:
            'Tokens could not be checked in each of the last 5 minutes: the key set (or Login with Amazon token-info) is unreachable, and every linked user hears that the skill cannot check their account.',
          threshold: 1,
          evaluationPeriods: 5,
          datapointsToAlarm: 5,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }
      )
    );

    const invalidShare = new MathExpression({
      expression: `IF(linked + invalid >= ${minimumRequests}, 100 * invalid / (linked + invalid), 0)`,
      usingMetrics: {
        linked: skillMetric(METRIC_NAMES.linkedRequests),
        invalid: skillMetric(METRIC_NAMES.invalidTokenRequests),
      },
      period: Duration.minutes(5),
      label: 'Invalid-token share (%)',
    });
    alarm(
      invalidShare.createAlarm(this, 'InvalidTokenJump', {
        alarmDescription: `More than ${invalidPercent}% of requests carrying a token were refused for 10 minutes: a rotated client secret or a misconfigured client stops Alexa's refreshes and unlinks people. Check the Reason dimension of InvalidTokenRequests.`,
        threshold: invalidPercent,
        evaluationPeriods: 2,
        datapointsToAlarm: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
    );

    alarm(
      skillMetric(METRIC_NAMES.acceptGrantFailures).createAlarm(this, 'AcceptGrantFailures', {
        alarmDescription:
          'A smart home AcceptGrant failed: that user cannot receive proactive events until they relink. Read the smart home function log.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
    );

    if (props.dashboard ?? true) {
      this.dashboard = this.createDashboard(props.functions, stage);
    }
  }

  private createDashboard(
    functions: Readonly<Record<string, IFunction>>,
    stage: string
  ): Dashboard {
    const fns = Object.entries(functions);
    const skillMetric = (name: MetricName, period: undefined, label: string) =>
      skillMetricOf(name, { stage, period, label });
    const latency = (name: MetricName, statistic: string, label: string) =>
      skillMetric(name, undefined, label).with({ statistic });
    const dashboard = new Dashboard(this, 'Dashboard', {
      // Dashboard names are global to the account: the region keeps each stack's apart.
      dashboardName: Fn.join('-', [Stack.of(this).stackName, Aws.REGION]),
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Linking decisions (requests per 5 minutes)',
        width: 12,
        stacked: true,
        left: [
          skillMetric(METRIC_NAMES.linkedRequests, undefined, 'linked'),
          skillMetric(METRIC_NAMES.unlinkedRequests, undefined, 'unlinked'),
          skillMetric(METRIC_NAMES.invalidTokenRequests, undefined, 'invalid token'),
          skillMetric(METRIC_NAMES.unverifiableRequests, undefined, 'unverifiable'),
        ],
      }),
      new GraphWidget({
        title: 'Latency p50 / p99 (ms)',
        width: 12,
        left: [
          latency(METRIC_NAMES.verificationLatency, 'p50', 'verification p50'),
          latency(METRIC_NAMES.verificationLatency, 'p99', 'verification p99'),
          latency(METRIC_NAMES.profileLatency, 'p99', 'profile p99'),
          ...fns.map(([label, fn]) =>
            fn.metricDuration({ statistic: Stats.p(99), label: `${label} duration p99` })
          ),
        ],
      })
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Errors, throttles and fetch failures',
        width: 12,
        left: [
          ...fns.flatMap(([label, fn]): IMetric[] => [
            fn.metricErrors({ statistic: Stats.SUM, label: `${label} errors` }),
            fn.metricThrottles({ statistic: Stats.SUM, label: `${label} throttles` }),
          ]),
          skillMetric(METRIC_NAMES.keySetFetchFailures, undefined, 'key-set fetch failures'),
          skillMetric(METRIC_NAMES.tokenInfoFetchFailures, undefined, 'token-info failures'),
          skillMetric(METRIC_NAMES.acceptGrantFailures, undefined, 'AcceptGrant failures'),
        ],
      }),
      new AlarmStatusWidget({ title: 'Alarms', width: 12, alarms: this.alarms })
    );
    return dashboard;
  }
}

/**
 * A skill EMF metric as the functions of `stage` publish it: the shared namespace, the `service`
 * and `Stage` dimensions, summed over `period` (5 minutes by default).
 */
export function skillMetricOf(
  name: MetricName,
  options: { readonly stage: string; readonly period?: Duration; readonly label?: string }
): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: skillMetricDimensions(options.stage),
    statistic: Stats.SUM,
    period: options.period ?? Duration.minutes(5),
    label: options.label,
  });
}
