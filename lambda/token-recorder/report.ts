/**
 * Writes one exchange record as one structured log line and as CloudWatch embedded metric format
 * metrics (names from core/metric-names.ts, the list the alarms read), with the `Stage` dimension
 * the skill functions carry. Powertools is required on the first exchange, not at init.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  METRICS_STAGE_VARIABLE,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
} from '../core/metric-names';
import { EXCHANGE_LOG_MESSAGE, isUnlinkingRefresh, type ExchangeRecord } from './exchange-record';

type PowertoolsMetrics = typeof import('../adapters/lazy/powertools-metrics');

export function createExchangeReporter(options: {
  readonly logger: Pick<Logger, 'info'>;
  readonly stage?: string;
}): (record: ExchangeRecord) => void {
  let metrics: InstanceType<PowertoolsMetrics['Metrics']> | undefined;
  let unit: PowertoolsMetrics['MetricUnit'] | undefined;
  const stage = options.stage ?? process.env[METRICS_STAGE_VARIABLE];
  return (record) => {
    options.logger.info(EXCHANGE_LOG_MESSAGE, { exchange: record });
    if (!metrics || !unit) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const powertools = require('../adapters/lazy/powertools-metrics') as PowertoolsMetrics;
      unit = powertools.MetricUnit;
      metrics = new powertools.Metrics({
        namespace: METRICS_NAMESPACE,
        serviceName: METRICS_SERVICE,
        defaultDimensions: stage ? { [METRIC_DIMENSIONS.stage]: stage } : {},
      });
    }
    metrics.addMetric(METRIC_NAMES.tokenExchanges, unit.Count, 1);
    metrics.addMetric(METRIC_NAMES.tokenExchangeLatency, unit.Milliseconds, record.latencyMs);
    if (isUnlinkingRefresh(record))
      metrics.addMetric(METRIC_NAMES.invalidGrantRefreshes, unit.Count, 1);
    if (record.shortLived) metrics.addMetric(METRIC_NAMES.shortLivedTokenResponses, unit.Count, 1);
    metrics
      .singleMetric()
      .addDimensions({
        [METRIC_DIMENSIONS.grantType]: record.grantType,
        [METRIC_DIMENSIONS.outcome]: record.outcome,
      })
      .addMetric(METRIC_NAMES.tokenExchanges, unit.Count, 1);
    metrics.publishStoredMetrics();
  };
}
