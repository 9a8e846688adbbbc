/**
 * A setting (a context key or a construct prop of the same name) holds a value that cannot work.
 *
 * The message names the setting, shows the value received and says what a valid one looks like,
 * so a failed `cdk synth` tells the user exactly what to change.
 */
export class InvalidSettingError extends Error {
  constructor(
    readonly setting: string,
    readonly received: unknown,
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
