/**
 * Every test runs offline: a connection to anything but loopback fails the test at once, so a
 * verifier that would fetch keys from the real Cognito (for example for an unknown `kid`) cannot
 * pass by luck or hang on a closed network.
 */
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const originalConnect = net.Socket.prototype.connect;

function targetHost(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const options = first as {
      host?: string | null;
      port?: number | string | null;
      path?: string | null;
    };
    // A local socket file has a path and no host or port (HTTP options carry the URL path too).
    if (
      typeof options.path === 'string' &&
      (options.host ?? undefined) === undefined &&
      (options.port ?? undefined) === undefined
    )
      return undefined;
    return options.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined; // a local socket file
  return typeof second === 'string' ? second : 'localhost';
}

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const host = targetHost(args);
  if (host !== undefined && !LOOPBACK.has(host)) {
    throw new Error(`Network access is forbidden in tests (tried to connect to ${host})`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

// Put the real connect back when the test file ends. Left in place, each file's guard would wrap
// the previous file's (net is shared by every file a jest process runs), and through its closure
// keep that file's whole module registry alive: memory that grew by every suite of the run.
afterAll(() => {
  net.Socket.prototype.connect = originalConnect;
});
