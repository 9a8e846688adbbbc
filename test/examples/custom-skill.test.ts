/**
 * examples/custom-skill as a user runs it: the packed package installed offline into a copy of
 * the example, type-checked, synthesized with its own CDK CLI, and the skill function's bundle
 * from that cloud assembly driven as Lambda runs it, with real RS256 tokens verified by the real
 * aws-jwt-verify against a JWKS and a userInfo endpoint on loopback.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { loadBundledHandler, type BundledHandler } from '../support/bundle';
import { restoreCognitoRouting, routeCognitoToLoopback } from '../support/cognito-on-loopback';
import { intentRequest, launchRequest, type EnvelopeOptions } from '../support/envelopes';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../support/jwt';
import {
  sendJson,
  startHttpServer,
  startHttpsServer,
  type LoopbackServer,
} from '../support/loopback';
import { CODE_MARKERS } from '../support/server-bundle';
import {
  exampleFunction,
  exampleImports,
  synthesizeExample,
  type ExampleFunction,
  type SynthesizedExample,
} from './example-app';

const key = generateTestKey('example-key');
const EMAIL = 'ada@example.com';
let work: string;
let example: SynthesizedExample;
let skillFn: ExampleFunction;
let jwksServer: LoopbackServer;
let userInfoServer: LoopbackServer;
let handler: BundledHandler;
/** The function's environment with the deploy-time values (pool, client, domain) filled in. */
let environment: Record<string, string>;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'example-custom-skill-'));
  example = synthesizeExample('custom-skill', work);
  if (process.env.EXAMPLE_TIMINGS) console.log(JSON.stringify(example.timings));
  skillFn = exampleFunction(example, 'Alexa skill:');

  jwksServer = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  // Answers as Cognito's /oauth2/userInfo does: 401 without a bearer token.
  userInfoServer = await startHttpServer((req, res) => {
    if (!/^Bearer eyJ/.test(req.headers.authorization ?? '')) {
      return sendJson(res, 401, { error: 'invalid_token' });
    }
    return sendJson(res, 200, { sub: 'ada', email: EMAIL, email_verified: 'true' });
  });
  routeCognitoToLoopback(jwksServer);
  const deployTimeValues: Record<string, string> = {
    USER_POOL_ID,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    SIGN_IN_DOMAIN_URL: userInfoServer.url,
  };
  environment = Object.fromEntries(
    Object.entries(skillFn.environment).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : (deployTimeValues[name] ?? `unresolved ${name}`),
    ])
  );
  environment.POWERTOOLS_LOG_LEVEL = 'ERROR';
  handler = loadBundledHandler(skillFn, environment);
}, 300_000);

