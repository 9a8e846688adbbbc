/**
 * What the token-exchange recorder function reads from its environment, shared by the function
 * (lambda/token-recorder/) and the construct that sets it (lib/recorder/). Plain data.
 */

/** The linking server's own token endpoint, where every request is passed on. */
export const UPSTREAM_TOKEN_URL_VARIABLE = 'UPSTREAM_TOKEN_URL';

/** The deadline in milliseconds, when not the default. */
export const DEADLINE_MS_VARIABLE = 'TOKEN_DEADLINE_MS';

/**
 * Alexa waits 4.5 s for the token endpoint; the recorder gives up at 4 s, leaving time for its own
 * answer to travel back, so Alexa gets a 504 it can retry rather than a timeout of its own.
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/requirements-account-linking.html
 */
export const DEFAULT_DEADLINE_MS = 4000;
