/**
 * The structured log line's pure decisions (lambda/core/log-record.ts): which level is written,
 * the settings read from the environment, and the line's fields. The whole line is compared with
 * Powertools' own in test/lambda/powertools-parity.test.ts.
 */
import {
  LOG_LEVELS,
  RESERVED_KEYS,
  formatError,
  isDebugSampled,
  isDevMode,
  isLogLevelName,
  lambdaLogLevelOf,
  logLevelOf,
  logRecord,
  logReplacer,
  sampleRateOf,
  xrayTraceIdOf,
} from '../../../lambda/core/log-record';

describe('the level written', () => {
  test.each([
    [{}, 'INFO'],
    [{ POWERTOOLS_LOG_LEVEL: 'DEBUG' }, 'DEBUG'],
    [{ POWERTOOLS_LOG_LEVEL: ' WARN ' }, 'WARN'],
    [{ POWERTOOLS_LOG_LEVEL: 'warn' }, 'INFO'],
    [{ POWERTOOLS_LOG_LEVEL: 'LOUD' }, 'INFO'],
    [{ POWERTOOLS_LOG_LEVEL: 'SILENT' }, 'SILENT'],
    [{ LOG_LEVEL: 'ERROR' }, 'ERROR'],
    [{ POWERTOOLS_LOG_LEVEL: 'WARN', LOG_LEVEL: 'ERROR' }, 'WARN'],
    [{ POWERTOOLS_LOG_LEVEL: '', LOG_LEVEL: 'ERROR' }, 'ERROR'],
    [{ AWS_LAMBDA_LOG_LEVEL: 'ERROR', POWERTOOLS_LOG_LEVEL: 'DEBUG' }, 'ERROR'],
    [{ AWS_LAMBDA_LOG_LEVEL: 'DEBUG', POWERTOOLS_LOG_LEVEL: 'ERROR' }, 'DEBUG'],
    [{ AWS_LAMBDA_LOG_LEVEL: 'FATAL' }, 'CRITICAL'],
    [{ AWS_LAMBDA_LOG_LEVEL: 'bogus', POWERTOOLS_LOG_LEVEL: 'WARN' }, 'WARN'],
  ])('%j is %s', (env, level) => {
    expect(logLevelOf(env)).toBe(level);
  });

  test.each([
    [{}, undefined],
    [{ AWS_LAMBDA_LOG_LEVEL: 'WARN' }, 'WARN'],
    [{ AWS_LAMBDA_LOG_LEVEL: 'FATAL' }, 'CRITICAL'],
    [{ AWS_LAMBDA_LOG_LEVEL: 'warn' }, undefined],
    [{ POWERTOOLS_LOG_LEVEL: 'WARN' }, undefined],
  ])("Lambda's own level of %j is %p", (env, level) => {
    expect(lambdaLogLevelOf(env)).toBe(level);
  });

  test('the levels are ordered as Powertools orders them', () => {
    expect(
      Object.entries(LOG_LEVELS)
        .sort(([, a], [, b]) => a - b)
        .map(([name]) => name)
    ).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT']);
    expect(LOG_LEVELS).toEqual({
      TRACE: 6,
      DEBUG: 8,
      INFO: 12,
      WARN: 16,
      ERROR: 20,
      CRITICAL: 24,
      SILENT: 28,
    });
  });

  test.each([
    ['INFO', true],
    ['info', false],
    ['toString', false],
    [undefined, false],
    [12, false],
  ])('%p is a level name: %p', (value, expected) => {
    expect(isLogLevelName(value)).toBe(expected);
  });
});

describe('the settings', () => {
  test.each([
    [{}, 0],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '0.25' }, 0.25],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: ' 1 ' }, 1],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '0' }, 0],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '1.5' }, 0],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '-0.1' }, 0],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: 'half' }, 0],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '' }, 0],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '-0' }, 0],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '0.999' }, 0.999],
  ])('the sample rate of %j is %p', (env, rate) => {
    expect(sampleRateOf(env)).toBe(rate);
  });

  test.each([
    [0, 0, false],
    [0.5, 0, true],
    [0.5, 50, true],
    [0.5, 51, false],
    [1, 99, true],
  ])('rate %p, roll %p: sampled %p', (rate, roll, sampled) => {
    expect(isDebugSampled(rate, roll)).toBe(sampled);
  });

  test.each([
    [{}, false],
    [{ POWERTOOLS_DEV: 'true' }, true],
    [{ POWERTOOLS_DEV: ' YES ' }, true],
    [{ POWERTOOLS_DEV: '1' }, true],
    [{ POWERTOOLS_DEV: 'false' }, false],
    [{ POWERTOOLS_DEV: 'maybe' }, false],
  ])('dev mode of %j: %p', (env, dev) => {
    expect(isDevMode(env)).toBe(dev);
  });

  test.each([
    [undefined, undefined],
    ['', undefined],
    ['  ', undefined],
    ['1-abc-def', '1-abc-def'],
    ['Root=1-abc;Parent=53995c3f;Sampled=1', '1-abc'],
    ['Parent=53995c3f;Root=1-xyz', '1-xyz'],
    ['Parent=53995c3f;Sampled=1', undefined],
  ])('the trace ID of %p is %p', (header, id) => {
    expect(xrayTraceIdOf(header)).toBe(id);
  });
});

