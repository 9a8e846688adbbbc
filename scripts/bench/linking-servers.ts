/**
 * Bench rows for the linking servers: the skill bundled for each server (esbuild define, as the
 * stack builds it) against the floor, and warm linked-request latency with each server's
 * verifier answering from its cache (Login with Amazon: the token-info answer; OIDC: the key set).
 */
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import * as fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { LinkingServer } from '../../lambda/core/skill-config';
import { routeCognitoToLoopback } from '../../test/support/cognito-on-loopback';
import { launchRequest } from '../../test/support/envelopes';
import { SKILL_ID } from '../../test/support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../../test/support/jwt';
import { sendJson, startHttpServer, startHttpsServer } from '../../test/support/loopback';
import { LWA_CLIENT_ID, startLwaStandIn } from '../../test/support/lwa-stand-in';
import { bundleSkillFor } from '../../test/support/server-bundle';
import {
  restoreTrust,
  routeFetchOrigin,
  trustTestCertificate,
} from '../../test/support/trust-test-ca';

type Handler = (event: RequestEnvelope, context: unknown) => Promise<ResponseEnvelope>;

/** What bench.ts lends this module, so the figures are measured and printed the same way. */
export interface BenchTools {
  readonly floorFile: string;
  readonly warmRequests: number;
  latencies(handler: Handler, makeEvent: () => RequestEnvelope, count: number): Promise<number[]>;
  percentile(sorted: number[], p: number): number;
  table(title: string, header: string[], rows: (string | number)[][]): void;
}

/** Loads a bundle as a fresh container would, with its own environment. */
export function loadWithEnv<Loaded = Handler>(file: string, env: Record<string, string>): Loaded {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file).handler as Loaded;
  } finally {
    process.env = saved;
  }
}

export async function benchLinkingServers(tools: BenchTools): Promise<void> {
  const servers: LinkingServer[] = ['cognito', 'login-with-amazon', 'oidc'];
  const bundles = new Map(servers.map((server) => [server, bundleSkillFor(server)]));
  const everything = bundleSkillFor(undefined);
  const floor = fs.readFileSync(tools.floorFile);
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const floorGzip = gzipSync(floor).length;

  tools.table(
    'Bundle per linking server (esbuild define LINKING_SERVER; the floor is ask-sdk-core + aws-jwt-verify)',
    ['bundle', 'size (KiB)', 'gzip (KiB)', 'size / floor', 'gzip / floor'],
    [
      ...[...bundles].map(([server, b]) => [
        server,
        kib(b.bytes),
        kib(b.gzipBytes),
        `${(b.bytes / floor.length).toFixed(2)}x`,
        `${(b.gzipBytes / floorGzip).toFixed(2)}x`,
      ]),
      [
        'all servers (no define)',
        kib(everything.bytes),
        kib(everything.gzipBytes),
        `${(everything.bytes / floor.length).toFixed(2)}x`,
        `${(everything.gzipBytes / floorGzip).toFixed(2)}x`,
      ],
      ['floor', kib(floor.length), kib(floorGzip), '1.00x', '1.00x'],
    ]
  );

  const key = generateTestKey('bench-servers-key');
  const now = Math.floor(Date.now() / 1000);
  const jwks = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  const userInfo = await startHttpServer((_req, res) =>
    sendJson(res, 200, { given_name: 'Ada', name: 'Ada Lovelace', email: 'ada@example.com' })
  );
  const lwa = await startLwaStandIn();
  const route = routeFetchOrigin('https://api.amazon.com', new URL(lwa.tokenInfoUrl).origin);
  const quiet = { SKILL_ID, POWERTOOLS_LOG_LEVEL: 'INFO' };
  const file = (server: LinkingServer) => `${bundles.get(server)?.bundleDir}/index.js`;
  try {
    const issuer = 'https://tenant.eu.auth0.example/';
    const audience = 'https://api.linked-greeter.example';
    // Each case loads its bundle when its turn comes: the Cognito host's routing and the test CA
    // for the OIDC key set each replace the default HTTPS agent.
    const cases: [string, () => Handler, string][] = [
      [
        'cognito (JWKS cached)',
        () => {
          routeCognitoToLoopback(jwks);
          return loadWithEnv(file('cognito'), {
            ...quiet,
            LINKING_SERVER: 'cognito',
            USER_POOL_ID,
            USER_POOL_CLIENT_ID: CLIENT_ID,
            SIGN_IN_DOMAIN_URL: userInfo.url,
          });
        },
        signRs256(key, accessTokenClaims({ exp: now + 7200 })),
      ],
      [
        'login-with-amazon (token-info cached)',
        () =>
          loadWithEnv(file('login-with-amazon'), {
            ...quiet,
            LINKING_SERVER: 'login-with-amazon',
            LWA_CLIENT_ID,
          }),
        lwa.issue(),
      ],
      [
        'oidc (JWKS cached)',
        () => {
          trustTestCertificate();
          return loadWithEnv(file('oidc'), {
            ...quiet,
            LINKING_SERVER: 'oidc',
            OIDC_ISSUER: issuer,
            OIDC_AUDIENCE: audience,
            OIDC_CLIENT_ID: 'bench-alexa-client',
            OIDC_JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
            OIDC_USERINFO_URL: `${userInfo.url}/userinfo`,
          });
        },
        signRs256(key, { iss: issuer, aud: audience, sub: 'auth0|1', iat: now, exp: now + 7200 }),
      ],
    ];
    const rows: (string | number)[][] = [];
    for (const [name, load, token] of cases) {
      const sorted = await tools.latencies(
        load(),
        () => launchRequest({ accessToken: token }),
        tools.warmRequests
      );
      rows.push([
        name,
        tools.percentile(sorted, 50).toFixed(3),
        tools.percentile(sorted, 99).toFixed(3),
      ]);
    }
    tools.table(
      `Warm linked request per linking server, in ms (${tools.warmRequests} sequential requests, INFO logging on)`,
      ['linking server', 'p50', 'p99'],
      rows
    );
    console.log(
      `\nLogin with Amazon calls during the run: token-info ${lwa.callsTo('/auth/o2/tokeninfo')}, profile ${lwa.callsTo('/user/profile')} (one each per token: cached)`
    );
  } finally {
    route.restore();
    restoreTrust();
    await Promise.all([jwks.close(), userInfo.close(), lwa.close()]);
    for (const b of [...bundles.values(), everything]) b.remove();
  }
}
