import { InvalidSettingError } from './invalid-setting-error';

/** The observability settings, read from CDK context with the other app settings. */
export interface ObservabilitySettings {
  /**
   * An address subscribed to the alarm topic (`alarmEmail`).
   * @default - none: alarms go to the topic only
   */
  readonly alarmEmail?: string;
}

// One @, no spaces, a dot in the domain: what SNS's email protocol accepts in practice.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** True for an address SNS's email protocol accepts: one @, no spaces, a dot in the domain. */
export function isAlarmEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** Throws an InvalidSettingError naming `alarmEmail` unless the value is such an address. */
export function assertIsAlarmEmail(value: unknown): void {
  if (typeof value !== 'string' || !isAlarmEmail(value)) {
    throw new InvalidSettingError(
      'alarmEmail',
      value,
      'an email address to send the skill alarms to (e.g. "oncall@example.com")'
    );
  }
}

/** Reads `alarmEmail`; `read(key)` returns the raw context value. */
export function readObservabilitySettings(read: (key: string) => unknown): ObservabilitySettings {
  const value = read('alarmEmail');
  if (value === undefined || value === null || value === '') return {};
  const email = typeof value === 'string' ? value.trim() : value;
  assertIsAlarmEmail(email);
  return { alarmEmail: email as string };
}
