import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
  RECORDER_METRIC_NAMES,
  REPORTER_METRIC_NAMES,
} from '../../lambda/core/metric-names';
import { createSkillMetrics } from '../../lambda/adapters/metrics';
import { launchRequest, sessionEndedRequest } from '../support/envelopes';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import { captureOutput } from '../support/output-capture';
import { startSkillHarness, type SkillHarness } from '../support/skill-harness';

interface EmfMetric {
  readonly name: string;
  readonly value: unknown;
  readonly unit: string;
  readonly namespace: string;
  readonly dimensions: Record<string, unknown>;
}

/** Every metric in the EMF lines of a captured output, with its value and dimensions. */
function emfMetrics(output: string): EmfMetric[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .flatMap((line) => {
      const blob = JSON.parse(line) as Record<string, unknown> & {
        _aws: {
          CloudWatchMetrics: {
            Namespace: string;
            Dimensions: string[][];
            Metrics: { Name: string; Unit: string }[];
          }[];
        };
      };
      return blob._aws.CloudWatchMetrics.flatMap((directive) =>
        directive.Metrics.map((m) => ({
          name: m.Name,
          unit: m.Unit,
          value: blob[m.Name],
          namespace: directive.Namespace,
          dimensions: Object.fromEntries((directive.Dimensions[0] ?? []).map((d) => [d, blob[d]])),
        }))
      );
    });
}

// Lambda sets this for on-demand containers; Powertools counts a cold start only then.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';

// The skills' names; the recorder's and the change reporter's are checked by their own tests
// (token-exchange-log-line, smart-home/change-reporter).
const SHARED_NAMES = new Set<string>(
  Object.values(METRIC_NAMES).filter(
    (name) => !RECORDER_METRIC_NAMES.includes(name) && !REPORTER_METRIC_NAMES.includes(name)
  )
);
const seen = new Set<string>();
function recordSeen(metrics: EmfMetric[]): EmfMetric[] {
  for (const m of metrics) seen.add(m.name);
  return metrics;
}

const key = generateTestKey('key-1');
let harness: SkillHarness;
afterEach(() => harness.close());

async function metricsOf(envelope: Parameters<SkillHarness['invoke']>[0]) {
  const { logs } = await harness.invokeCapturingLogs(envelope);
  return recordSeen(emfMetrics(logs));
}

describe('the custom skill emits EMF metrics named from the shared list', () => {
  test('a linked launch: LinkedRequests, verification and profile latency, and the cold start once', async () => {
    harness = await startSkillHarness({ keys: [key] });
    const first = await metricsOf(
      launchRequest({ accessToken: signRs256(key, accessTokenClaims()) })
    );
    const names = first.map((m) => m.name);
    expect(names).toEqual(
      expect.arrayContaining([
        METRIC_NAMES.coldStart,
        METRIC_NAMES.linkedRequests,
        METRIC_NAMES.verificationLatency,
        METRIC_NAMES.profileLatency,
      ])
    );
    const linked = first.find((m) => m.name === METRIC_NAMES.linkedRequests);
    expect(linked).toEqual({
      name: 'LinkedRequests',
      unit: 'Count',
      value: 1,
      namespace: METRICS_NAMESPACE,
      dimensions: { service: METRICS_SERVICE },
    });
    const latency = first.find((m) => m.name === METRIC_NAMES.verificationLatency);
    expect(latency?.unit).toBe('Milliseconds');
    expect(typeof latency?.value).toBe('number');

    // Warm: no second cold start.
    const second = await metricsOf(
      launchRequest({ accessToken: signRs256(key, accessTokenClaims()) })
    );
    expect(second.map((m) => m.name)).not.toContain(METRIC_NAMES.coldStart);
    expect(second.map((m) => m.name)).toContain(METRIC_NAMES.linkedRequests);
  });

  test('an expired token counts as invalid, in total and per reason', async () => {
    harness = await startSkillHarness({ keys: [key] });
    const expired = signRs256(key, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) - 5 }));
    const metrics = await metricsOf(launchRequest({ accessToken: expired }));
    const invalid = metrics.filter((m) => m.name === METRIC_NAMES.invalidTokenRequests);
    expect(invalid.map((m) => m.dimensions)).toEqual(
      expect.arrayContaining([
        { service: METRICS_SERVICE },
        { service: METRICS_SERVICE, [METRIC_DIMENSIONS.reason]: 'expired' },
      ])
    );
    expect(invalid).toHaveLength(2);
  });

  test('no token counts as unlinked; a request that needs no decision counts none', async () => {
    harness = await startSkillHarness({ keys: [key] });
    expect((await metricsOf(launchRequest())).map((m) => m.name)).toContain(
      METRIC_NAMES.unlinkedRequests
    );
    const ended = await metricsOf(sessionEndedRequest());
    expect(ended.map((m) => m.name)).not.toContain(METRIC_NAMES.unlinkedRequests);
  });

  test('an unreachable key set counts as unverifiable and as a key-set fetch failure', async () => {
    harness = await startSkillHarness({ keys: [key], preloadJwks: false });
    harness.jwksBehaviour = 'down';
    const metrics = await metricsOf(
      launchRequest({ accessToken: signRs256(key, accessTokenClaims()) })
    );
    expect(metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining([METRIC_NAMES.unverifiableRequests, METRIC_NAMES.keySetFetchFailures])
    );
  });
});

