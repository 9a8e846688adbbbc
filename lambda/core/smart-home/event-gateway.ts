/**
 * Where and how proactive events go: the Alexa event gateway of the user's region, what each of
 * its answers means, when a grant's access token must be refreshed first, and how long to wait
 * between tries. Pure: no SDK, no clock, no network.
 * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/send-events-to-the-alexa-event-gateway.html
 */

/** The three Alexa regions a smart home skill is served from. */
export type AlexaRegion = 'NA' | 'EU' | 'FE';

export const EVENT_GATEWAY_URLS: Readonly<Record<AlexaRegion, string>> = {
  NA: 'https://api.amazonalexa.com/v3/events',
  EU: 'https://api.eu.amazonalexa.com/v3/events',
  FE: 'https://api.fe.amazonalexa.com/v3/events',
};

/** The AWS region Alexa calls the smart home function in, for each Alexa region. */
const AWS_REGION_OF_ALEXA_REGION: Readonly<Record<AlexaRegion, string>> = {
  NA: 'us-east-1',
  EU: 'eu-west-1',
  FE: 'us-west-2',
};

export function isAlexaRegion(value: unknown): value is AlexaRegion {
  return value === 'NA' || value === 'EU' || value === 'FE';
}

/**
 * The Alexa region whose users reach a smart home function in `awsRegion`: AcceptGrant arrives
 * there, so that is the region of the grant's user. Undefined for any other AWS region.
 */
export function alexaRegionOfAwsRegion(awsRegion: string | undefined): AlexaRegion | undefined {
  const match = (Object.keys(AWS_REGION_OF_ALEXA_REGION) as AlexaRegion[]).find(
    (region) => AWS_REGION_OF_ALEXA_REGION[region] === awsRegion
  );
  return match;
}

/**
 * The gateway for a stored grant: its recorded region; a grant stored before regions were
 * recorded belongs to the region of the home stack, where the only smart home function ran.
 */
export function gatewayUrlFor(grantRegion: unknown, homeAwsRegion: string | undefined): string {
  const region = isAlexaRegion(grantRegion)
    ? grantRegion
    : (alexaRegionOfAwsRegion(homeAwsRegion) ?? 'NA');
  return EVENT_GATEWAY_URLS[region];
}

/** A refresh is due this long before the access token expires, so it never expires in flight. */
export const REFRESH_MARGIN_MS = 60_000;

export function needsRefresh(accessTokenExpiresAt: Date, now: Date): boolean {
  const expiresAt = accessTokenExpiresAt.getTime();
  return !Number.isFinite(expiresAt) || expiresAt - now.getTime() <= REFRESH_MARGIN_MS;
}

/**
 * What to do after the gateway answered:
 * - `sent`: accepted (202);
 * - `refresh`: 401, the access token was refused: refresh it once and send once more;
 * - `stop`: 403 because the user disabled the skill or withdrew the permission: send nothing more
 *   for this grant until a new AcceptGrant;
 * - `retry`: 429 or 5xx: Alexa is busy, try again after a pause;
 * - `drop`: anything else (400: the event is malformed, a bug on our side): log and move on.
 */
export type GatewayVerdict = 'sent' | 'refresh' | 'stop' | 'retry' | 'drop';

/** The 403 codes that mean this user's events must stop. */
export const STOPPING_CODES: readonly string[] = [
  'SKILL_DISABLED_EXCEPTION',
  'INSUFFICIENT_PERMISSION_EXCEPTION',
];

export function gatewayVerdict(status: number, code: string | undefined): GatewayVerdict {
  if (status >= 200 && status < 300) return 'sent';
  if (status === 401) return 'refresh';
  if (status === 403 && code !== undefined && STOPPING_CODES.includes(code)) return 'stop';
  if (status === 429 || status >= 500) return 'retry';
  return 'drop';
}

// Gateway error codes are upper snake case; anything else is not echoed into a log.
const ERROR_CODE = /^[A-Z_]{1,64}$/;

/** The error code of a gateway answer's body (`payload.code`), when it has a safe one. */
export function gatewayErrorCode(body: unknown): string | undefined {
  const payload = (body as { payload?: { code?: unknown } } | null | undefined)?.payload;
  const code = payload?.code;
  return typeof code === 'string' && ERROR_CODE.test(code) ? code : undefined;
}

/** First pause before a retry; each next one doubles, up to MAX_RETRY_DELAY_MS. */
export const FIRST_RETRY_DELAY_MS = 200;
export const MAX_RETRY_DELAY_MS = 2_000;

/**
 * The pause before retry number `retry` (1 for the first), or undefined when the call after it
 * (`callBudgetMs` at most) would not finish within `remainingMs`: then the record is left for
 * Lambda to retry rather than the function timing out mid-call.
 */
export function retryDelay(
  retry: number,
  remainingMs: number,
  callBudgetMs: number
): number | undefined {
  const delay = Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** (retry - 1));
  return delay + callBudgetMs < remainingMs ? delay : undefined;
}
