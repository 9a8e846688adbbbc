import { InvalidSettingError } from '../app-settings/invalid-setting-error';

const PREFIX_CHARACTERS = /^[a-z0-9-]{1,63}$/;
// Cognito refuses these words in a prefix, but only at deploy time, after minutes of waiting.
const RESERVED_WORDS = ['aws', 'amazon', 'cognito'] as const;

/** True for a Cognito domain prefix Cognito accepts (lower-case letters, digits and hyphens, no reserved words). */
export function isValidDomainPrefix(prefix: string): boolean {
  return (
    PREFIX_CHARACTERS.test(prefix) &&
    !prefix.startsWith('-') &&
    !prefix.endsWith('-') &&
    !RESERVED_WORDS.some((word) => prefix.includes(word))
  );
}

/** Throws an InvalidSettingError naming domainPrefix unless the prefix is valid. */
export function assertIsValidDomainPrefix(prefix: string): void {
  if (!isValidDomainPrefix(prefix)) {
    throw new InvalidSettingError(
      'domainPrefix',
      prefix,
      '1 to 63 characters of a-z, 0-9 and -, not starting or ending with -, and not containing "aws", "amazon" or "cognito" (e.g. "acme-alexa-sign-in")'
    );
  }
}
