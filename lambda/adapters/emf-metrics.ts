/**
 * A small EMF writer with the part of Powertools Metrics the functions use, writing the same
 * lines (see core/emf.ts): metrics stored and written as one document per publish, single metrics
 * with their own dimensions written at once, and the cold start on a container's first publish.
 * One line per document on stdout, where Lambda's log reaches CloudWatch.
 */
import {
  COLD_START_METRIC,
  MAX_METRIC_VALUES,
  MetricUnit,
  coldStartDimensions,
  countsColdStart,
  emfDocument,
  isMetricsDisabled,
  withValue,
  type Dimensions,
  type StoredMetric,
} from '../core/emf';

export { MetricUnit } from '../core/emf';

export interface EmfMetricsOptions {
  readonly namespace: string;
  /** Written as the `service` dimension, first in every set. */
  readonly serviceName: string;
  /** On every metric, after `service`. */
  readonly defaultDimensions?: Dimensions;
}

export interface EmfMetrics {
  /** Stores a value, written with the next publish (values of one name make an array). */
  addMetric(name: string, unit: MetricUnit, value: number): void;
  /** Writes one metric with its own dimensions (besides the default ones) at once. */
  addSingleMetric(dimensions: Dimensions, name: string, unit: MetricUnit, value: number): void;
  /** Writes ColdStart = 1 the first time it is called in an on-demand container. */
  captureColdStartMetric(): void;
  hasStoredMetrics(): boolean;
  /** Writes the stored metrics as one document, and forgets them. */
  publishStoredMetrics(): void;
}

export function createEmfMetrics(options: EmfMetricsOptions): EmfMetrics {
  const disabled = isMetricsDisabled(process.env);
  let coldStart = countsColdStart(process.env);
  const defaultDimensions = { service: options.serviceName, ...options.defaultDimensions };
  let stored = new Map<string, StoredMetric>();

  const write = (
    metrics: readonly StoredMetric[],
    sets: { dimensions?: Dimensions; dimensionSets?: Dimensions[] }
  ) => {
    if (disabled || metrics.length === 0) return;
    const document = emfDocument({
      namespace: options.namespace,
      timestamp: Date.now(),
      defaultDimensions,
      ...sets,
      metrics,
    });
    process.stdout.write(`${JSON.stringify(document)}\n`);
  };

  const publishStoredMetrics = () => {
    const metrics = [...stored.values()];
    stored = new Map();
    write(metrics, {});
  };

  return {
    addMetric(name, unit, value) {
      const metric = withValue(stored.get(name), name, unit, value);
      stored.set(name, metric);
      if (Array.isArray(metric.value) && metric.value.length === MAX_METRIC_VALUES) {
        publishStoredMetrics();
      }
    },
    addSingleMetric(dimensions, name, unit, value) {
      // Powertools leaves out a dimension with an empty value (CloudWatch refuses it).
      const named = Object.fromEntries(Object.entries(dimensions).filter(([, v]) => v !== ''));
      write([{ name, unit, value }], { dimensionSets: [named] });
    },
    captureColdStartMetric() {
      if (!coldStart) return;
      coldStart = false;
      write([{ name: COLD_START_METRIC, unit: MetricUnit.Count, value: 1 }], {
        dimensions: coldStartDimensions(process.env),
      });
    },
    hasStoredMetrics: () => stored.size > 0,
    publishStoredMetrics,
  };
}
