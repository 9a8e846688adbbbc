/**
 * The doctor's checks of what breaks linking in practice, as pure verdicts on facts the caller
 * gathers: the token endpoint's answer (JSON, not a bot-protection page; a lifetime Alexa accepts),
 * the TLS certificates of the authorization and token hosts, the Alexa redirect URLs registered at
 * the server, and the recorder's last day of exchanges.
 */
import { MIN_EXPIRES_IN_SECONDS } from '../../lambda/token-recorder/exchange-record';
import type { ExchangeSummary } from '../linking-log/exchanges';
import type { CheckResult } from './checks';

/** Certificates closer than this to expiry are warned about. */
export const CERTIFICATE_WARNING_DAYS = 30;

const pass = (check: string, detail: string): CheckResult => ({ check, result: 'pass', detail });
const warn = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  result: 'warn',
  detail,
  fix,
});
const fail = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  result: 'fail',
  detail,
  fix,
});

/** The token endpoint's answer to the doctor's bogus code: JSON, as Alexa parses it, or a challenge page. */
export function tokenAnswerFormatCheck(answer: {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}): CheckResult {
  const check = 'token endpoint answers JSON';
  const type = answer.contentType.split(';')[0]?.trim() || 'no content type';
  const json = parsesAsJsonObject(answer.body);
  if (json && /[/+]json$/i.test(type)) return pass(check, `HTTP ${answer.status} ${type}`);
  if (/html/i.test(type) || /^\s*<(!doctype|html)/i.test(answer.body)) {
    return fail(
      check,
      `HTTP ${answer.status} ${type}: an HTML page, not a JSON token answer (a bot-protection or WAF challenge?)`,
      'Alexa calls the token endpoint server to server and cannot solve a challenge: exempt POST requests to the token path from bot protection (Cloudflare, Akamai, AWS WAF challenge rules).'
    );
  }
  if (json) {
    return warn(
      check,
      `HTTP ${answer.status} JSON sent as ${type}`,
      'Answer with Content-Type: application/json, as OAuth 2.0 (RFC 6749 section 5.1) requires.'
    );
  }
  return fail(
    check,
    `HTTP ${answer.status} ${type}, not JSON`,
    "The token endpoint must answer in JSON (RFC 6749 section 5.1): check that the AccessTokenUri is the server's token endpoint itself."
  );
}

function parsesAsJsonObject(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** Why a token answer's lifetime makes Alexa refuse it, or undefined when it is fine. */
export function shortLifetimeProblem(expiresIn: unknown): string | undefined {
  if (expiresIn === undefined) return 'the token answer lacks expires_in';
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
    return `its expires_in ${JSON.stringify(expiresIn)} is not a number`;
  }
  return seconds < MIN_EXPIRES_IN_SECONDS
    ? `its expires_in ${seconds} is under Alexa's ${MIN_EXPIRES_IN_SECONDS} s`
    : undefined;
}

/** What the doctor learned of one host's TLS certificate. */
export interface CertificateFacts {
  readonly host: string;
  /** Whether the chain verifies against Node.js's CA store. */
  readonly trusted: boolean;
  /** Node's reason when it does not (e.g. SELF_SIGNED_CERT_IN_CHAIN). */
  readonly trustError?: string;
  readonly validTo: Date;
  /** The issuing CA's organization or common name. */
  readonly issuer: string;
}

// Alexa's requirements page: "you can't use https://letsencrypt.org/, even though it's on the
// certificate list". Let's Encrypt issues as ISRG and as R/E-numbered intermediates.
const WARNED_ISSUERS = /let'?s encrypt|\bISRG\b/i;

