import { InvalidSettingError } from './invalid-setting-error';

/** The observability settings, read from CDK context with the other app settings. */
export interface ObservabilitySettings {
  /** An address subscribed to the alarm topic (`alarmEmail`). */
  readonly alarmEmail?: string;
}

// One @, no spaces, a dot in the domain: what SNS's email protocol accepts in practice.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function isAlarmEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function assertIsAlarmEmail(value: unknown): void {
  if (typeof value !== 'string' || !isAlarmEmail(value)) {
    throw new InvalidSettingError(
      'alarmEmail',
      value,
      'an email address to send the skill alarms to (e.g. "oncall@example.com")'
    );
  }
}

export function readObservabilitySettings(read: (key: string) => unknown): ObservabilitySettings {
  const value = read('alarmEmail');
  if (value === undefined || value === null || value === '') return {};
  const email = typeof value === 'string' ? value.trim() : value;
  assertIsAlarmEmail(email);
  return { alarmEmail: email as string };
}
