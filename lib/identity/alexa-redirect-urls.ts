import { InvalidSettingError } from '../app-settings/invalid-setting-error';

/**
 * The hosts Alexa redirects to after sign-in, one per Alexa region (North America, Europe/India,
 * Far East). A user is linked through the host of the region their device is registered in, so
 * the app client must allow all three or some users get "We were unable to link".
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/configure-authorization-code-grant.html
 */
export const ALEXA_REDIRECT_HOSTS = [
  'pitangui.amazon.com',
  'layla.amazon.com',
  'alexa.amazon.co.jp',
] as const;

// Vendor IDs are upper-case letters and digits (for example M2AAAAAAAAAAAA).
const VENDOR_ID = /^[A-Z0-9]{6,32}$/;

/** True for an Alexa developer vendor ID (the value after /api/skill/link/ in Alexa's redirect URLs). */
export function isAlexaVendorId(value: string): boolean {
  return VENDOR_ID.test(value);
}

/** Throws an InvalidSettingError naming alexaVendorId unless the value is a vendor ID. */
export function assertIsAlexaVendorId(value: string): void {
  if (!isAlexaVendorId(value)) {
    throw new InvalidSettingError(
      'alexaVendorId',
      value,
      '6 to 32 upper-case letters and digits, as shown under Settings > Your Vendor ID in the Alexa developer console (e.g. "M2AAAAAAAAAAAA")'
    );
  }
}

/** The three regional Alexa redirect URLs for a vendor ID, in ALEXA_REDIRECT_HOSTS order. */
export function alexaRedirectUrls(vendorId: string): string[] {
  assertIsAlexaVendorId(vendorId);
  return ALEXA_REDIRECT_HOSTS.map((host) => `https://${host}/api/skill/link/${vendorId}`);
}
