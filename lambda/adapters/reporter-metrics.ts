/**
 * The change reporter's metrics, in CloudWatch embedded metric format (emf-metrics.ts),
 * with the same namespace, `service` and `Stage` dimensions as the skill's (names from
 * core/metric-names.ts, which the alarms read too). Built on first use, as the skill's are.
 */
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  METRICS_STAGE_VARIABLE,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
} from '../core/metric-names';
import { MetricUnit, createEmfMetrics } from './emf-metrics';

export interface ReporterMetrics {
  /** An event the gateway accepted. */
  recordSent(): void;
  /** An event the gateway refused for good. */
  recordRefused(): void;
  /** A refresh that failed (LWA refused or unreachable, or the secret unreadable). */
  recordRefreshFailed(): void;
  /** A grant marked revoked: events stop for that Alexa user. */
  recordRevoked(): void;
  /** Writes what was recorded as EMF. */
  publish(): void;
}

/** The change reporter's counters, written as EMF with the skill's `Stage` dimension. */
export function createReporterMetrics(options: { readonly stage?: string } = {}): ReporterMetrics {
  const stage = options.stage ?? process.env[METRICS_STAGE_VARIABLE];
  const metrics = createEmfMetrics({
    namespace: METRICS_NAMESPACE,
    serviceName: METRICS_SERVICE,
    defaultDimensions: stage ? { [METRIC_DIMENSIONS.stage]: stage } : {},
  });
  const count = (name: string) => () => metrics.addMetric(name, MetricUnit.Count, 1);
  return {
    recordSent: count(METRIC_NAMES.proactiveEventsSent),
    recordRefused: count(METRIC_NAMES.proactiveEventsRefused),
    recordRefreshFailed: count(METRIC_NAMES.eventsTokenRefreshFailures),
    recordRevoked: count(METRIC_NAMES.eventsGrantsRevoked),
    publish() {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
