/**
 * The skill's metrics, in CloudWatch embedded metric format (EMF), written as Powertools Metrics
 * writes them (emf-metrics.ts): one JSON line on stdout per request, which CloudWatch turns into
 * metrics with no API call and no extra latency. Names come from core/metric-names.ts, which the
 * alarms read too.
 *
 * Nothing is built at import: the writer is created on first use (the first request). Never give
 * it a token or a user ID (dimensions are public and costly).
 */
import type { LinkingDecision } from '../core/linking-decision';
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  METRICS_STAGE_VARIABLE,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
} from '../core/metric-names';
import { MetricUnit, createEmfMetrics } from './emf-metrics';

export type LatencyKind = 'verification' | 'profile';

/** What the skills count, as CloudWatch metrics (EMF) with the `Stage` dimension. */
export interface SkillMetrics {
  /** Counts the request under its decision; an invalid token also per reason. */
  recordLinkingDecision(decision: LinkingDecision): void;
  /** How long a token verification or a profile lookup took. */
  recordLatency(kind: LatencyKind, milliseconds: number): void;
  /** A smart home directive, and the ErrorResponse type when it was answered with one. */
  recordDirective(directive: string, errorType?: string): void;
  /** A skill lifecycle event; `erasedItems` when it deleted the user's stored data. */
  recordSkillEvent(eventType: string, erasedItems?: number): void;
  /** Writes what was recorded (and, on a container's first call, the cold start) as EMF. */
  publish(): void;
}

const ACCEPT_GRANT = 'Alexa.Authorization.AcceptGrant';

export interface SkillMetricsOptions {
  readonly namespace?: string;
  readonly serviceName?: string;
  /**
   * Written as the `Stage` dimension of every metric, which the alarms and dashboard of that
   * stage read. Defaults to the `SKILL_STAGE` variable the function constructs set; without one
   * the dimension is left out (and no alarm of this project reads those metrics).
   */
  readonly stage?: string;
}

export function createSkillMetrics(options: SkillMetricsOptions = {}): SkillMetrics {
  const stage = options.stage ?? process.env[METRICS_STAGE_VARIABLE];
  const metrics = createEmfMetrics({
    namespace: options.namespace ?? METRICS_NAMESPACE,
    serviceName: options.serviceName ?? METRICS_SERVICE,
    // Default dimensions go on every metric, the single metrics with their own dimensions too.
    defaultDimensions: stage ? { [METRIC_DIMENSIONS.stage]: stage } : {},
  });
  const count = (name: string) => metrics.addMetric(name, MetricUnit.Count, 1);
  /** A metric with its own dimensions: a separate EMF line, as Powertools writes it. */
  const countWith = (name: string, dimensions: Record<string, string>) =>
    metrics.addSingleMetric(dimensions, name, MetricUnit.Count, 1);

  return {
    recordLinkingDecision(decision) {
      switch (decision.kind) {
        case 'linked':
          return void count(METRIC_NAMES.linkedRequests);
        case 'unlinked':
          return void count(METRIC_NAMES.unlinkedRequests);
        case 'invalid':
          count(METRIC_NAMES.invalidTokenRequests);
          return void countWith(METRIC_NAMES.invalidTokenRequests, {
            [METRIC_DIMENSIONS.reason]: decision.reason,
          });
        case 'unverifiable':
          count(METRIC_NAMES.unverifiableRequests);
          // Login with Amazon tokens are checked at its token-info endpoint, JWTs against a key set.
          return void count(
            String(decision.reason).startsWith('token-info')
              ? METRIC_NAMES.tokenInfoFetchFailures
              : METRIC_NAMES.keySetFetchFailures
          );
      }
    },
    recordLatency(kind, milliseconds) {
      metrics.addMetric(
        kind === 'verification' ? METRIC_NAMES.verificationLatency : METRIC_NAMES.profileLatency,
        MetricUnit.Milliseconds,
        milliseconds
      );
    },
    recordDirective(directive, errorType) {
      count(METRIC_NAMES.smartHomeDirectives);
      countWith(METRIC_NAMES.smartHomeDirectives, { [METRIC_DIMENSIONS.directive]: directive });
      if (errorType === undefined) return;
      countWith(METRIC_NAMES.smartHomeDirectiveErrors, {
        [METRIC_DIMENSIONS.directive]: directive,
        [METRIC_DIMENSIONS.errorType]: errorType,
      });
      if (directive === ACCEPT_GRANT) count(METRIC_NAMES.acceptGrantFailures);
    },
    recordSkillEvent(eventType, erasedItems) {
      countWith(METRIC_NAMES.skillEvents, { [METRIC_DIMENSIONS.eventType]: eventType });
      if (erasedItems !== undefined) {
        metrics.addMetric(METRIC_NAMES.userDataErased, MetricUnit.Count, erasedItems);
      }
    },
    publish() {
      // Emits ColdStart (with the function name) on the first call in a container only.
      metrics.captureColdStartMetric();
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}

let shared: SkillMetrics | undefined;

/** The container's one SkillMetrics, created on first use. */
export function skillMetrics(): SkillMetrics {
  shared ??= createSkillMetrics();
  return shared;
}

/**
 * The port with `method` timed into the `kind` latency metric, for wiring in a skill's glue
 * without touching the adapter. The metrics are created only when the method first runs.
 */
export function withLatencyMetric<T extends object, K extends keyof T & string>(
  port: T,
  method: K,
  kind: LatencyKind
): T {
  const original = port[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  const timed = async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await original.apply(port, args);
    } finally {
      skillMetrics().recordLatency(kind, performance.now() - started);
    }
  };
  return Object.assign(Object.create(port) as T, { [method]: timed });
}
