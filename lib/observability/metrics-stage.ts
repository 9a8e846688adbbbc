import { InvalidSettingError } from '../app-settings/invalid-setting-error';

/** A CloudWatch dimension value we can also read back in an alarm: printable, no spaces, 1–255. */
const METRICS_STAGE = /^[\x21-\x7e]{1,255}$/;

export function isMetricsStage(value: string): boolean {
  return METRICS_STAGE.test(value);
}

/**
 * The `stage` prop of the skill function and observability constructs becomes the `Stage`
 * dimension of every skill metric: it must be a value CloudWatch keeps as given.
 */
export function assertIsMetricsStage(value: string): void {
  if (!isMetricsStage(value)) {
    throw new InvalidSettingError(
      'stage',
      value,
      '1 to 255 printable characters without spaces, the same in the skill function and its alarms (e.g. "dev" or "prod")'
    );
  }
}
