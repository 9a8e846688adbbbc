/**
 * Error text from Login with Amazon or the Skill Management API ends up in CloudFormation's
 * events (the Provider framework's Reason), the function's log and the runtime's error log.
 * Before it goes anywhere, every credential the handler holds is cut out of it, and its length is
 * capped so an API that echoes a large body cannot flood the events. Pure: no SDK, no I/O.
 */
import { redactTokens } from '../core/redact';

/** CloudFormation shows a few hundred characters of a reason; the rest is in the logs. */
export const MAX_REASON_LENGTH = 1000;

// Login with Amazon's access and refresh tokens: "Atza|..." and "Atzr|...".
const LWA_TOKEN = /Atz[ar]\|[A-Za-z0-9._~+/=|-]+/g;

/**
 * The text with each credential (as is, URL-encoded, form-encoded and JSON-escaped) replaced by
 * `[redacted]`, tokens of a known shape too, cut to `maxLength` characters.
 */
export function redactCredentials(
  text: string,
  credentials: readonly (string | undefined)[],
  maxLength = MAX_REASON_LENGTH
): string {
  let redacted = text;
  const forms = credentials
    .filter((c): c is string => typeof c === 'string' && c.length >= 4)
    .flatMap((c) => [
      c,
      encodeURIComponent(c),
      new URLSearchParams({ c }).toString().slice(2),
      JSON.stringify(c).slice(1, -1),
    ]);
  // Longest first, so a credential that contains another is cut whole.
  for (const form of [...new Set(forms)].sort((a, b) => b.length - a.length)) {
    redacted = redacted.split(form).join('[redacted]');
  }
  redacted = redactTokens(redacted.replace(LWA_TOKEN, '[redacted]'));
  return redacted.length <= maxLength
    ? redacted
    : `${redacted.slice(0, maxLength - 13)}… (truncated)`;
}
