import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A Powertools logger built on its first use instead of at module load. Building one opens its
 * own console on stdout, which costs a cold start a few milliseconds before the function has
 * anything to log; deferred, that happens with the first log line (in the first request), and
 * containers that never log never pay it.
 */
export function lazyLogger(options: ConstructorParameters<typeof Logger>[0]): Logger {
  let instance: Logger | undefined;
  const real = (): Logger => (instance ??= new Logger(options));
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
