import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  GraphWidget,
  MathExpression,
  TreatMissingData,
  type Dashboard,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
} from '../../lambda/core/metric-names';
import { metricsStageOf, notifyingAlarms } from '../observability/alarm-wiring';
import { skillMetricOf } from '../observability/skill-observability';

/** Alexa gives up on the token endpoint after this long. */
const ALEXA_TOKEN_WAIT_MS = 4500;

/** Props of TokenExchangeObservability: where alarms go and whose metrics are read. */
export interface TokenExchangeObservabilityProps {
  /** Where every alarm sends its notifications. */
  readonly alarmTopic: ITopic;
  /**
   * The stage whose recorder metrics are read (the recorder's `stage`).
   * @default - the stack's name
   */
  readonly stage?: string;
  /**
   * p99 token-exchange latency above which the latency alarm goes off; Alexa waits 4.5 s.
   * @default Duration.millis(3500)
   */
  readonly p99LatencyThreshold?: Duration;
  /**
   * A dashboard to add the recorder's widgets to (the stack's skill dashboard).
   * @default - no widgets
   */
  readonly dashboard?: Dashboard;
}

/**
 * Alarms and dashboard widgets on the token-exchange recorder's metrics:
 * - any refresh refused with `invalid_grant` (each is a user Alexa is about to unlink);
 * - any token answer without `expires_in` or with one under 360 s (Alexa refuses the token);
 * - the p99 latency of the exchanges approaching Alexa's 4.5 s.
 */
export class TokenExchangeObservability extends Construct {
  /** Every alarm created, each notifying `alarmTopic`. */
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: TokenExchangeObservabilityProps) {
    super(scope, id);
    const stage = metricsStageOf(this, props.stage);
    const p99Threshold = props.p99LatencyThreshold ?? Duration.millis(3500);
    const alarm = notifyingAlarms(props.alarmTopic, this.alarms);
    // No labels on what the alarms read: a labelled metric turns an alarm into metric math.
    const invalidGrant = skillMetricOf(METRIC_NAMES.invalidGrantRefreshes, { stage });
    const shortLived = skillMetricOf(METRIC_NAMES.shortLivedTokenResponses, { stage });
    const latency = (statistic: string) =>
      skillMetricOf(METRIC_NAMES.tokenExchangeLatency, { stage }).with({ statistic });
    const labelled = (metric: ReturnType<typeof latency>, label: string) => metric.with({ label });

    alarm(
      invalidGrant.createAlarm(this, 'InvalidGrantRefreshes', {
        alarmDescription:
          'The linking server refused a refresh with invalid_grant: Alexa unlinks that user, who must link again. Run npm run linking-log to see when and for which client; a revoked or expired refresh token, a rotated client or a refresh-token lifetime that is too short are the usual causes.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
    );
    alarm(
      shortLived.createAlarm(this, 'ShortLivedTokens', {
        alarmDescription:
          'The token endpoint answered without expires_in, or with one under 360 s: Alexa refuses such tokens and the link fails. Raise the access-token lifetime on the linking server.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
    );
    alarm(
      latency('p99').createAlarm(this, 'TokenExchangeLatencyP99', {
        alarmDescription: `Token exchanges p99 latency is above ${p99Threshold.toMilliseconds()} ms; Alexa gives up at 4.5 s and the user hears "We were unable to link". Check the linking server's latency (npm run doctor times it).`,
        threshold: p99Threshold.toMilliseconds(),
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
    );

    props.dashboard?.addWidgets(
      new GraphWidget({
        title: 'Token exchanges by grant type and outcome (per 5 minutes)',
        width: 12,
        stacked: true,
        left: [
          new MathExpression({
            // Every GrantType / Outcome pair the recorder has written, one line each.
            expression: `SEARCH('{${METRICS_NAMESPACE},${METRIC_DIMENSIONS.grantType},${METRIC_DIMENSIONS.outcome},${METRIC_DIMENSIONS.service},${METRIC_DIMENSIONS.stage}} MetricName="${METRIC_NAMES.tokenExchanges}" ${METRIC_DIMENSIONS.service}="${METRICS_SERVICE}" ${METRIC_DIMENSIONS.stage}="${stage}"', 'Sum', 300)`,
            label: '',
            period: Duration.minutes(5),
          }),
        ],
      }),
      new GraphWidget({
        title: 'Users about to be unlinked, and tokens Alexa refuses',
        width: 12,
        left: [
          labelled(invalidGrant, 'refreshes refused with invalid_grant'),
          labelled(shortLived, 'answers without expires_in or under 360 s'),
        ],
      })
    );
    props.dashboard?.addWidgets(
      new GraphWidget({
        title: "Token exchange latency (ms) against Alexa's 4.5 s",
        width: 12,
        left: [
          labelled(latency('p50'), 'token exchange p50'),
          labelled(latency('p99'), 'token exchange p99'),
        ],
        leftAnnotations: [{ value: ALEXA_TOKEN_WAIT_MS, label: 'Alexa gives up' }],
      }),
      new AlarmStatusWidget({ title: 'Token exchange alarms', width: 12, alarms: this.alarms })
    );
  }
}
