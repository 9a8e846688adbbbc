/**
 * Sends the process's HTTPS connections for Cognito's host to a loopback server, the way a hosts
 * file would: code under test (the bundled skill included) keeps its real URLs and real TLS checks.
 */
// The module object itself, not an import namespace copy, so reassigning globalAgent reaches every user.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import https = require('node:https');
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { Agent } from 'undici';
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

/**
 * An HTTPS server on loopback that answers for real host names (a Cognito sign-in domain,
 * api.amazon.com, ...), and a `fetch` that reaches it the way a hosts file would: the code under
 * test keeps its real URLs, the real fetch (redirect handling included) and a real TLS check
 * against a certificate made for those names.
 */
export interface HostsOnLoopback {
  readonly port: number;
  /** `host path` of every request received. */
  readonly hits: string[];
  /** The global fetch, with connections for the hosts sent to this server. */
  readonly fetch: typeof fetch;
  close(): Promise<void>;
}

export async function startHostsOnLoopback(
  hosts: readonly string[],
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void
): Promise<HostsOnLoopback> {
  const { key, cert } = tlsMaterialFor(hosts);
  // The fetch of now, so the returned one can stand in for the global fetch without calling itself.
  const baseFetch = globalThis.fetch;
  const hits: string[] = [];
  const server = https.createServer({ key, cert }, (req, res) => {
    hits.push(`${req.headers.host ?? ''} ${req.url ?? ''}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dispatcher = new Agent({
    connect: (options, callback) => {
      if (!hosts.includes(options.hostname)) {
        callback(new Error(`${options.hostname} is not served on loopback in this test`), null);
        return;
      }
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        servername: options.hostname,
        ca: cert,
      });
      socket.once('secureConnect', () => callback(null, socket));
      socket.once('error', (error) => callback(error, null));
    },
  });
  return {
    port,
    hits,
    fetch: ((input: string | URL | Request, init?: RequestInit) =>
      baseFetch(input, { ...init, dispatcher } as RequestInit)) as typeof fetch,
    close: async () => {
      await dispatcher.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

const materials = new Map<string, { key: string; cert: string }>();

function tlsMaterialFor(hosts: readonly string[]): { key: string; cert: string } {
  const id = hosts.join(',');
  const known = materials.get(id);
  if (known) return known;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-hosts-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${hosts[0] ?? 'localhost'}`,
        '-addext',
        `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' }
    );
    const material = {
      key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
    materials.set(id, material);
    return material;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
