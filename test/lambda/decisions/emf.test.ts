/**
 * The EMF documents' pure decisions (lambda/core/emf.ts): their shape, repeated values, and the
 * settings read from the environment. Whole documents are compared with Powertools' own in
 * test/lambda/powertools-parity.test.ts.
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
} from '../../../lambda/core/emf';

const defaults = { service: 'svc', Stage: 'prod' };

describe('an EMF document', () => {
  test('stored metrics under the default dimensions, values at the top level', () => {
    const document = emfDocument({
      namespace: 'NS',
      timestamp: 1234,
      defaultDimensions: defaults,
      metrics: [
        { name: 'LinkedRequests', unit: MetricUnit.Count, value: 1 },
        { name: 'VerificationLatency', unit: MetricUnit.Milliseconds, value: [1.5, 2] },
      ],
    });
    expect(JSON.stringify(document)).toBe(
      '{"_aws":{"Timestamp":1234,"CloudWatchMetrics":[{"Namespace":"NS","Dimensions":[["service","Stage"]],' +
        '"Metrics":[{"Name":"LinkedRequests","Unit":"Count"},{"Name":"VerificationLatency","Unit":"Milliseconds"}]}]},' +
        '"service":"svc","Stage":"prod","LinkedRequests":1,"VerificationLatency":[1.5,2]}'
    );
  });

  test('a dimension set: its own set after the defaults, its values after theirs', () => {
    const document = emfDocument({
      namespace: 'NS',
      timestamp: 1,
      defaultDimensions: defaults,
      dimensionSets: [{ Directive: 'Alexa.Discovery.Discover', Stage: 'prod' }],
      metrics: [{ name: 'SmartHomeDirectives', unit: MetricUnit.Count, value: 1 }],
    });
    expect(document._aws).toEqual({
      Timestamp: 1,
      CloudWatchMetrics: [
        {
          Namespace: 'NS',
          Dimensions: [['service', 'Stage', 'Directive']],
          Metrics: [{ Name: 'SmartHomeDirectives', Unit: 'Count' }],
        },
      ],
    });
    expect(Object.keys(document)).toEqual([
      '_aws',
      'service',
      'Stage',
      'Directive',
      'SmartHomeDirectives',
    ]);
  });

  test('added dimensions (the cold start function name): one set, before the dimension sets', () => {
    const document = emfDocument({
      namespace: 'NS',
      timestamp: 1,
      defaultDimensions: { service: 'svc' },
      dimensions: { function_name: 'fn' },
      dimensionSets: [{ Reason: 'expired' }, { EventType: 'x' }],
      metrics: [{ name: COLD_START_METRIC, unit: MetricUnit.Count, value: 1 }],
    });
    expect(
      (document._aws as { CloudWatchMetrics: { Dimensions: unknown }[] }).CloudWatchMetrics[0]
        ?.Dimensions
    ).toEqual([
      ['service', 'function_name'],
      ['service', 'Reason'],
      ['service', 'EventType'],
    ]);
    expect(document).toMatchObject({ function_name: 'fn', Reason: 'expired', EventType: 'x' });
  });

  test('no dimensions at all: an empty list', () => {
    const document = emfDocument({
      namespace: 'NS',
      timestamp: 1,
      defaultDimensions: {},
      metrics: [{ name: 'A', unit: MetricUnit.Count, value: 1 }],
    });
    expect(document).toEqual({
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [
          { Namespace: 'NS', Dimensions: [], Metrics: [{ Name: 'A', Unit: 'Count' }] },
        ],
      },
      A: 1,
    });
  });
});

describe('a repeated value', () => {
  test('the first is a number, the next make an array', () => {
    const first = withValue(undefined, 'A', MetricUnit.Count, 1);
    expect(first).toEqual({ name: 'A', unit: 'Count', value: 1 });
    const second = withValue(first, 'A', MetricUnit.Count, 2);
    expect(second.value).toEqual([1, 2]);
    expect(withValue(second, 'A', MetricUnit.Count, 3).value).toEqual([1, 2, 3]);
    expect(first.value).toBe(1);
  });

  test('fails when the same name comes with another unit', () => {
    expect(() =>
      withValue({ name: 'A', unit: MetricUnit.Count, value: 1 }, 'A', MetricUnit.Milliseconds, 2)
    ).toThrow(
      /^Metric "A" has already been added with unit "Count", but we received unit "Milliseconds"/
    );
  });

  test('EMF takes 100 values per metric', () => {
    expect(MAX_METRIC_VALUES).toBe(100);
  });

  test("the cold start metric has Powertools' name, which the alarms and dashboard read", () => {
    expect(COLD_START_METRIC).toBe('ColdStart');
  });
});

describe('the settings', () => {
  test.each<[Record<string, string>, boolean]>([
    [{}, false],
    [{ POWERTOOLS_METRICS_DISABLED: 'true' }, true],
    [{ POWERTOOLS_METRICS_DISABLED: ' On ' }, true],
    [{ POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_DEV: 'true' }, false],
    [{ POWERTOOLS_METRICS_DISABLED: 'no', POWERTOOLS_DEV: 'true' }, false],
    [{ POWERTOOLS_DEV: 'true' }, true],
    [{ POWERTOOLS_DEV: 'false' }, false],
    [{ POWERTOOLS_METRICS_DISABLED: 'maybe', POWERTOOLS_DEV: 'y' }, true],
    [{ POWERTOOLS_METRICS_DISABLED: 'maybe' }, false],
    [{ POWERTOOLS_DEV: ' TRUE ' }, true],
    // Each of Powertools' true words disables, and an empty setting is no word.
    ...['1', 'y', 'yes', 't', 'true', 'on'].map((word): [Record<string, string>, boolean] => [
      { POWERTOOLS_METRICS_DISABLED: word },
      true,
    ]),
    [{ POWERTOOLS_METRICS_DISABLED: '', POWERTOOLS_DEV: '' }, false],
    // Each of Powertools' false words overrides POWERTOOLS_DEV.
    ...['0', 'n', 'f', 'off'].map((word): [Record<string, string>, boolean] => [
      { POWERTOOLS_METRICS_DISABLED: word, POWERTOOLS_DEV: 'true' },
      false,
    ]),
  ])('%j: disabled %p', (env, disabled) => {
    expect(isMetricsDisabled(env)).toBe(disabled);
  });

  test.each([
    [{}, false],
    [{ AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' }, true],
    [{ AWS_LAMBDA_INITIALIZATION_TYPE: ' on-demand ' }, true],
    [{ AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' }, false],
    [{ AWS_LAMBDA_INITIALIZATION_TYPE: 'snap-start' }, false],
  ])('%j: cold start counted %p', (env, counted) => {
    expect(countsColdStart(env)).toBe(counted);
  });

  test.each([
    [{}, {}],
    [{ POWERTOOLS_METRICS_FUNCTION_NAME: '  ' }, {}],
    [{ POWERTOOLS_METRICS_FUNCTION_NAME: ' skill-fn ' }, { function_name: 'skill-fn' }],
  ])('%j: cold start dimensions %j', (env, dimensions) => {
    expect(coldStartDimensions(env)).toEqual(dimensions);
  });
});