export function certificateCheck(facts: CertificateFacts, now: Date): CheckResult {
  const check = `TLS certificate of ${facts.host}`;
  const days = Math.floor((facts.validTo.getTime() - now.getTime()) / 86_400_000);
  const until = `${facts.validTo.toISOString().slice(0, 10)} (${days} days)`;
  if (!facts.trusted) {
    return fail(
      check,
      `not trusted: ${facts.trustError ?? 'unknown reason'}, issued by ${facts.issuer}`,
      'Alexa only calls hosts with a certificate from a certificate authority Amazon trusts: serve the whole chain, from a public CA.'
    );
  }
  if (days < 0) {
    return fail(check, `expired on ${until}`, 'Renew the certificate: Alexa refuses the host.');
  }
  if (WARNED_ISSUERS.test(facts.issuer)) {
    return warn(
      check,
      `issued by ${facts.issuer}, valid until ${until}`,
      "Alexa's account-linking requirements say Let's Encrypt certificates cannot be used: use a certificate from another public CA (ACM's, for example)."
    );
  }
  if (days < CERTIFICATE_WARNING_DAYS) {
    return warn(
      check,
      `expires ${until}, issued by ${facts.issuer}`,
      'Renew it before it expires, or linking and every refresh fail for all users.'
    );
  }
  return pass(check, `valid until ${until}, issued by ${facts.issuer}`);
}

/**
 * The redirect URLs registered at the server against Alexa's three, exactly: a trailing slash, a
 * different vendor ID or a missing region each fails linking for some users.
 */
export function redirectUrlsCheck(
  registered: readonly string[] | undefined,
  expected: readonly string[],
  source: string
): CheckResult {
  const check = 'Alexa redirect URLs registered';
  if (registered === undefined) {
    return {
      check,
      result: 'skip',
      detail: 'the server cannot be asked for its redirect URLs',
      fix: 'Pass --redirect-urls with the allowed callback URLs as registered at the server (comma-separated) to compare them.',
    };
  }
  const problems = expected.flatMap((url) => {
    if (registered.includes(url)) return [];
    const { host, pathname } = new URL(url);
    const sameHost = registered.filter((r) => hostOf(r) === host);
    const slashed = sameHost.find((r) => r.replace(/\/+$/, '') === url);
    if (slashed) return [`${host} is registered with a trailing slash (${slashed})`];
    const prefix = pathname.replace(/[^/]+$/, '');
    const otherVendor = sameHost.find((r) => pathOf(r).startsWith(prefix));
    if (otherVendor) return [`${host} is registered for another vendor ID (${otherVendor})`];
    return [`${url} is missing`];
  });
  if (problems.length === 0) return pass(check, `all three match exactly (${source})`);
  return fail(
    check,
    `${problems.join('; ')} (${source})`,
    `Register exactly ${expected.join(', ')} as allowed callback URLs (the AlexaRedirectUrls output), nothing added, with your vendor ID.`
  );
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};
const pathOf = (url: string) => {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
};

/** The recorder's last day of exchanges, summarized. */
export function exchangeSummaryCheck(summary: ExchangeSummary, budgetMs: number): CheckResult {
  const check = 'token exchanges (last day)';
  if (summary.total === 0) {
    return {
      check,
      result: 'skip',
      detail: 'the recorder logged no exchange in the last day',
      fix: 'Link the skill in the Alexa app (or wait for a refresh), then run again.',
    };
  }
  const slowest = summary.slowest;
  const slow = slowest
    ? `slowest ${slowest.latencyMs ?? '?'} ms (${slowest.grantType ?? '?'}, ${slowest.outcome ?? '?'})`
    : '';
  if (summary.failures === 0 && (slowest?.latencyMs ?? 0) <= budgetMs) {
    return pass(check, `${summary.total} exchanges, none failed; ${slow}`);
  }
  const byOutcome = summary.failuresByOutcome.map(([outcome, n]) => `${outcome} ${n}`).join(', ');
  const detail = `${summary.failures} of ${summary.total} failed${byOutcome ? ` (${byOutcome})` : ''}; ${summary.unlinkingRefreshes} refresh(es) refused with invalid_grant; ${slow}`;
  return (slowest?.latencyMs ?? 0) > budgetMs || summary.unlinkingRefreshes > 0
    ? fail(
        check,
        detail,
        'Each invalid_grant refresh unlinked a user, and an exchange over 4.5 s failed a link: run npm run linking-log -- --since 1d to see when and why.'
      )
    : warn(check, detail, 'Run npm run linking-log -- --since 1d to see each failure.');
}
