/**
 * The rules an Alexa app client and its user pool must follow, as pure functions over the
 * resolved CloudFormation properties (escape hatches and overrides included). No constructs here:
 * the AlexaLinkingRules aspect feeds them and reports what they find.
 */
import { ALEXA_REDIRECT_HOSTS } from '../identity/alexa-redirect-urls';

/** One finding of the linking rules: an error fails synthesis, a warning is reported. */
export interface RuleFinding {
  /** An error fails synthesis; a warning is reported. */
  readonly level: 'error' | 'warning';
  /** Stable ID, e.g. for acknowledging a warning. */
  readonly id: string;
  /** What is wrong and what to change. */
  readonly message: string;
}

/** Seconds in each unit of a UserPoolClient's TokenValidityUnits. */
export const SECONDS_PER_UNIT: Readonly<Record<string, number>> = {
  seconds: 1,
  minutes: 60,
  hours: 3600,
  days: 86400,
};
/** Alexa refuses access tokens that live less than 360 seconds. */
export const MIN_ACCESS_TOKEN_SECONDS = 360;
/** Below this, users who leave the skill alone for a while find it unlinked. */
export const MIN_REFRESH_TOKEN_SECONDS = 365 * 86400;
const ALEXA_LINK = /^https:\/\/([^/]+)\/api\/skill\/link\/([A-Z0-9]+)$/;

type Props = Readonly<Record<string, unknown>>;

// Absent (typeof undefined is not 'object'), a plain value or a list: not a token object.
const isResolved = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || Array.isArray(value);
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string')
    ? (value as string[])
    : undefined;

/** True when the client redirects to Alexa: one of its callback URLs is an Alexa account-linking URL. */
export function isAlexaClient(props: Props): boolean {
  return strings(props.CallbackURLs)?.some((url) => alexaLink(url) !== undefined) ?? false;
}

function alexaLink(url: string): { host: string; vendorId: string } | undefined {
  const match = ALEXA_LINK.exec(url);
  if (!match) return undefined;
  // A match has both groups.
  const host = match[1] as string;
  if (!(ALEXA_REDIRECT_HOSTS as readonly string[]).includes(host)) return undefined;
  return { host, vendorId: match[2] as string };
}

/** Token lifetime in seconds, with Cognito's defaults for a missing value or unit. */
function validitySeconds(
  props: Props,
  value: string,
  unitKey: string,
  defaultUnit: string,
  defaultValue: number
): number | undefined {
  const amount = props[value] ?? defaultValue;
  const units = props.TokenValidityUnits as Record<string, unknown> | undefined;
  const unit = units?.[unitKey] ?? defaultUnit;
  if (typeof amount !== 'number' || typeof unit !== 'string') return undefined; // unresolved token
  return amount * (SECONDS_PER_UNIT[unit] ?? NaN);
}

/** The findings for an Alexa app client's resolved CloudFormation properties. */
export function checkAlexaClient(props: Props): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const error = (id: string, message: string) => findings.push({ level: 'error', id, message });

  const flows = strings(props.AllowedOAuthFlows);
  if (
    isResolved(props.AllowedOAuthFlows) &&
    (flows?.length !== 1 || flows[0] !== 'code' || props.AllowedOAuthFlowsUserPoolClient !== true)
  ) {
    error(
      'CodeGrantOnly',
      `The Alexa client must allow the authorization code grant only (AllowedOAuthFlows ["code"]); it has ${JSON.stringify(props.AllowedOAuthFlows ?? [])}.`
    );
  }
  if (props.GenerateSecret !== true) {
    error(
      'ClientSecret',
      'The Alexa client must have a client secret (GenerateSecret true): Alexa authenticates to the token endpoint with HTTP Basic.'
    );
  }
  const scopes = strings(props.AllowedOAuthScopes);
  if (isResolved(props.AllowedOAuthScopes) && !scopes?.includes('openid')) {
    error(
      'OpenIdScope',
      `The Alexa client must allow the openid scope; it allows ${JSON.stringify(scopes ?? [])}.`
    );
  }

  const urls = strings(props.CallbackURLs) ?? [];
  const vendorIds = [
    ...new Set(urls.map(alexaLink).flatMap((link) => (link ? [link.vendorId] : []))),
  ];
  for (const vendorId of vendorIds) {
    const missing = ALEXA_REDIRECT_HOSTS.map(
      (host) => `https://${host}/api/skill/link/${vendorId}`
    ).filter((url) => !urls.includes(url));
    if (missing.length > 0) {
      error(
        'RegionalRedirectUrls',
        `The Alexa client is missing the regional redirect URL(s) ${missing.join(', ')}: users in those regions cannot link.`
      );
    }
  }

  const access = validitySeconds(props, 'AccessTokenValidity', 'AccessToken', 'hours', 1);
  if (access !== undefined && access < MIN_ACCESS_TOKEN_SECONDS) {
    error(
      'AccessTokenLifetime',
      `Access tokens live ${access} s: Alexa rejects access tokens that live less than ${MIN_ACCESS_TOKEN_SECONDS} s.`
    );
  }

  const rotation = props.RefreshTokenRotation as Record<string, unknown> | undefined;
  if (rotation?.Feature === 'ENABLED') {
    error(
      'NoRefreshTokenRotation',
      'Refresh token rotation is on: Alexa keeps the first refresh token it gets, so the link breaks at the first rotation.'
    );
  }

  const refresh = validitySeconds(props, 'RefreshTokenValidity', 'RefreshToken', 'days', 30);
  if (refresh !== undefined && refresh < MIN_REFRESH_TOKEN_SECONDS) {
    findings.push({
      level: 'warning',
      id: 'RefreshTokenLifetime',
      message: `Refresh tokens live ${Math.round(refresh / 86400)} days: Alexa unlinks a user as soon as a refresh fails, so anyone who leaves the skill alone that long must link again. Use at least 365 days.`,
    });
  }
  return findings;
}

/** `deletionPolicy` is the resource's CloudFormation DeletionPolicy, undefined meaning Delete. */
export function checkUserPool(deletionPolicy: string | undefined): RuleFinding[] {
  if (deletionPolicy === 'Retain' || deletionPolicy === 'RetainExceptOnCreate') return [];
  return [
    {
      level: 'warning',
      id: 'UserPoolNotRetained',
      message: `The user pool's DeletionPolicy is ${deletionPolicy ?? 'Delete'}: removing it from the stack deletes every account and unlinks every Alexa user. Retain it unless this is a throw-away stage.`,
    },
  ];
}
