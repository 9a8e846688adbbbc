/** Starts test/e2e/authorization-server.mjs (oidc-provider) in its own process, as Cognito runs apart from the skill. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { testTlsMaterial } from './loopback';

export interface AuthorizationServerConfig {
  readonly issuer: string;
  readonly userPoolId: string;
  readonly client: Record<string, unknown>;
  readonly user: { sub: string; email: string; password: string; givenName: string };
  readonly signingKey: Record<string, unknown>;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}

export interface RunningAuthorizationServer {
  /** https://127.0.0.1:<port>: authorize, token, revoke, JWKS. */
  readonly httpsUrl: string;
  readonly httpsPort: number;
  /** http://127.0.0.1:<port>: the same routes, for the skill's userInfo call. */
  readonly httpUrl: string;
  stop(): Promise<void>;
}

export function startAuthorizationServer(
  config: AuthorizationServerConfig
): Promise<RunningAuthorizationServer> {
  return startServerScript('authorization-server.mjs', config);
}

/** The Auth0 stand-in (test/e2e/auth0-server.mjs): its issuer is `https://127.0.0.1:<httpsPort>/`. */
export interface Auth0StandInConfig {
  readonly client: Record<string, unknown>;
  /** Other applications of the same tenant (your mobile app's, another app's). */
  readonly extraClients?: readonly Record<string, unknown>[];
  readonly user: { sub: string; email: string; password: string; name: string; givenName: string };
  readonly signingKey: Record<string, unknown>;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
}

export function startAuth0StandIn(config: Auth0StandInConfig): Promise<RunningAuthorizationServer> {
  return startServerScript('auth0-server.mjs', config);
}

function startServerScript(name: string, config: object): Promise<RunningAuthorizationServer> {
  const script = path.join(__dirname, '..', 'e2e', name);
  const tls = testTlsMaterial();
  const child: ChildProcess = spawn(process.execPath, ['--no-warnings', script], {
    env: { ...process.env, AUTH_SERVER_CONFIG: JSON.stringify({ ...config, tls }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`authorization server did not start: ${stderr}`)),
      20_000
    );
    child.once('exit', (code) =>
      reject(new Error(`authorization server exited with ${code}: ${stderr}`))
    );
    child.stdout?.on('data', (chunk) => {
      const match = /READY (\d+) (\d+)/.exec(String(chunk));
      if (!match) return;
      clearTimeout(timer);
      const httpsPort = Number(match[1]);
      resolve({
        httpsUrl: `https://127.0.0.1:${httpsPort}`,
        httpsPort,
        httpUrl: `http://127.0.0.1:${match[2]}`,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
