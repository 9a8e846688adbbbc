// Three base64url segments starting with a JSON header: a JWT, wherever it appears.
const JWT_ANYWHERE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[^\s"']+/gi;

/** Text from an unexpected error may quote its input: strip anything shaped like a token before logging. */
export function redactTokens(text: string): string {
  return text.replace(JWT_ANYWHERE, '[redacted token]').replace(BEARER, '$1[redacted]');
}
