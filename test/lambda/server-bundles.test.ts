/**
 * The skill bundled for each linking server with the project's esbuild settings and the
 * LINKING_SERVER define: only the chosen adapter is in each bundle, and each bundle answers
 * envelopes the way Lambda would run it, against loopback stand-ins for its server.
 */
import { buildSync } from 'esbuild';
import * as path from 'node:path';
import type { ResponseEnvelope } from 'ask-sdk-model';
import type { LinkingServer } from '../../lambda/core/skill-config';
import { BUNDLE_SETTINGS } from '../../lib/skill-functions/bundle-recipe';
import { loadBundledHandler } from '../support/bundle';
import { restoreCognitoRouting, routeCognitoToLoopback } from '../support/cognito-on-loopback';
import { intentRequest, launchRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../support/jwt';
import { sendJson, startHttpServer, startHttpsServer } from '../support/loopback';
import { LWA_CLIENT_ID, OTHER_LWA_CLIENT_ID, startLwaStandIn } from '../support/lwa-stand-in';
import {
  CODE_MARKERS,
  SETTINGS_MARKERS,
  bundleSkillFor,
  type ServerBundle,
} from '../support/server-bundle';
import { restoreTrust, routeFetchOrigin, trustTestCertificate } from '../support/trust-test-ca';

const SERVERS: LinkingServer[] = ['cognito', 'login-with-amazon', 'oidc'];
const bundles = new Map<LinkingServer | 'all', ServerBundle>();
const bundleOf = (server: LinkingServer | 'all') => bundles.get(server) as ServerBundle;
const ssml = (r: ResponseEnvelope) => (r.response.outputSpeech as { ssml?: string }).ssml;
const QUIET = { POWERTOOLS_LOG_LEVEL: 'ERROR' };

beforeAll(() => {
  for (const server of SERVERS) bundles.set(server, bundleSkillFor(server));
  bundles.set('all', bundleSkillFor(undefined));
}, 120_000);
afterAll(() => {
  for (const bundle of bundles.values()) bundle.remove();
});

describe('what each bundle holds', () => {
  test.each([
    ['cognito', ['cognito', 'aws-jwt-verify'], ['login-with-amazon', 'oidc']],
    ['login-with-amazon', ['login-with-amazon'], ['cognito', 'oidc', 'aws-jwt-verify']],
    ['oidc', ['oidc', 'aws-jwt-verify'], ['cognito', 'login-with-amazon']],
  ] as const)('the %s bundle holds %j and not %j', (server, present, absent) => {
    const { code } = bundleOf(server);
    for (const part of present) expect(code).toContain(CODE_MARKERS[part]);
    for (const part of absent) expect(code).not.toContain(CODE_MARKERS[part]);
  });

  test.each(SERVERS)("the %s bundle checks only its own server's settings", (server) => {
    const { code } = bundleOf(server);
    for (const other of SERVERS) {
      if (other === server) expect(code).toContain(SETTINGS_MARKERS[other]);
      else expect(code).not.toContain(SETTINGS_MARKERS[other]);
    }
    for (const marker of Object.values(SETTINGS_MARKERS))
      expect(bundleOf('all').code).toContain(marker);
  });

  test.each(SERVERS)(
    "the %s bundle leaves out the lists of the recorder's and the change reporter's metric names",
    (server) => {
      // Either form a list could take in the bundle: read from METRIC_NAMES, or written out.
      const { code } = bundleOf(server);
      expect(code).not.toMatch(/\.tokenExchanges\b|"TokenExchanges","InvalidGrantRefreshes"/);
      expect(code).not.toMatch(
        /\.proactiveEventsSent\b|"ProactiveEventsSent","ProactiveEventsRefused"/
      );
    }
  );

  test('without a define every adapter is in, so each single-server bundle is smaller', () => {
    const all = bundleOf('all');
    for (const marker of Object.values(CODE_MARKERS)) expect(all.code).toContain(marker);
    for (const server of SERVERS) expect(bundleOf(server).bytes).toBeLessThan(all.bytes);
    // Login with Amazon needs no JWT library at all.
    expect(bundleOf('login-with-amazon').bytes).toBeLessThan(bundleOf('oidc').bytes);
    expect(bundleOf('login-with-amazon').bytes).toBeLessThan(bundleOf('cognito').bytes);
  });

  test('a bundle started for another server than it was built for says so, naming the variable', () => {
    expect(() =>
      loadBundledHandler(bundleOf('oidc'), {
        ...QUIET,
        SKILL_ID,
        LINKING_SERVER: 'login-with-amazon',
        LWA_CLIENT_ID,
      })
    ).toThrow(/LINKING_SERVER is "login-with-amazon", but this bundle was built for "oidc"/);
  });
});

describe("the verifier alone, bundled for each server (what a smart home handler's bundle takes)", () => {
  test.each(SERVERS)(
    'the %s build keeps its adapter as an ES module: nothing in it is wrapped for CommonJS',
    (server) => {
      const { outputFiles } = buildSync({
        stdin: {
          contents: "export { createLinkingVerifier } from './lambda/runtime/linking-verifier';",
          resolveDir: path.join(__dirname, '..', '..'),
          loader: 'ts',
        },
        write: false,
        bundle: true,
        platform: 'node',
        // As an ES module, so the one CommonJS view in it would be of a required module.
        format: 'esm',
        target: BUNDLE_SETTINGS.target,
        minify: BUNDLE_SETTINGS.minify,
        define: { 'process.env.LINKING_SERVER': JSON.stringify(server) },
        logLevel: 'error',
      });
      const code = outputFiles[0]?.text ?? '';
      expect(code).toContain(CODE_MARKERS[server]);
      // esbuild's CommonJS view of a required ES module (__toCommonJS) marks it so.
      expect(code).not.toContain('__esModule');
    }
  );
});

describe('the cognito bundle', () => {
  test('greets a linked user, fetching the key set over HTTPS', async () => {
    const key = generateTestKey('cognito-bundle-key');
    const jwks = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
    const userInfo = await startHttpServer((_req, res) =>
      sendJson(res, 200, { given_name: 'Grace', email: 'grace@example.com' })
    );
    routeCognitoToLoopback(jwks);
    try {
      const handler = loadBundledHandler(bundleOf('cognito'), {
        ...QUIET,
        SKILL_ID,
        LINKING_SERVER: 'cognito',
        USER_POOL_ID,
        USER_POOL_CLIENT_ID: CLIENT_ID,
        SIGN_IN_DOMAIN_URL: userInfo.url,
      });
      const response = await handler(
        launchRequest({ accessToken: signRs256(key, accessTokenClaims()) }),
        {}
      );
      expect(ssml(response)).toBe(
        '<speak>Welcome back, Grace! You can ask me which account is linked, or say stop.</speak>'
      );
    } finally {
      restoreCognitoRouting();
      await Promise.all([jwks.close(), userInfo.close()]);
    }
  });
});

describe('the login-with-amazon bundle', () => {
  test('verifies with token-info and greets from the profile, tokens in headers only', async () => {
    const lwa = await startLwaStandIn();
    const route = routeFetchOrigin('https://api.amazon.com', new URL(lwa.tokenInfoUrl).origin);
    try {
      const handler = loadBundledHandler(bundleOf('login-with-amazon'), {
        ...QUIET,
        SKILL_ID,
        LINKING_SERVER: 'login-with-amazon',
        LWA_CLIENT_ID,
      });
      const token = lwa.issue();
      expect(ssml(await handler(launchRequest({ accessToken: token }), {}))).toBe(
        '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>'
      );
      expect(
        ssml(await handler(intentRequest('WhichAccountIntent', { accessToken: token }), {}))
      ).toBe('<speak>This skill is linked to the account ada@example.com.</speak>');
      const foreign = await handler(
        launchRequest({ accessToken: lwa.issue({ aud: OTHER_LWA_CLIENT_ID }) }),
        {}
      );
      expect(foreign.response.card).toEqual({ type: 'LinkAccount' });

      // Amazon's real URLs, each called once for the warm token, none carrying a token.
      expect(route.urls).toEqual([
        'https://api.amazon.com/auth/o2/tokeninfo',
        'https://api.amazon.com/user/profile',
        'https://api.amazon.com/auth/o2/tokeninfo',
      ]);
    } finally {
      route.restore();
      await lwa.close();
    }
  });
});

describe('the oidc bundle', () => {
  test('verifies an Auth0-shaped JWT against the key set fetched over HTTPS and greets from userInfo', async () => {
    const key = generateTestKey('oidc-bundle-key');
    const issuer = 'https://tenant.eu.auth0.example/';
    const audience = 'https://api.linked-greeter.example';
    const jwks = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
    const userInfo = await startHttpServer((_req, res) =>
      sendJson(res, 200, { name: 'Grace Hopper', email: 'grace@example.com' })
    );
    trustTestCertificate();
    try {
      const handler = loadBundledHandler(bundleOf('oidc'), {
        ...QUIET,
        SKILL_ID,
        LINKING_SERVER: 'oidc',
        OIDC_ISSUER: issuer,
        OIDC_AUDIENCE: audience,
        OIDC_CLIENT_ID: 'alexa-app',
        OIDC_JWKS_URL: `${jwks.url}/.well-known/jwks.json`,
        OIDC_USERINFO_URL: `${userInfo.url}/userinfo`,
      });
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: issuer, sub: 'auth0|1', aud: audience, iat: now, exp: now + 600 };
      expect(ssml(await handler(launchRequest({ accessToken: signRs256(key, claims) }), {}))).toBe(
        '<speak>Welcome back, Grace! You can ask me which account is linked, or say stop.</speak>'
      );
      const wrongAudience = await handler(
        launchRequest({ accessToken: signRs256(key, { ...claims, aud: 'https://other.example' }) }),
        {}
      );
      expect(wrongAudience.response.card).toEqual({ type: 'LinkAccount' });
      expect(jwks.hits).toEqual(['/.well-known/jwks.json']);
    } finally {
      restoreTrust();
      await Promise.all([jwks.close(), userInfo.close()]);
    }
  });
});
