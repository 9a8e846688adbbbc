import { InvalidSettingError } from './invalid-setting-error';

/**
 * Several settings are invalid at once: each is an InvalidSettingError, and the message holds one
 * line per setting, so one failed synth lists everything to fix.
 */
export class InvalidSettingsError extends Error {
  constructor(readonly errors: readonly InvalidSettingError[]) {
    super(errors.map((error) => error.message).join('\n'));
    this.name = 'InvalidSettingsError';
  }
}

/** A context key that is no setting but is close to one: most likely a misspelling. */
export class UnknownSettingError extends InvalidSettingError {
  constructor(
    setting: string,
    received: unknown,
    readonly suggestion: string
  ) {
    super(setting, received, `the setting '${suggestion}'`);
    this.message = `Unknown setting '${setting}', did you mean '${suggestion}'? (received ${JSON.stringify(received)})`;
    this.name = 'UnknownSettingError';
  }
}

/** The one-line messages of a settings error (one per invalid setting), or undefined for any other error. */
export function settingErrorLines(error: unknown): string[] | undefined {
  if (error instanceof InvalidSettingsError) return error.errors.map((e) => e.message);
  if (error instanceof InvalidSettingError) return [error.message];
  return undefined;
}
