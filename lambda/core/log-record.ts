/**
 * What a structured log line holds and which lines are written: the decisions of the functions'
 * logger (lambda/adapters/logger.ts), kept pure. The line is the one Powertools Logger writes
 * (level, message, timestamp, service, sampling_rate, xray_trace_id, then the attributes at the top
 * level), so the queries, the tests and anyone's Logs Insights searches read it unchanged; the
 * settings are its environment variables, with its precedence.
 */

/** The levels and their order, as Powertools numbers them. */
export const LOG_LEVELS = {
  TRACE: 6,
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
} as const;

export type LogLevelName = keyof typeof LOG_LEVELS;

/** Keys a line sets itself: an attribute with one of these names is dropped (with a warning). */
export const RESERVED_KEYS: readonly string[] = [
  'level',
  'message',
  'sampling_rate',
  'service',
  'timestamp',
];

export function isLogLevelName(value: unknown): value is LogLevelName {
  return typeof value === 'string' && Object.hasOwn(LOG_LEVELS, value);
}

type Environment = Readonly<Record<string, string | undefined>>;

const trimmed = (env: Environment, key: string): string => (env[key] ?? '').trim();

/**
 * The least severe level written. Lambda's own log level (advanced logging controls,
 * `AWS_LAMBDA_LOG_LEVEL`, where FATAL means CRITICAL) wins, as in Powertools, since Lambda drops
 * what is below it anyway; then `POWERTOOLS_LOG_LEVEL`, then `LOG_LEVEL` (both upper case, as
 * Powertools reads them); INFO otherwise.
 */
export function logLevelOf(env: Environment): LogLevelName {
  const controlled = lambdaLogLevelOf(env);
  if (controlled !== undefined) return controlled;
  const configured = trimmed(env, 'POWERTOOLS_LOG_LEVEL') || trimmed(env, 'LOG_LEVEL');
  return isLogLevelName(configured) ? configured : 'INFO';
}

/**
 * Lambda's own log level (`AWS_LAMBDA_LOG_LEVEL`, FATAL meaning CRITICAL), when set: then nothing
 * changes the level, not even the debug sample.
 */
export function lambdaLogLevelOf(env: Environment): LogLevelName | undefined {
  const lambdaLevel = trimmed(env, 'AWS_LAMBDA_LOG_LEVEL');
  const level = lambdaLevel === 'FATAL' ? 'CRITICAL' : lambdaLevel;
  return isLogLevelName(level) ? level : undefined;
}

/**
 * `POWERTOOLS_LOGGER_SAMPLE_RATE` (0 to 1), written on every line as `sampling_rate`; 0 when unset
 * or not a number in that range (Powertools would throw on the first log call for a non-number).
 */
export function sampleRateOf(env: Environment): number {
  // Unset reads as 0; not a number (NaN) or above 1 is 0, below 0 is 0 too.
  const rate = Number(trimmed(env, 'POWERTOOLS_LOGGER_SAMPLE_RATE'));
  return rate <= 1 ? Math.max(rate, 0) : 0;
}

/**
 * Whether this container logs at DEBUG for the sample: Powertools draws a whole percent
 * (`roll`, 0 to 99) once per logger and samples when it is at most the rate.
 */
export function isDebugSampled(rate: number, roll: number): boolean {
  return rate > 0 && roll / 100 <= rate;
}

const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'on']);

/** `POWERTOOLS_DEV`: pretty-printed lines and stack traces as arrays, as Powertools does. */
export function isDevMode(env: Environment): boolean {
  return TRUTHY.has(trimmed(env, 'POWERTOOLS_DEV').toLowerCase());
}

/**
 * The trace ID of `_X_AMZN_TRACE_ID` (`Root=1-...;Parent=...;Sampled=1`): its Root, or the whole
 * value when it has no fields.
 */
export function xrayTraceIdOf(traceHeader: string | undefined): string | undefined {
  const value = (traceHeader ?? '').trim();
  if (value === '') return undefined;
  if (!value.includes('=')) return value;
  for (const field of value.split(';')) {
    const [key, fieldValue] = field.split('=');
    if (key === 'Root') return fieldValue;
  }
  return undefined;
}

export interface LogRecordBase {
  readonly level: LogLevelName;
  readonly message: string;
  readonly timestamp: Date;
  readonly service: string;
  readonly samplingRate: number;
  readonly xrayTraceId: string | undefined;
}

/**
 * The line's fields in Powertools' order, the attributes after them (an attribute never replaces
 * a field with `undefined`), without the top-level fields that are undefined, null or empty.
 */
export function logRecord(
  base: LogRecordBase,
  attributes: Readonly<Record<string, unknown>>
): Record<string, unknown> {
  const merged: Record<string, unknown> = {
    level: base.level,
    message: base.message,
    timestamp: base.timestamp.toISOString(),
    service: base.service,
    sampling_rate: base.samplingRate,
    xray_trace_id: base.xrayTraceId,
  };
  for (const [key, value] of Object.entries(attributes)) {
    // An undefined attribute would be left out below anyway.
    if (value !== undefined) merged[key] = value;
  }
  return Object.fromEntries(
    Object.entries(merged).filter(
      ([, value]) => value !== undefined && value !== null && value !== ''
    )
  );
}

/**
 * An Error as Powertools writes it: name, location (file:line of the first stack frame), message,
 * stack (an array of lines in dev mode), cause, and any other own property.
 */
export function formatError(error: Error, devMode = false): Record<string, unknown> {
  const { name, message, stack, cause } = error;
  const formatted: Record<string, unknown> = {
    name,
    location: codeLocation(stack),
    message,
    stack: devMode && typeof stack === 'string' ? stack.split('\n') : stack,
    cause: cause instanceof Error ? formatError(cause, devMode) : cause,
  };
  for (const [key, value] of Object.entries(error)) {
    if (!['name', 'message', 'stack', 'cause'].includes(key)) formatted[key] = value;
  }
  return formatted;
}

const FRAME = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/;

function codeLocation(stack: string | undefined): string {
  for (const line of (stack ?? '').split('\n')) {
    const match = FRAME.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return '';
}

/**
 * JSON.stringify's replacer for a line: Errors formatted, bigints as text, and a circular
 * reference left out instead of throwing (a log call never fails the request).
 */
export function logReplacer(
  devMode = false
): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function replace(this: unknown, _key: string, value: unknown) {
    const replaced = value instanceof Error ? formatError(value, devMode) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}
