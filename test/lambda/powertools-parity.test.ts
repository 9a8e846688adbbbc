/**
 * The functions' own logger and EMF writer write what Powertools Logger and Metrics write: the same
 * calls go through both, in the same environment, and the lines must be equal field for field and
 * in order, on the same stream (only the clock differs). Powertools stays a dev dependency for
 * this comparison; no function bundles it. (Dev mode, POWERTOOLS_DEV, is left to the pure suite:
 * there Powertools writes through the global console, which jest replaces.)
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit as PowertoolsUnit } from '@aws-lambda-powertools/metrics';
import { createLogger, type Logger } from '../../lambda/adapters/logger';
import { MetricUnit, createEmfMetrics } from '../../lambda/adapters/emf-metrics';

interface Streams {
  readonly stdout: string[];
  readonly stderr: string[];
}

/** The lines `run` writes to each stream, with the clock taken out. */
function linesOf(run: () => void): Streams {
  const captured: Streams = { stdout: [], stderr: [] };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].write = ((chunk: unknown) => {
      captured[name].push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
  }
  try {
    run();
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
  const normalize = (text: string) =>
    text
      .replace(/"timestamp":"[^"]+"/g, '"timestamp":"<time>"')
      .replace(/"Timestamp":\d+/g, '"Timestamp":0');
  return {
    stdout: captured.stdout.join('').split('\n').filter(Boolean).map(normalize),
    stderr: captured.stderr.join('').split('\n').filter(Boolean).map(normalize),
  };
}

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

function withEnv(env: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

const LEVEL_VARIABLES = {
  AWS_LAMBDA_LOG_LEVEL: undefined,
  POWERTOOLS_LOG_LEVEL: undefined,
  LOG_LEVEL: undefined,
  POWERTOOLS_DEV: undefined,
  POWERTOOLS_LOGGER_SAMPLE_RATE: undefined,
  _X_AMZN_TRACE_ID: undefined,
};

/** Every call the functions make, and the ones a user's code may make with the exported logger. */
function exercise(logger: Pick<Logger, keyof Logger>, error: Error): void {
  logger.debug('debug line', { detail: 1 });
  logger.info('request handled', {
    requestType: 'LaunchRequest',
    intent: undefined,
    linking: 'invalid',
    reason: 'expired',
    empty: '',
    nothing: null,
    nested: { a: 1, b: [1, 2], c: '' },
  });
  logger.appendKeys({ requestId: 'amzn1.echo-api.request.1' });
  logger.info('session ended', { sessionEndedReason: 'USER_INITIATED' });
  logger.info('attribute wins over key', { requestId: 'other' });
  logger.removeKeys(['requestId']);
  logger.warn('directive refused', { namespace: 'Alexa', reason: 'bad' });
  logger.warn('no user profile', { reason: 'timeout' }, { second: true });
  logger.error('request failed', { errorName: 'TypeError', errorMessage: 'x' });
  logger.error('with an error', error);
  logger.error('with text', 'more text');
  logger.info('reserved keys dropped', { level: 'X', message: 'Y', service: 'Z', kept: true });
  logger.info('big and circular', { big: BigInt(12), self: undefined });
}

describe('the logger writes what Powertools Logger writes', () => {
  test.each([
    ['no level set', {}],
    ['POWERTOOLS_LOG_LEVEL=DEBUG', { POWERTOOLS_LOG_LEVEL: 'DEBUG' }],
    ['POWERTOOLS_LOG_LEVEL=WARN', { POWERTOOLS_LOG_LEVEL: 'WARN' }],
    ['POWERTOOLS_LOG_LEVEL=ERROR', { POWERTOOLS_LOG_LEVEL: 'ERROR' }],
    ['POWERTOOLS_LOG_LEVEL=SILENT', { POWERTOOLS_LOG_LEVEL: 'SILENT' }],
    ['a lower case level (ignored)', { POWERTOOLS_LOG_LEVEL: 'debug' }],
    ['LOG_LEVEL alone', { LOG_LEVEL: 'WARN' }],
    ['POWERTOOLS_LOG_LEVEL over LOG_LEVEL', { POWERTOOLS_LOG_LEVEL: 'ERROR', LOG_LEVEL: 'DEBUG' }],
    ["Lambda's level first", { AWS_LAMBDA_LOG_LEVEL: 'WARN', POWERTOOLS_LOG_LEVEL: 'DEBUG' }],
    ["Lambda's FATAL", { AWS_LAMBDA_LOG_LEVEL: 'FATAL' }],
    [
      'a trace header',
      {
        _X_AMZN_TRACE_ID:
          'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      },
    ],
    ['a bare trace header', { _X_AMZN_TRACE_ID: '1-5759e988-bd862e3fe1be46a994272793' }],
    ['a sample rate that never samples', { POWERTOOLS_LOGGER_SAMPLE_RATE: '0' }],
    ['a sample rate that always samples', { POWERTOOLS_LOGGER_SAMPLE_RATE: '1' }],
    [
      "a sample under Lambda's level",
      { POWERTOOLS_LOGGER_SAMPLE_RATE: '1', AWS_LAMBDA_LOG_LEVEL: 'INFO' },
    ],
    [
      "a sample under Lambda's DEBUG level",
      { POWERTOOLS_LOGGER_SAMPLE_RATE: '1', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' },
    ],
  ])('with %s', (_name, env: Record<string, string>) => {
    withEnv({ ...LEVEL_VARIABLES, ...env });
    const error = Object.assign(new RangeError('out of range', { cause: new Error('inner') }), {
      code: 'E_RANGE',
    });
    const theirs = linesOf(() => exercise(new PowertoolsLogger({ serviceName: 'svc' }), error));
    const ours = linesOf(() => exercise(createLogger({ serviceName: 'svc' }), error));
    expect(ours).toEqual(theirs);
    // Not two empty outputs: at every level but SILENT and CRITICAL the errors are written.
    const quiet = ['SILENT', 'FATAL'].includes(
      env.POWERTOOLS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? ''
    );
    expect(ours.stderr.length > 0).toBe(!quiet);
  });

  test('the line, field by field', () => {
    withEnv({ ...LEVEL_VARIABLES, _X_AMZN_TRACE_ID: 'Root=1-abc;Parent=def;Sampled=0' });
    const logger = createLogger({ serviceName: 'alexa-account-linking-skill' });
    logger.appendKeys({ requestId: 'req-1' });
    const { stdout } = linesOf(() =>
      logger.info('request handled', {
        requestType: 'LaunchRequest',
        intent: undefined,
        linking: 'linked',
      })
    );
    expect(stdout).toEqual([
      '{"level":"INFO","message":"request handled","timestamp":"<time>","service":"alexa-account-linking-skill","sampling_rate":0,"xray_trace_id":"1-abc","requestId":"req-1","requestType":"LaunchRequest","linking":"linked"}',
    ]);
  });

  test('a circular attribute is left out, not thrown', () => {
    withEnv(LEVEL_VARIABLES);
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const theirs = linesOf(() =>
      new PowertoolsLogger({ serviceName: 's' }).info('c', { circular })
    );
    const ours = linesOf(() => createLogger({ serviceName: 's' }).info('c', { circular }));
    expect(ours).toEqual(theirs);
    expect(ours.stdout).toHaveLength(1);
  });
});

const METRIC_VARIABLES = {
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  POWERTOOLS_METRICS_DISABLED: undefined,
  POWERTOOLS_DEV: undefined,
  POWERTOOLS_METRICS_FUNCTION_NAME: undefined,
  POWERTOOLS_SERVICE_NAME: undefined,
  POWERTOOLS_METRICS_NAMESPACE: undefined,
};

/** The calls metrics.ts and reporter-metrics.ts make, on Powertools. */
function exercisePowertools(defaultDimensions: Record<string, string>, requests: number): void {
  const metrics = new Metrics({ namespace: 'NS', serviceName: 'svc', defaultDimensions });
  for (let request = 0; request < requests; request += 1) {
    metrics.addMetric('LinkedRequests', PowertoolsUnit.Count, 1);
    metrics.addMetric('InvalidTokenRequests', PowertoolsUnit.Count, 1);
    metrics
      .singleMetric()
      .addDimensions({ Reason: 'expired' })
      .addMetric('InvalidTokenRequests', PowertoolsUnit.Count, 1);
    metrics
      .singleMetric()
      .addDimensions({ Directive: 'Alexa.Discovery.Discover', ErrorType: 'INTERNAL_ERROR' })
      .addMetric('SmartHomeDirectiveErrors', PowertoolsUnit.Count, 1);
    metrics.addMetric('VerificationLatency', PowertoolsUnit.Milliseconds, 1.25);
    metrics.addMetric('VerificationLatency', PowertoolsUnit.Milliseconds, 3);
    metrics.addMetric('UserDataErased', PowertoolsUnit.Count, 0);
    metrics.captureColdStartMetric();
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
  // The change reporter: many values of one name in one call (a batch of ten records).
  for (let sent = 0; sent < 120; sent += 1) metrics.addMetric('ProactiveEventsSent', 'Count', 1);
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** The same calls on the in-house writer. */
function exerciseOurs(defaultDimensions: Record<string, string>, requests: number): void {
  const metrics = createEmfMetrics({ namespace: 'NS', serviceName: 'svc', defaultDimensions });
  for (let request = 0; request < requests; request += 1) {
    metrics.addMetric('LinkedRequests', MetricUnit.Count, 1);
    metrics.addMetric('InvalidTokenRequests', MetricUnit.Count, 1);
    metrics.addSingleMetric({ Reason: 'expired' }, 'InvalidTokenRequests', MetricUnit.Count, 1);
    metrics.addSingleMetric(
      { Directive: 'Alexa.Discovery.Discover', ErrorType: 'INTERNAL_ERROR' },
      'SmartHomeDirectiveErrors',
      MetricUnit.Count,
      1
    );
    metrics.addMetric('VerificationLatency', MetricUnit.Milliseconds, 1.25);
    metrics.addMetric('VerificationLatency', MetricUnit.Milliseconds, 3);
    metrics.addMetric('UserDataErased', MetricUnit.Count, 0);
    metrics.captureColdStartMetric();
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
  for (let sent = 0; sent < 120; sent += 1) metrics.addMetric('ProactiveEventsSent', 'Count', 1);
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

describe('the EMF writer writes what Powertools Metrics writes', () => {
  test.each([
    ['an on-demand container, with a stage', {}, { Stage: 'prod' }],
    ['no stage', {}, {}],
    [
      'a function name for the cold start',
      { POWERTOOLS_METRICS_FUNCTION_NAME: 'skill-fn' },
      { Stage: 'dev' },
    ],
    [
      'provisioned concurrency (no cold start)',
      { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' },
      {},
    ],
    ['no initialization type (no cold start)', { AWS_LAMBDA_INITIALIZATION_TYPE: undefined }, {}],
    ['metrics disabled', { POWERTOOLS_METRICS_DISABLED: 'true' }, {}],
    ['dev mode (disabled)', { POWERTOOLS_DEV: '1' }, {}],
    ['a service name variable (ours is given)', { POWERTOOLS_SERVICE_NAME: 'other' }, {}],
  ])(
    'with %s',
    (_name, env: Record<string, string | undefined>, defaultDimensions: Record<string, string>) => {
      withEnv({ ...METRIC_VARIABLES, ...env });
      const theirs = linesOf(() => exercisePowertools(defaultDimensions, 2));
      const ours = linesOf(() => exerciseOurs(defaultDimensions, 2));
      expect(ours).toEqual(theirs);
      expect(ours.stdout.length > 0).toBe(!env.POWERTOOLS_METRICS_DISABLED && !env.POWERTOOLS_DEV);
    }
  );

  test('the document, field by field', () => {
    withEnv(METRIC_VARIABLES);
    const metrics = createEmfMetrics({
      namespace: 'AlexaAccountLinking',
      serviceName: 'skill',
      defaultDimensions: { Stage: 'prod' },
    });
    const { stdout } = linesOf(() =>
      metrics.addSingleMetric({ Reason: 'expired' }, 'InvalidTokenRequests', MetricUnit.Count, 1)
    );
    expect(stdout).toEqual([
      '{"_aws":{"Timestamp":0,"CloudWatchMetrics":[{"Namespace":"AlexaAccountLinking","Dimensions":[["service","Stage","Reason"]],"Metrics":[{"Name":"InvalidTokenRequests","Unit":"Count"}]}]},"service":"skill","Stage":"prod","Reason":"expired","InvalidTokenRequests":1}',
    ]);
  });

  test('a metric reaching 100 values is flushed as Powertools flushes it', () => {
    withEnv(METRIC_VARIABLES);
    const ours = linesOf(() => exerciseOurs({}, 0));
    // 120 values: one document of 100 at the limit, one of 20 at publish.
    expect(ours.stdout).toHaveLength(2);
    expect(ours).toEqual(linesOf(() => exercisePowertools({}, 0)));
  });
});
