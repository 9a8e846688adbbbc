/**
 * CloudWatch embedded metric format (EMF) documents, in the exact shape Powertools Metrics writes
 * them, so the alarms, the dashboard and the tests read the functions' metrics unchanged: the
 * decisions of lambda/adapters/emf-metrics.ts, kept pure.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */

/** The units the functions write. */
export const MetricUnit = { Count: 'Count', Milliseconds: 'Milliseconds' } as const;
export type MetricUnit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** The cold start metric Powertools writes on a container's first publish. */
export const COLD_START_METRIC = 'ColdStart';

/**
 * EMF takes at most 100 values per metric: a metric that reaches it is flushed. (It also takes at
 * most 100 metrics per document and 30 dimensions per set; the functions write a fixed list of
 * fewer than 30 names with at most four dimensions, so those limits cannot be reached.)
 */
export const MAX_METRIC_VALUES = 100;

export interface StoredMetric {
  readonly name: string;
  readonly unit: MetricUnit;
  readonly value: number | number[];
}

export type Dimensions = Readonly<Record<string, string>>;

export interface EmfDocumentInput {
  readonly namespace: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  /** On every dimension set, first (Powertools' `service`, then the function's defaults). */
  readonly defaultDimensions: Dimensions;
  /** Dimensions added one by one (Powertools' `addDimension`): one set with the defaults. */
  readonly dimensions?: Dimensions;
  /** Sets added whole (Powertools' `addDimensions`): one set each, with the defaults. */
  readonly dimensionSets?: readonly Dimensions[];
  readonly metrics: readonly StoredMetric[];
}

/**
 * One EMF document: `_aws` first (Timestamp, then one CloudWatchMetrics directive), then the
 * dimension values, then each metric's value (a number, or an array for repeated values).
 */
export function emfDocument(input: EmfDocumentInput): Record<string, unknown> {
  const { defaultDimensions, dimensions = {}, dimensionSets = [] } = input;
  const dimensionNames: string[][] = [];
  if (Object.keys(dimensions).length > 0) {
    dimensionNames.push([
      ...new Set([...Object.keys(defaultDimensions), ...Object.keys(dimensions)]),
    ]);
  }
  for (const set of dimensionSets) {
    dimensionNames.push([...new Set([...Object.keys(defaultDimensions), ...Object.keys(set)])]);
  }
  if (dimensionNames.length === 0 && Object.keys(defaultDimensions).length > 0) {
    dimensionNames.push(Object.keys(defaultDimensions));
  }
  return {
    _aws: {
      Timestamp: input.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: input.namespace,
          Dimensions: dimensionNames,
          Metrics: input.metrics.map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...defaultDimensions,
    ...dimensions,
    ...Object.assign({}, ...dimensionSets),
    ...Object.fromEntries(input.metrics.map(({ name, value }) => [name, value])),
  };
}

/**
 * The metric with one more value: the first is a number, the next ones make an array. A second
 * unit for the same name is a programming error, refused as Powertools refuses it.
 */
export function withValue(
  stored: StoredMetric | undefined,
  name: string,
  unit: MetricUnit,
  value: number
): StoredMetric {
  if (stored === undefined) return { name, unit, value };
  if (stored.unit !== unit) {
    throw new Error(
      `Metric "${name}" has already been added with unit "${stored.unit}", but we received unit "${unit}". Did you mean to use metric unit "${stored.unit}"?`
    );
  }
  return { name, unit, value: [...[stored.value].flat(), value] };
}

type Environment = Readonly<Record<string, string | undefined>>;

const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'on']);
const FALSY = new Set(['0', 'n', 'no', 'f', 'false', 'off']);

/**
 * Whether nothing is written: `POWERTOOLS_METRICS_DISABLED` when set to a boolean, otherwise
 * `POWERTOOLS_DEV` (local runs), as Powertools decides.
 */
export function isMetricsDisabled(env: Environment): boolean {
  const disabled = env.POWERTOOLS_METRICS_DISABLED?.trim().toLowerCase();
  if (disabled !== undefined && TRUTHY.has(disabled)) return true;
  if (disabled !== undefined && FALSY.has(disabled)) return false;
  const dev = env.POWERTOOLS_DEV?.trim().toLowerCase();
  return dev !== undefined && TRUTHY.has(dev);
}

/**
 * Whether this container's first publish counts a cold start: only in an on-demand container
 * (Lambda sets `AWS_LAMBDA_INITIALIZATION_TYPE`; provisioned concurrency is initialized ahead).
 */
export function countsColdStart(env: Environment): boolean {
  return env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';
}

/**
 * The cold start's own dimension: `function_name` from `POWERTOOLS_METRICS_FUNCTION_NAME` when
 * set (none otherwise, as with Powertools outside its middleware).
 */
export function coldStartDimensions(env: Environment): Dimensions {
  const name = env.POWERTOOLS_METRICS_FUNCTION_NAME?.trim();
  return name ? { function_name: name } : {};
}
