/**
 * A setting (a context key or a construct prop of the same name) holds a value that cannot work.
 *
 * The message names the setting, shows the value received and says what a valid one looks like,
 * so a failed `cdk synth` tells the user exactly what to change.
 */
export class InvalidSettingError extends Error {
  constructor(
    /** The setting's name: a context key or a construct prop. */
    readonly setting: string,
    /** The value given (undefined when the setting is missing). */
    readonly received: unknown,
    /** What a valid value looks like, with an example. */
    readonly expected: string
  ) {
    super(`Invalid ${setting}: received ${describe(received)}. Expected ${expected}.`);
    this.name = 'InvalidSettingError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the setting is missing)';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${JSON.stringify(value)} (${Array.isArray(value) ? 'a list' : typeof value})`;
}