test("the reserved keys are Powertools': the fields a line sets itself", () => {
  expect(RESERVED_KEYS).toEqual(['level', 'message', 'sampling_rate', 'service', 'timestamp']);
});

describe('the line', () => {
  const base = {
    level: 'WARN' as const,
    message: 'directive refused',
    timestamp: new Date('2026-01-02T03:04:05.678Z'),
    service: 'svc',
    samplingRate: 0,
    xrayTraceId: undefined,
  };

  test('the fields in order, then the attributes; empty top-level fields left out', () => {
    const record = logRecord(base, {
      requestId: 'r1',
      blank: '',
      none: null,
      missing: undefined,
      zero: 0,
      no: false,
      nested: { empty: '' },
    });
    expect(Object.entries(record)).toEqual([
      ['level', 'WARN'],
      ['message', 'directive refused'],
      ['timestamp', '2026-01-02T03:04:05.678Z'],
      ['service', 'svc'],
      ['sampling_rate', 0],
      ['requestId', 'r1'],
      ['zero', 0],
      ['no', false],
      ['nested', { empty: '' }],
    ]);
  });

  test('the trace ID after the sampling rate; an attribute replaces a field only with a value', () => {
    const record = logRecord(
      { ...base, xrayTraceId: '1-abc', samplingRate: 0.5 },
      { xray_trace_id: undefined, function_name: 'fn' }
    );
    expect(Object.entries(record).slice(4)).toEqual([
      ['sampling_rate', 0.5],
      ['xray_trace_id', '1-abc'],
      ['function_name', 'fn'],
    ]);
    expect(logRecord(base, { xray_trace_id: 'given' }).xray_trace_id).toBe('given');
    expect(
      logRecord({ ...base, xrayTraceId: '1-abc' }, { xray_trace_id: 'given' }).xray_trace_id
    ).toBe('given');
  });

  test('an error: name, location, message, stack, cause and its own properties', () => {
    const cause = new Error('inner');
    const error = Object.assign(new RangeError('outer', { cause }), { code: 'E_RANGE' });
    error.stack = 'RangeError: outer\n    at handle (/var/task/index.js:12:34)\n    at (/x.js:1:2)';
    expect(formatError(error)).toEqual({
      name: 'RangeError',
      location: '/var/task/index.js:12',
      message: 'outer',
      stack: error.stack,
      cause: expect.objectContaining({ name: 'Error', message: 'inner' }),
      code: 'E_RANGE',
    });
    expect(formatError(error, true).stack).toEqual([
      'RangeError: outer',
      '    at handle (/var/task/index.js:12:34)',
      '    at (/x.js:1:2)',
    ]);
    expect(
      formatError(Object.assign(new Error('x', { cause: 'text' }), { stack: 'no frames' }))
    ).toEqual({
      name: 'Error',
      location: '',
      message: 'x',
      stack: 'no frames',
      cause: 'text',
    });
    // A stack or cause set as a plain property is still written as the error's own.
    const assigned = Object.assign(new Error('z'), { cause: new Error('inner') });
    Object.defineProperty(assigned, 'stack', {
      value: 'Error: z\n    at g (/b.js:5:6)',
      enumerable: true,
    });
    expect(formatError(assigned, true)).toEqual({
      name: 'Error',
      location: '/b.js:5',
      message: 'z',
      stack: ['Error: z', '    at g (/b.js:5:6)'],
      cause: expect.objectContaining({
        name: 'Error',
        message: 'inner',
        location: expect.any(String),
      }),
    });
    const bare = new Error('y');
    bare.stack = undefined;
    expect(formatError(bare).location).toBe('');
    // The location is the frame that ends its line.
    const nested = new Error('n');
    nested.stack = 'Error: n\n    at f (/a.js:1:2) (/b.js:3:4)';
    expect(formatError(nested).location).toBe('/b.js:3');
  });

  test('the replacer: errors formatted, bigints as text, a circular reference left out', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const shared = { id: 1 };
    const error = new TypeError('bad');
    error.stack = 'TypeError: bad\n    at f (/a.js:3:4)';
    const text = JSON.stringify(
      { big: BigInt(42), circular, one: shared, two: shared, error },
      logReplacer()
    );
    expect(JSON.parse(text)).toEqual({
      big: '42',
      circular: { name: 'loop' },
      one: { id: 1 },
      two: { id: 1 },
      error: { name: 'TypeError', location: '/a.js:3', message: 'bad', stack: error.stack },
    });
    expect(JSON.parse(JSON.stringify({ error }, logReplacer(true))).error.stack).toEqual([
      'TypeError: bad',
      '    at f (/a.js:3:4)',
    ]);
  });
});
