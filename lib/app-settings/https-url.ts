/** True for an absolute https:// URL with a host, the only kind Alexa and Cognito accept as a callback. */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.length > 0 && value === value.trim();
  } catch {
    return false;
  }
}
