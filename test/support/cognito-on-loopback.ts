/**
 * Sends the process's HTTPS connections for Cognito's host to a loopback server, the way a hosts
 * file would: code under test (the bundled skill included) keeps its real URLs and real TLS checks.
 */
// The module object itself, not an import namespace copy, so reassigning globalAgent reaches every user.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import https = require('node:https');
import type { Duplex } from 'node:stream';
import { COGNITO_IDP_HOST, testTlsMaterial, type LoopbackServer } from './loopback';

let original: https.Agent | undefined;

export function routeCognitoToLoopback(server: Pick<LoopbackServer, 'port'>): void {
  original ??= https.globalAgent;
  const ca = testTlsMaterial().cert;
  class LoopbackAgent extends https.Agent {
    override createConnection(
      options: Record<string, unknown>,
      callback?: (err: Error | null, socket: Duplex) => void
    ) {
      const aimed =
        options.host === COGNITO_IDP_HOST
          ? { ...options, host: '127.0.0.1', port: server.port, servername: COGNITO_IDP_HOST, ca }
          : options;
      return (super.createConnection as (o: unknown, cb?: unknown) => Duplex)(aimed, callback);
    }
  }
  (https as { globalAgent: https.Agent }).globalAgent = new LoopbackAgent({ keepAlive: false });
}

export function restoreCognitoRouting(): void {
  if (original) (https as { globalAgent: https.Agent }).globalAgent = original;
}
