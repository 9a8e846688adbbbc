/** True for an absolute https:// URL with a host, the only kind Alexa and Cognito accept as a callback. */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // The parser refuses an https: URL without a host ("https://", "https:///x" reads x as one).
    return url.protocol === 'https:' && value === value.trim();
  } catch {
    return false;
  }
}
