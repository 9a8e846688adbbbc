/**
 * The bundle Lambda runs, loaded from a synthesized cloud assembly and invoked like Lambda does,
 * with its unchanged verifier fetching the JWKS over (loopback) HTTPS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchRequest, intentRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../support/jwt';
import { restoreCognitoRouting, routeCognitoToLoopback } from '../support/cognito-on-loopback';
import {
  sendJson,
  startHttpServer,
  startHttpsServer,
  type LoopbackServer,
} from '../support/loopback';
import {
  loadBundledHandler,
  synthesizeSkill,
  type BundledHandler,
  type SynthesizedSkill,
} from '../support/bundle';

const key = generateTestKey('bundle-key');
let skill: SynthesizedSkill;
let jwksServer: LoopbackServer;
let userInfoServer: LoopbackServer;
let handler: BundledHandler;

beforeAll(async () => {
  skill = synthesizeSkill();
  jwksServer = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  userInfoServer = await startHttpServer((_req, res) =>
    sendJson(res, 200, { given_name: 'Grace', email: 'grace@example.com' })
  );
  routeCognitoToLoopback(jwksServer);
  handler = loadBundledHandler(skill, {
    SKILL_ID: skill.environment.SKILL_ID as string,
    USER_POOL_ID,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    SIGN_IN_DOMAIN_URL: userInfoServer.url,
    // Keeps the test output readable; the logging test covers what is logged.
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
}, 120_000);

afterAll(async () => {
  restoreCognitoRouting();
  await Promise.all([jwksServer?.close(), userInfoServer?.close()]);
  fs.rmSync(skill.assemblyDir, { recursive: true, force: true });
});

describe('the bundled skill function', () => {
  test('is one minified CommonJS file with its source map, and the stack points Lambda at it', () => {
    const files = fs.readdirSync(skill.bundleDir).sort();
    expect(files).toEqual(['index.js', 'index.js.map']);
    const code = fs.readFileSync(path.join(skill.bundleDir, 'index.js'), 'utf8');
    expect(code.split('\n').length).toBeLessThan(50);
    expect(code).toContain('sourceMappingURL=index.js.map');
    expect(code).not.toMatch(/require\("@aws-sdk\//);
    expect(skill.handlerName).toBe('index.handler');
    expect(skill.environment.SKILL_ID).toBe(SKILL_ID);
  });

  test('carries the stand-in for ask-sdk-model, none of its service clients', () => {
    const code = fs.readFileSync(path.join(skill.bundleDir, 'index.js'), 'utf8');
    expect(code).toContain('ask-sdk-model is left out of this bundle');
    // Paths of ask-sdk-model's service clients (list management, reminders), in every full bundle.
    expect(code).not.toContain('/v2/householdlists');
    expect(code).not.toContain('/v1/alerts/reminders');
    // ask-sdk-core and its runtime are in, so the answers below come from the real SDK.
    expect(code).toContain('CustomSkill ID verification failed!');
    expect(code).toContain('ask-node/');
  });

  test('carries no Powertools: its log lines and metrics are written in-house', () => {
    const map = JSON.parse(fs.readFileSync(path.join(skill.bundleDir, 'index.js.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources.filter((source) => source.includes('@aws-lambda-powertools'))).toEqual([]);
    // Nor its invoke store (no AWS SDK client in this bundle brings it either).
    expect(map.sources.filter((source) => source.includes('@aws/lambda-invoke-store'))).toEqual([]);
    // The writers that replace it are in.
    expect(map.sources.some((source) => source.endsWith('lambda/adapters/emf-metrics.ts'))).toBe(
      true
    );
    expect(map.sources.some((source) => source.endsWith('lambda/adapters/logger.ts'))).toBe(true);
  });

  test('greets a linked user, verifying the token against the fetched key set', async () => {
    const response = await handler(
      launchRequest({ accessToken: signRs256(key, accessTokenClaims()) }),
      {}
    );
    expect(response.response.outputSpeech).toEqual({
      type: 'SSML',
      ssml: '<speak>Welcome back, Grace! You can ask me which account is linked, or say stop.</speak>',
    });
    expect(response.response.shouldEndSession).toBe(false);
    expect(jwksServer.hits).toEqual(['/us-east-1_TestPool1/.well-known/jwks.json']);
  });

  test('answers which account is linked', async () => {
    const response = await handler(
      intentRequest('WhichAccountIntent', { accessToken: signRs256(key, accessTokenClaims()) }),
      {}
    );
    expect(response.response.outputSpeech).toEqual({
      type: 'SSML',
      ssml: '<speak>This skill is linked to the account grace@example.com.</speak>',
    });
  });

  test.each([
    ['no token', undefined],
    [
      'an expired token',
      signRs256(key, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) - 60 })),
    ],
    ['a token for another client', signRs256(key, accessTokenClaims({ client_id: 'another' }))],
  ])('sends the LinkAccount card for %s', async (_case, accessToken) => {
    const response = await handler(launchRequest({ accessToken }), {});
    expect(response.response.card).toEqual({ type: 'LinkAccount' });
    expect(response.response.shouldEndSession).toBe(true);
  });

  test('refuses a request for another skill', async () => {
    expect.assertions(1);
    await expect(
      handler(
        launchRequest({ applicationId: 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999' }),
        {}
      )
    ).rejects.toThrow(/CustomSkill ID verification failed/);
  });

  test('fails to start without its configuration, naming the variable', () => {
    expect(() =>
      loadBundledHandler(skill, {
        SKILL_ID: '',
        USER_POOL_ID: '',
        USER_POOL_CLIENT_ID: '',
        SIGN_IN_DOMAIN_URL: '',
      })
    ).toThrow(/Environment variable SKILL_ID is ""/);
  });
});
