/**
 * Makes the process's default HTTPS agent trust the tests' self-signed certificate, so code under
 * test (a bundle included) keeps its real TLS checks against loopback servers with https URLs.
 */
// The module object itself, not an import namespace copy, so reassigning globalAgent reaches every user.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import https = require('node:https');
import { testTlsMaterial } from './loopback';

let original: https.Agent | undefined;

export function trustTestCertificate(): void {
  original ??= https.globalAgent;
  (https as { globalAgent: https.Agent }).globalAgent = new https.Agent({
    keepAlive: false,
    ca: testTlsMaterial().cert,
  });
}

export function restoreTrust(): void {
  if (original) (https as { globalAgent: https.Agent }).globalAgent = original;
}

/**
 * Sends the global `fetch` calls for `origin` (e.g. https://api.amazon.com) to a loopback origin
 * instead, the way a hosts file would, recording each URL as the code under test wrote it.
 */
export function routeFetchOrigin(
  origin: string,
  loopbackOrigin: string
): { urls: string[]; restore(): void } {
  const realFetch = globalThis.fetch;
  const urls: string[] = [];
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    urls.push(url);
    return realFetch(
      url.startsWith(`${origin}/`) ? loopbackOrigin + url.slice(origin.length) : url,
      init
    );
  }) as typeof fetch;
  return {
    urls,
    restore: () => {
      globalThis.fetch = realFetch;
    },
  };
}
