import { InvalidSettingError } from './invalid-setting-error';

/** The token-exchange recorder's setting, read from CDK context with the other app settings. */
export interface RecorderSettings {
  /**
   * Put the token-exchange recorder in front of the linking server's token endpoint
   * (`recordTokenExchanges`); Login with Amazon's endpoint stays direct. @default false
   */
  readonly recordTokenExchanges: boolean;
}

/** The context keys this module reads. */
export const RECORDER_KEYS = ['recordTokenExchanges'] as const;

/**
 * Reads `recordTokenExchanges` (true or false, as a boolean or a string); `read(key)` returns the
 * raw context value.
 */
export function readRecorderSettings(read: (key: string) => unknown): RecorderSettings {
  const value = read('recordTokenExchanges');
  if (value === undefined || value === null || value === '') return { recordTokenExchanges: false };
  // -c key=value gives strings; cdk.json gives booleans.
  if (value === true || value === 'true') return { recordTokenExchanges: true };
  if (value === false || value === 'false') return { recordTokenExchanges: false };
  throw new InvalidSettingError(
    'recordTokenExchanges',
    value,
    'true (put the recorder in front of the token endpoint) or false (Alexa calls it directly)'
  );
}
