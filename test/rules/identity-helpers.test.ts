/** The vendor ID and domain prefix rules at every anchor and boundary, with their literal errors. */
import {
  ALEXA_REDIRECT_HOSTS,
  alexaRedirectUrls,
  assertIsAlexaVendorId,
  isAlexaVendorId,
} from '../../lib/identity/alexa-redirect-urls';
import { assertIsValidDomainPrefix, isValidDomainPrefix } from '../../lib/identity/domain-prefix';

describe('Alexa vendor ID', () => {
  test('the three regional hosts, in order', () => {
    expect(ALEXA_REDIRECT_HOSTS).toStrictEqual([
      'pitangui.amazon.com',
      'layla.amazon.com',
      'alexa.amazon.co.jp',
    ]);
  });

  test.each(['M2AAAA', '0'.repeat(32), 'Z9Z9Z9Z9'])('accepts %s', (vendorId) => {
    expect(isAlexaVendorId(vendorId)).toBe(true);
    expect(() => assertIsAlexaVendorId(vendorId)).not.toThrow();
    expect(alexaRedirectUrls(vendorId)).toStrictEqual([
      `https://pitangui.amazon.com/api/skill/link/${vendorId}`,
      `https://layla.amazon.com/api/skill/link/${vendorId}`,
      `https://alexa.amazon.co.jp/api/skill/link/${vendorId}`,
    ]);
  });

  test.each(['M2AAA', 'A'.repeat(33), 'xM2AAAAA', 'M2AAAAAx', ' M2AAAAA', 'M2AAAAA\n', 'M2-AAAAA'])(
    'refuses %j with the literal message',
    (vendorId) => {
      expect(isAlexaVendorId(vendorId)).toBe(false);
      expect(() => assertIsAlexaVendorId(vendorId)).toThrow(
        `Invalid alexaVendorId: received ${JSON.stringify(vendorId)}. Expected 6 to 32 upper-case letters and digits, as shown under Settings > Your Vendor ID in the Alexa developer console (e.g. "M2AAAAAAAAAAAA").`
      );
    }
  );
});

describe('Cognito domain prefix', () => {
  test.each(['a', 'a-b', 'z'.repeat(63), 'aw-s', 'amazo', 'cognit0'])('accepts %s', (prefix) => {
    expect(isValidDomainPrefix(prefix)).toBe(true);
    expect(() => assertIsValidDomainPrefix(prefix)).not.toThrow();
  });

  test.each([
    'aws',
    'awsome',
    'myaws',
    'amazon',
    'x-amazon-y',
    'cognito',
    'cognitoish',
    '-',
    '-a',
    'a-',
    ' a',
    'a ',
    'a\n',
    'z'.repeat(64),
  ])('refuses %j with the literal message', (prefix) => {
    expect(isValidDomainPrefix(prefix)).toBe(false);
    expect(() => assertIsValidDomainPrefix(prefix)).toThrow(
      `Invalid domainPrefix: received ${JSON.stringify(prefix)}. Expected 1 to 63 characters of a-z, 0-9 and -, not starting or ending with -, and not containing "aws", "amazon" or "cognito" (e.g. "acme-alexa-sign-in").`
    );
  });
});
