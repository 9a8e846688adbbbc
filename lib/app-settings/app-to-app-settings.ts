import { InvalidSettingError } from './invalid-setting-error';
import type { LinkingServerName } from './linking-server-settings';
import { listSetting } from './list-setting';
import { isOidcClientId } from './stage-client-settings';

/**
 * App-to-app linking started from your app (issue 21): an HTTPS endpoint your app's backend calls
 * to link, check and unlink the skill for the signed-in user. Off by default. Pure functions only.
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/app-to-app-account-linking-starting-from-your-app.html
 */
export interface AppToAppSettings {
  /**
   * The endpoint's settings, present when `appToAppLinking` is true.
   * @default - no app-to-app endpoint
   */
  readonly appToAppLinking?: {
    /** Name or ARN of the secret holding the skill's app-to-app client: {"clientId", "clientSecret"}. */
    readonly secret: string;
    /**
     * Your own clients whose tokens the endpoint accepts, beside Alexa's: user pool app client IDs
     * (Cognito), or client IDs of your OIDC server (or an API identifier, to accept its access tokens).
     */
    readonly clientIds: readonly string[];
  };
}

/** The context keys this module reads. */
export const APP_TO_APP_KEYS = [
  'appToAppLinking',
  'appToAppLinkingSecret',
  'appToAppLinkingClientIds',
] as const;

// A secret name (letters, digits and /_+=.@-) or a Secrets Manager secret ARN.
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}-[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
// Cognito app client IDs: 1 to 128 word characters (26 lower-case letters and digits in practice).
const CLIENT_ID = /^[\w+]{1,128}$/;

/** Reads the keys; `read(key)` returns the raw context value. Throws the first invalid key. */
export function readAppToAppSettings(
  read: (key: string) => unknown,
  linkingServer: LinkingServerName
): AppToAppSettings {
  const on = read('appToAppLinking');
  if (on === undefined || on === null || on === '' || on === false || on === 'false') return {};
  if (on !== true && on !== 'true') {
    throw new InvalidSettingError(
      'appToAppLinking',
      on,
      'true (deploy the app-to-app linking endpoint your app calls) or false (the default)'
    );
  }
  if (linkingServer === 'login-with-amazon') {
    throw new InvalidSettingError(
      'appToAppLinking',
      on,
      'false with linkingServer "login-with-amazon": its access tokens are opaque, so the JWT authorizer that checks your user cannot read them; use linkingServer "cognito" or "oidc"'
    );
  }
  const secret = read('appToAppLinkingSecret');
  if (typeof secret !== 'string' || !(SECRET_NAME.test(secret) || SECRET_ARN.test(secret))) {
    throw new InvalidSettingError(
      'appToAppLinkingSecret',
      secret,
      'the name or ARN of a Secrets Manager secret holding the skill\'s app-to-app client as {"clientId", "clientSecret"} (the console\'s Account Linking page, "Alexa Client ID" and secret), e.g. "alexa/app-to-app-client"'
    );
  }
  const clientIds = listSetting('appToAppLinkingClientIds', read('appToAppLinkingClientIds')) ?? [];
  for (const id of clientIds) {
    if (linkingServer === 'cognito' ? !CLIENT_ID.test(id) : !isOidcClientId(id)) {
      throw new InvalidSettingError(
        'appToAppLinkingClientIds',
        id,
        linkingServer === 'cognito'
          ? 'user pool app client IDs, comma-separated (e.g. "1example23456789abcdefghij")'
          : 'client IDs of your OIDC server (printable, no spaces), comma-separated (e.g. "Xq3vB8nLk2Rm5Tz9Wc4Yh7Pd1Fg6Js0A")'
      );
    }
  }
  return { appToAppLinking: { secret, clientIds } };
}

/**
 * The redirect URLs the endpoint accepts: `appRedirectUrls` must be set for every stage linked,
 * since Alexa sends your code back with one of them.
 */
export function assertAppRedirectUrlsFor(
  stages: readonly {
    readonly stage: string;
    readonly options: { readonly appRedirectUrls?: readonly string[] };
  }[]
): void {
  for (const { stage, options } of stages) {
    if (!options.appRedirectUrls || options.appRedirectUrls.length === 0) {
      throw new InvalidSettingError(
        'appRedirectUrls',
        undefined,
        `your app's https redirect URLs (Universal Links / App Links) for the ${stage} stage: appToAppLinking needs them, as the redirect URI of both codes (e.g. "https://app.example.com/alexa/linked")`
      );
    }
  }
}
