import { InvalidSettingError } from './invalid-setting-error';

/**
 * The shortest password the user pool accepts. 8 stays the default so existing pools keep their
 * policy; NIST SP 800-63B-4 asks for 15 when the password is the only factor (mfa "off" or
 * "optional"). Cognito allows up to 99.
 * @see https://pages.nist.gov/800-63-4/sp800-63b.html#passwordver
 * @see https://docs.aws.amazon.com/cognito/latest/developerguide/managing-users-passwords.html
 */
export const PASSWORD_MIN_LENGTH = { default: 8, min: 8, max: 99 } as const;

/**
 * Reads the `passwordMinLength` setting: a whole number from 8 to 99, or undefined when unset
 * (the pool then keeps PASSWORD_MIN_LENGTH.default).
 */
export function passwordMinLengthSetting(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (
    typeof number !== 'number' ||
    !Number.isInteger(number) ||
    number < PASSWORD_MIN_LENGTH.min ||
    number > PASSWORD_MIN_LENGTH.max
  ) {
    throw new InvalidSettingError(
      'passwordMinLength',
      value,
      `a whole number from ${PASSWORD_MIN_LENGTH.min} to ${PASSWORD_MIN_LENGTH.max} (e.g. 15, which NIST SP 800-63B-4 asks for when the password is the only factor)`
    );
  }
  return number;
}
