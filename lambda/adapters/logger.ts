import type { Logger } from '@aws-lambda-powertools/logger';

type PowertoolsLogger = typeof import('./lazy/powertools-logger');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadPowertools = () => require('./lazy/powertools-logger') as PowertoolsLogger;

/**
 * A Powertools logger loaded and built on its first use instead of at module load. Both cost a
 * cold start: evaluating the Powertools modules, and building a logger (it opens its own console
 * on stdout). Deferred, they happen with the first log line (in the first request), and
 * containers that never log never pay them (see lazy/powertools-logger.ts for how).
 */
export function lazyLogger(options: ConstructorParameters<typeof Logger>[0]): Logger {
  let instance: Logger | undefined;
  const real = (): Logger => {
    instance ??= new (loadPowertools().Logger)(options);
    return instance;
  };
  return new Proxy({} as Logger, {
    get(_target, property) {
      const logger = real();
      const value: unknown = Reflect.get(logger, property, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
    set(_target, property, value) {
      return Reflect.set(real(), property, value);
    },
  });
}

/** The one logger of the function. Never give it a token, a secret or a whole envelope. */
export const logger = lazyLogger({ serviceName: 'alexa-account-linking-skill' });
