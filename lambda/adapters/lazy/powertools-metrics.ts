// Required on first use (see powertools-logger.ts for why this folder exists).
export { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
