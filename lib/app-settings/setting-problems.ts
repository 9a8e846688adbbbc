import { InvalidSettingError } from './invalid-setting-error';
import { InvalidSettingsError } from './invalid-settings-error';

/**
 * Collects the invalid settings of one reading, so that a failed synth lists every problem at once
 * rather than one per rerun. Each check runs through `attempt`; `throwIfAny` then throws them all.
 */
export class SettingProblems {
  private readonly errors: InvalidSettingError[] = [];

  /** Runs a check; a settings error is kept (every one of an InvalidSettingsError) and `fallback` returned. */
  attempt<T>(check: () => T, fallback: T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof InvalidSettingsError) this.errors.push(...error.errors);
      else if (error instanceof InvalidSettingError) this.errors.push(error);
      else throw error;
      return fallback;
    }
  }

  add(error: InvalidSettingError): void {
    this.errors.push(error);
  }

  /**
   * Throws the problems found: one as its InvalidSettingError, several as an InvalidSettingsError.
   * One line per setting: a value refused as empty is not reported again as missing.
   */
  throwIfAny(): void {
    const found = this.errors.filter(
      (error, i) => this.errors.findIndex((other) => other.setting === error.setting) === i
    );
    if (found.length > 1) throw new InvalidSettingsError(found);
    if (found[0]) throw found[0];
  }
}
