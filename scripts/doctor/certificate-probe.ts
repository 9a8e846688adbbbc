/**
 * Reads a host's TLS certificate as Alexa would meet it: connects, lets Node.js verify the chain
 * against its CA store, and reports the verdict with the leaf's expiry and issuer. Thin glue.
 */
import * as tls from 'node:tls';
import type { CertificateFacts } from './linking-checks';

export interface ProbeOptions {
  /** @default 443 */
  readonly port?: number;
  /** Where to connect instead of the host (a test's loopback server); the host is still the SNI name. */
  readonly connectTo?: string;
  /** Extra CAs to trust (a test's). @default Node.js's store only */
  readonly ca?: string | Buffer;
  /** @default 10 s */
  readonly timeoutMs?: number;
}

export function probeCertificate(
  host: string,
  options: ProbeOptions = {}
): Promise<CertificateFacts> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: options.connectTo ?? host,
      port: options.port ?? 443,
      servername: host,
      // Verified below, so an untrusted chain is reported rather than thrown.
      rejectUnauthorized: false,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    socket.setTimeout(options.timeoutMs ?? 10_000, () =>
      socket.destroy(new Error(`no TLS handshake with ${host} in time`))
    );
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const leaf = socket.getPeerCertificate();
      const hostError = tls.checkServerIdentity(host, leaf);
      const trustError = socket.authorizationError
        ? String(socket.authorizationError)
        : hostError?.message;
      const issuer = leaf.issuer?.O ?? leaf.issuer?.CN ?? 'an unknown issuer';
      socket.end();
      resolve({
        host,
        trusted: socket.authorized && hostError === undefined,
        ...(trustError ? { trustError } : {}),
        validTo: new Date(leaf.valid_to),
        issuer: String(issuer),
      });
    });
  });
}
