/**
 * Which of the endpoint discovery's answers may receive the user's Amazon access token. Pure.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html
 */

/**
 * The hosts the Skill Enablement API lives on (North America, Europe, Far East). Discovery's answer
 * is checked against them, so the Amazon access token is only ever sent to Amazon.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html
 */
export const ALEXA_API_HOSTS = [
  'api.amazonalexa.com',
  'api.eu.amazonalexa.com',
  'api.fe.amazonalexa.com',
  'api.fe.amazon.com',
] as const;

/**
 * The https origins of discovery's `endpoints`, kept only when the host is one of ALEXA_API_HOSTS.
 * Amazon's page says that when several come back it cannot tell which holds the user, and to
 * call the Skill Enablement API on each: the function tries them in turn. The page's example
 * shows bare host names; a full https URL is accepted too.
 */
export function alexaApiOrigins(endpoints: unknown): string[] {
  if (!Array.isArray(endpoints)) return [];
  const origins: string[] = [];
  for (const entry of endpoints) {
    if (typeof entry !== 'string') continue;
    let url: URL;
    try {
      url = new URL(entry.includes('://') ? entry : `https://${entry}`);
    } catch {
      continue;
    }
    if (
      url.protocol === 'https:' &&
      (ALEXA_API_HOSTS as readonly string[]).includes(url.hostname) &&
      url.port === '' &&
      !origins.includes(url.origin)
    ) {
      origins.push(url.origin);
    }
  }
  return origins;
}