describe('smart home and skill event metrics', () => {
  test('directives by name, errors by directive and type, AcceptGrant failures, skill events, each with the stage', async () => {
    const metrics = createSkillMetrics({ stage: 'prod' });
    const base = { service: METRICS_SERVICE, [METRIC_DIMENSIONS.stage]: 'prod' };
    const { output } = await captureOutput(async () => {
      metrics.recordDirective('Alexa.Discovery.Discover');
      metrics.recordDirective('Alexa.Authorization.AcceptGrant', 'ACCEPT_GRANT_FAILED');
      metrics.recordSkillEvent('AlexaSkillEvent.SkillDisabled', 2);
      metrics.recordLinkingDecision({ kind: 'unverifiable', reason: 'key-set-unavailable' });
      metrics.publish();
    });
    const emitted = recordSeen(emfMetrics(output));
    const dims = (name: string) => emitted.filter((m) => m.name === name).map((m) => m.dimensions);
    expect(dims(METRIC_NAMES.smartHomeDirectives)).toEqual(
      expect.arrayContaining([
        base,
        { ...base, Directive: 'Alexa.Discovery.Discover' },
        { ...base, Directive: 'Alexa.Authorization.AcceptGrant' },
      ])
    );
    expect(dims(METRIC_NAMES.smartHomeDirectiveErrors)).toEqual([
      {
        ...base,
        Directive: 'Alexa.Authorization.AcceptGrant',
        ErrorType: 'ACCEPT_GRANT_FAILED',
      },
    ]);
    expect(dims(METRIC_NAMES.acceptGrantFailures)).toEqual([base]);
    expect(dims(METRIC_NAMES.skillEvents)).toEqual([
      { ...base, EventType: 'AlexaSkillEvent.SkillDisabled' },
    ]);
    expect(emitted.find((m) => m.name === METRIC_NAMES.userDataErased)?.value).toBe(2);
  });

  test('token-info failures (Login with Amazon) are told apart from key-set failures', async () => {
    const metrics = createSkillMetrics();
    const { output } = await captureOutput(async () => {
      metrics.recordLinkingDecision({
        kind: 'unverifiable',
        reason: 'token-info-unavailable',
      } as unknown as Parameters<typeof metrics.recordLinkingDecision>[0]);
      metrics.publish();
    });
    const names = recordSeen(emfMetrics(output)).map((m) => m.name);
    expect(names).toContain(METRIC_NAMES.tokenInfoFetchFailures);
    expect(names).not.toContain(METRIC_NAMES.keySetFetchFailures);
  });
});

afterAll(() => {
  // Every name emitted is in the shared list, and every name in the list was emitted by a test
  // above, so an alarm on any of them watches something real.
  expect([...seen].filter((name) => !SHARED_NAMES.has(name))).toEqual([]);
  expect([...SHARED_NAMES].filter((name) => !seen.has(name))).toEqual([]);
});
