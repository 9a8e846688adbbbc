/**
 * The one line an exchange leaves in the log: a structured JSON record that is also a CloudWatch
 * embedded metric format (EMF) document, so CloudWatch turns the same line into the metrics (names
 * and dimensions from core/metric-names.ts, the list the alarms read, with the `Stage` dimension
 * every skill metric carries). Written by hand rather than through Powertools: the recorder stays
 * a few kilobytes and its cold start close to a bare forwarding function's. Pure.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
} from '../core/metric-names';
import { EXCHANGE_LOG_MESSAGE, isUnlinkingRefresh, type ExchangeRecord } from './exchange-record';

export function exchangeLogLine(
  record: ExchangeRecord,
  options: { readonly stage?: string; readonly timestamp: number }
): Record<string, unknown> {
  const base = [METRIC_DIMENSIONS.service, ...(options.stage ? [METRIC_DIMENSIONS.stage] : [])];
  const counts = [
    METRIC_NAMES.tokenExchanges,
    ...(isUnlinkingRefresh(record) ? [METRIC_NAMES.invalidGrantRefreshes] : []),
    ...(record.shortLived ? [METRIC_NAMES.shortLivedTokenResponses] : []),
  ];
  return {
    level: 'INFO',
    message: EXCHANGE_LOG_MESSAGE,
    timestamp: new Date(options.timestamp).toISOString(),
    exchange: record,
    _aws: {
      Timestamp: options.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [base],
          Metrics: [
            ...counts.map((Name) => ({ Name, Unit: 'Count' })),
            { Name: METRIC_NAMES.tokenExchangeLatency, Unit: 'Milliseconds' },
          ],
        },
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[...base, METRIC_DIMENSIONS.grantType, METRIC_DIMENSIONS.outcome]],
          Metrics: [{ Name: METRIC_NAMES.tokenExchanges, Unit: 'Count' }],
        },
      ],
    },
    // The skill's `service` value: one alarm namespace and dimension set for every function.
    [METRIC_DIMENSIONS.service]: METRICS_SERVICE,
    ...(options.stage ? { [METRIC_DIMENSIONS.stage]: options.stage } : {}),
    [METRIC_DIMENSIONS.grantType]: record.grantType,
    [METRIC_DIMENSIONS.outcome]: record.outcome,
    ...Object.fromEntries(counts.map((name) => [name, 1])),
    [METRIC_NAMES.tokenExchangeLatency]: record.latencyMs,
  };
}
