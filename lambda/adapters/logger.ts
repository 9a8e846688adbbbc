/**
 * The functions' structured logger: one JSON line per call, in the shape Powertools Logger writes
 * (see core/log-record.ts), INFO and DEBUG on stdout, WARN and ERROR on stderr as its console does.
 * Written in-house so a skill's bundle carries a few hundred lines instead of Powertools' 34 KiB,
 * which Node.js parses at every cold start even when it is required late.
 *
 * The settings (level, sample rate, dev mode) are read from the environment on the first call,
 * as the Powertools logger this replaces was built on first use.
 */
import { randomInt } from 'node:crypto';
import {
  LOG_LEVELS,
  RESERVED_KEYS,
  isDebugSampled,
  isDevMode,
  lambdaLogLevelOf,
  logLevelOf,
  logRecord,
  logReplacer,
  sampleRateOf,
  xrayTraceIdOf,
  type LogLevelName,
} from '../core/log-record';

/** Attributes of a line, written at its top level. */
export type LogAttributes = Record<string, unknown>;

/**
 * What may follow the message: attributes (merged at the top level), an Error (as `error`, with
 * its name, location, message and stack) or a string (as `extra`).
 */
export type LogExtra = LogAttributes | Error | string | undefined | null;

/** The logger the runtime API uses and exports. Never give it a token, a secret or a whole envelope. */
export interface Logger {
  /** A DEBUG line (written when the level is DEBUG or TRACE), on stdout. */
  debug(message: string, ...extra: LogExtra[]): void;
  /** An INFO line, on stdout. */
  info(message: string, ...extra: LogExtra[]): void;
  /** A WARN line, on stderr. */
  warn(message: string, ...extra: LogExtra[]): void;
  /** An ERROR line, on stderr. */
  error(message: string, ...extra: LogExtra[]): void;
  /** Adds attributes to every following line, until removed. */
  appendKeys(attributes: LogAttributes): void;
  /** Removes attributes added with `appendKeys`. */
  removeKeys(keys: string[]): void;
}

export interface LoggerOptions {
  /** Written as `service` on every line. */
  readonly serviceName: string;
}

interface Settings {
  threshold: number;
  readonly samplingRate: number;
  readonly devMode: boolean;
}

/** A logger writing to this process's stdout and stderr. */
export function createLogger(options: LoggerOptions): Logger {
  let settings: Settings | undefined;
  const keys: LogAttributes = {};

  const resolved = (): Settings => {
    if (settings) return settings;
    const samplingRate = sampleRateOf(process.env);
    const level = logLevelOf(process.env);
    settings = {
      threshold: LOG_LEVELS[level],
      samplingRate,
      devMode: isDevMode(process.env),
    };
    if (isDebugSampled(samplingRate, randomInt(0, 100)) && LOG_LEVELS[level] > LOG_LEVELS.TRACE) {
      // Lambda's own level is never lowered (it would drop the lines anyway): said once, as
      // Powertools says it.
      const lambdaLevel = lambdaLogLevelOf(process.env);
      if (lambdaLevel === undefined) settings.threshold = LOG_LEVELS.DEBUG;
      else if (LOG_LEVELS[lambdaLevel] > LOG_LEVELS.DEBUG) {
        write(
          'WARN',
          `Current log level (DEBUG) does not match AWS Lambda Advanced Logging Controls minimum log level (${lambdaLevel}). This can lead to data loss, consider adjusting them.`,
          []
        );
      }
      write('DEBUG', 'Setting log level to DEBUG due to sampling rate', []);
    }
    return settings;
  };

  /** Copies `source` into `target`, dropping the reserved keys with a warning as Powertools does. */
  const mergeInto = (target: LogAttributes, source: LogAttributes) => {
    for (const [key, value] of Object.entries(source)) {
      if (RESERVED_KEYS.includes(key)) {
        write('WARN', `The key "${key}" is a reserved key and will be dropped.`, []);
      } else {
        target[key] = value;
      }
    }
  };

  function write(level: LogLevelName, message: string, extra: readonly LogExtra[]): void {
    const { threshold, samplingRate, devMode } = resolved();
    if (LOG_LEVELS[level] < threshold) return;
    const attributes: LogAttributes = {};
    for (const [key, value] of Object.entries(keys)) {
      if (value !== undefined) attributes[key] = value;
    }
    for (const item of extra) {
      if (item === undefined || item === null) continue;
      if (item instanceof Error) attributes.error = item;
      else if (typeof item === 'string') attributes.extra = item;
      else mergeInto(attributes, item);
    }
    const record = logRecord(
      {
        level,
        message,
        timestamp: new Date(),
        service: options.serviceName,
        samplingRate,
        xrayTraceId: xrayTraceIdOf(process.env._X_AMZN_TRACE_ID),
      },
      attributes
    );
    const stream = LOG_LEVELS[level] >= LOG_LEVELS.WARN ? process.stderr : process.stdout;
    stream.write(`${JSON.stringify(record, logReplacer(devMode), devMode ? 4 : 0)}\n`);
  }

  return {
    debug: (message, ...extra) => write('DEBUG', message, extra),
    info: (message, ...extra) => write('INFO', message, extra),
    warn: (message, ...extra) => write('WARN', message, extra),
    error: (message, ...extra) => write('ERROR', message, extra),
    appendKeys(attributes) {
      mergeInto(keys, attributes);
    },
    removeKeys(names) {
      for (const name of names) delete keys[name];
    },
  };
}

/** The one logger of the skill function. Never give it a token, a secret or a whole envelope. */
export const logger = createLogger({ serviceName: 'alexa-account-linking-skill' });
