/** Servers on loopback that stand in for Cognito's JWKS and userInfo endpoints. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ISSUER } from './jwt';

export const COGNITO_IDP_HOST = new URL(ISSUER).hostname;

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

let tls: TlsMaterial | undefined;

/** A self-signed certificate for the Cognito host and 127.0.0.1, made once per test file with openssl. */
export function testTlsMaterial(): TlsMaterial {
  if (tls) return tls;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-'));
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
      `/CN=${COGNITO_IDP_HOST}`,
      '-addext',
      `subjectAltName=DNS:${COGNITO_IDP_HOST},DNS:localhost,IP:127.0.0.1`,
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' }
  );
  tls = {
    key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return tls;
}

export interface LoopbackServer {
  readonly url: string;
  readonly port: number;
  /** Requests received, by path. */
  readonly hits: string[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function listen(
  server: http.Server | https.Server,
  scheme: string,
  handler: Handler
): Promise<LoopbackServer> {
  const hits: string[] = [];
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function startHttpsServer(handler: Handler): Promise<LoopbackServer> {
  const { key, cert } = testTlsMaterial();
  return listen(https.createServer({ key, cert }), 'https', handler);
}

export function startHttpServer(handler: Handler): Promise<LoopbackServer> {
  return listen(http.createServer(), 'http', handler);
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * Request options that send aws-jwt-verify's real HTTPS fetch of the Cognito JWKS URL to a
 * loopback server instead, trusting its test certificate.
 */
export function loopbackRequestOptions(server: LoopbackServer): Record<string, unknown> {
  return {
    hostname: '127.0.0.1',
    port: server.port,
    servername: COGNITO_IDP_HOST,
    ca: testTlsMaterial().cert,
  };
}