afterAll(async () => {
  restoreCognitoRouting();
  await Promise.all([jwksServer?.close(), userInfoServer?.close()]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const skillId = () => environment.SKILL_ID as string;
const validToken = () => signRs256(key, accessTokenClaims());
const ask = (
  make: (options: EnvelopeOptions) => Parameters<BundledHandler>[0],
  options: EnvelopeOptions = {},
  invoke: BundledHandler = handler
) => invoke(make({ applicationId: skillId(), ...options }), {});
const answer = ({ response }: ResponseEnvelope) => ({
  ssml: (response.outputSpeech as { ssml?: string } | undefined)?.ssml,
  card: response.card,
  shouldEndSession: response.shouldEndSession,
});
const order = (options: EnvelopeOptions) => intentRequest('OrderIntent', options);
const help = (options: EnvelopeOptions) => intentRequest('AMAZON.HelpIntent', options);

const LINK_FIRST =
  "<speak>To use Order Desk, link your account first. I've sent a card to the Alexa app to get you started.</speak>";
const NOT_VERIFIED =
  "<speak>I couldn't verify your Order Desk account link. I've sent a card to the Alexa app: open it to link your account again.</speak>";
const HELP =
  '<speak>You can say: place an order. Ordering needs your account linked in the Alexa app.</speak>';

describe('examples/custom-skill, installed from the tarball and synthesized', () => {
  test('imports the project by package name only: every relative import stays in the example', () => {
    const { sources, specifiers, escaping } = exampleImports('custom-skill');
    expect(sources).toEqual(['bin/app.ts', 'lambda/skill.ts']);
    expect(specifiers).toEqual(
      expect.arrayContaining(['alexa-account-linking', 'alexa-account-linking/runtime'])
    );
    expect(escaping).toEqual([]);
  });

  test("deploys the example's own handler, bundled with only the Cognito adapter", () => {
    expect(fs.readdirSync(skillFn.bundleDir).sort()).toEqual(['index.js', 'index.js.map']);
    const code = fs.readFileSync(path.join(skillFn.bundleDir, 'index.js'), 'utf8');
    expect(code).toContain('Welcome to Order Desk.');
    expect(code).toContain(CODE_MARKERS.cognito);
    expect(code).not.toContain(CODE_MARKERS['login-with-amazon']);
    expect(code).not.toContain(CODE_MARKERS.oidc);
    expect(skillFn.handlerName).toBe('index.handler');
    expect(environment.SKILL_ID).toMatch(/^amzn1\.ask\.skill\./);
  });

  test('leaves ask-sdk-model out of the bundle: the skill has no API client (askSdkModel auto)', () => {
    const code = fs.readFileSync(path.join(skillFn.bundleDir, 'index.js'), 'utf8');
    expect(code).toContain(
      "ask-sdk-model is left out of this bundle (SkillFunction's askSdkModel)"
    );
    // A path only the real package's Customer Profile client holds.
    expect(code).not.toContain('/v2/accounts/~current/settings/Profile.email');
  });

  test('the stack outputs what the Alexa console asks for, and never reads the client secret', () => {
    const [template, ...others] = Object.values(example.templates);
    expect(others).toEqual([]);
    expect(Object.keys(template?.Outputs ?? {}).sort()).toEqual([
      'AccessTokenUri',
      'AuthorizationUri',
      'ClientId',
      'ClientSecretCommand',
      'DomainList',
      'Scopes',
    ]);
    // Reading userPoolClientSecret would add this custom resource and put the secret in reach.
    const types = Object.values(template?.Resources ?? {}).map((r) => r.Type);
    expect(types).not.toContain('Custom::DescribeCognitoUserPoolClient');
    expect(types.filter((t) => t === 'AWS::Cognito::UserPool')).toHaveLength(1);
  });

  test("OrderIntent answers a linked user with the email from the user's profile", async () => {
    const hitsBefore = userInfoServer.hits.length;
    expect(answer(await ask(order, { accessToken: validToken() }))).toEqual({
      ssml: `<speak>Your order is placed. The confirmation goes to ${EMAIL}.</speak>`,
      card: undefined,
      shouldEndSession: true,
    });
    expect(userInfoServer.hits.slice(hitsBefore)).toEqual(['/oauth2/userInfo']);
    expect(jwksServer.hits).toContain('/us-east-1_TestPool1/.well-known/jwks.json');
  });

  test('OrderIntent sends an unlinked user the LinkAccount card', async () => {
    expect(answer(await ask(order))).toEqual({
      ssml: LINK_FIRST,
      card: { type: 'LinkAccount' },
      shouldEndSession: true,
    });
  });

  test.each([
    ['a token for another client', () => signRs256(key, accessTokenClaims({ client_id: 'other' }))],
    [
      'a token signed by an unknown key',
      () => signRs256(generateTestKey('example-key'), accessTokenClaims()),
    ],
  ])('OrderIntent sends the LinkAccount card for %s', async (_case, token) => {
    expect(answer(await ask(order, { accessToken: token() }))).toEqual({
      ssml: NOT_VERIFIED,
      card: { type: 'LinkAccount' },
      shouldEndSession: true,
    });
  });

  test("OrderIntent says it can't check right now, with no card, when the key set is down", async () => {
    // A new container whose first JWKS fetch finds the endpoint dropping every connection.
    const down = await startHttpsServer((req) => req.socket.destroy());
    routeCognitoToLoopback(down);
    try {
      const fresh = loadBundledHandler(skillFn, environment);
      expect(answer(await ask(order, { accessToken: validToken() }, fresh))).toEqual({
        ssml: "<speak>Sorry, I can't check your Order Desk account right now. Please try again in a moment.</speak>",
        card: undefined,
        shouldEndSession: true,
      });
      // It tried the real JWKS path (a retry included), and never reached the working key set.
      expect(down.hits.length).toBeGreaterThan(0);
      expect(new Set(down.hits)).toEqual(new Set(['/us-east-1_TestPool1/.well-known/jwks.json']));
    } finally {
      routeCognitoToLoopback(jwksServer);
      await down.close();
    }
  });

  test.each([
    ['no token', () => undefined],
    ['an invalid token', () => signRs256(key, accessTokenClaims({ client_id: 'other' }))],
  ])('HelpIntent answers with %s, verifying nothing', async (_case, token) => {
    const jwksHits = jwksServer.hits.length;
    expect(answer(await ask(help, { accessToken: token() }))).toEqual({
      ssml: HELP,
      card: undefined,
      shouldEndSession: false,
    });
    expect(jwksServer.hits.length).toBe(jwksHits);
  });

  test('a LaunchRequest is welcomed, linked or not', async () => {
    expect(answer(await ask(launchRequest))).toEqual({
      ssml: '<speak>Welcome to Order Desk. You can say: place an order.</speak>',
      card: undefined,
      shouldEndSession: false,
    });
  });

  test('a request for another skill is refused before any handler runs', async () => {
    expect.assertions(2);
    const hitsBefore = userInfoServer.hits.length;
    await expect(
      ask(order, {
        applicationId: 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999',
        accessToken: validToken(),
      })
    ).rejects.toThrow(/CustomSkill ID verification failed/);
    expect(userInfoServer.hits.length).toBe(hitsBefore);
  });
});
