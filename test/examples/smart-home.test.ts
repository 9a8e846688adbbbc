/**
 * examples/smart-home as a user runs it: the packed package installed offline into a copy of the
 * example, type-checked, synthesized with its own CDK CLI, and the smart home function's bundle
 * from that cloud assembly driven with the directives Alexa sends, carrying real RS256 tokens
 * verified by the real aws-jwt-verify against a JWKS on loopback. The Acme Plug cloud the
 * example's device port calls is an HTTPS server on loopback that answers for its real host name,
 * with a certificate made for it: the bundle keeps its URL from the template and its TLS check.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBundledHandler } from '../support/bundle';
import {
  restoreCognitoRouting,
  routeCognitoToLoopback,
  startHostsOnLoopback,
  type HostsOnLoopback,
} from '../support/cognito-on-loopback';
import {
  CORRELATION_TOKEN,
  acceptGrant,
  discover,
  endpointDirective,
  reportState,
  turnOff,
  turnOn,
  type DirectiveEnvelope,
} from '../support/directives';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  jwksOf,
  signRs256,
} from '../support/jwt';
import { ACME_CLOUD_HOST, createAcmePlugCloud, type AcmePlug } from '../support/acme-plug-cloud';
import { sendJson, startHttpsServer, type LoopbackServer } from '../support/loopback';
import { ROOT } from '../support/packed-package';
import { CODE_MARKERS } from '../support/server-bundle';
import { skillEventEnvelope } from '../support/skill-event-envelopes';
import {
  EXAMPLES_DIR,
  exampleFunction,
  exampleImports,
  synthesizeExample,
  type ExampleFunction,
  type SynthesizedExample,
} from './example-app';

/** What the directive handler answers: an Alexa event. */
interface AlexaEvent {
  event: {
    header: { namespace: string; name: string; correlationToken?: string };
    endpoint?: { endpointId: string };
    payload: Record<string, unknown> & { endpoints?: { endpointId: string }[] };
  };
  context?: { properties: Record<string, unknown>[] };
}
type DirectiveHandler = (event: DirectiveEnvelope) => Promise<AlexaEvent>;

const acme = createAcmePlugCloud();
const key = generateTestKey('acme-example-key');
const ADA = accessTokenClaims().sub as string;
const BOB = '0b0b0b0b-1c1c-4d2d-8e3e-4f4f4f4f4f4f';

let work: string;
let example: SynthesizedExample;
let smartHomeFn: ExampleFunction;
let jwksServer: LoopbackServer;
let cloud: HostsOnLoopback;
let realFetch: typeof fetch;
let handler: DirectiveHandler;
let environment: Record<string, string>;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'example-smart-home-'));
  example = synthesizeExample('smart-home', work);
  if (process.env.EXAMPLE_TIMINGS) console.log(JSON.stringify(example.timings));
  smartHomeFn = exampleFunction(example, 'Alexa skill (smart home):');

  jwksServer = await startHttpsServer((_req, res) => sendJson(res, 200, jwksOf(key)));
  routeCognitoToLoopback(jwksServer);
  cloud = await startHostsOnLoopback([ACME_CLOUD_HOST], acme.handle);
  // The bundle's fetch reaches the cloud's real host name on loopback, as a hosts file would.
  realFetch = globalThis.fetch;
  globalThis.fetch = cloud.fetch;

  const deployTimeValues: Record<string, string> = {
    USER_POOL_ID,
    USER_POOL_CLIENT_ID: CLIENT_ID,
    SIGN_IN_DOMAIN_URL: 'https://acme-plug-example.auth.us-east-1.amazoncognito.com',
    DEVICES_TABLE_NAME: 'AcmePlugSkill-Devices',
  };
  environment = Object.fromEntries(
    Object.entries(smartHomeFn.environment).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : (deployTimeValues[name] ?? `unresolved ${name}`),
    ])
  );
  environment.POWERTOOLS_LOG_LEVEL = 'ERROR';
  handler = loadBundledHandler(smartHomeFn, environment) as unknown as DirectiveHandler;
}, 300_000);

beforeEach(() => acme.reset(ADA, BOB));

afterAll(async () => {
  if (realFetch) globalThis.fetch = realFetch;
  restoreCognitoRouting();
  await Promise.all([jwksServer?.close(), cloud?.close()]);
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const tokenOf = (sub: string, overrides: Record<string, unknown> = {}) =>
  signRs256(key, accessTokenClaims({ sub, username: sub, ...overrides }));
const adaToken = () => tokenOf(ADA);
const errorOf = ({ event }: AlexaEvent) => ({
  name: event.header.name,
  type: event.payload.type,
});
const powerTurnedOn = (properties: Record<string, unknown>[] | undefined) =>
  properties?.map(({ namespace, name, value }) => ({ namespace, name, value }));

describe('examples/smart-home, installed from the tarball and synthesized', () => {
  test('imports the project by package name only: every relative import stays in the example', () => {
    const { sources, specifiers, escaping } = exampleImports('smart-home');
    expect(sources).toEqual(['bin/app.ts', 'lambda/acme-plug-port.ts', 'lambda/smart-home.ts']);
    expect(specifiers).toEqual(
      expect.arrayContaining(['alexa-account-linking', 'alexa-account-linking/runtime'])
    );
    expect(escaping).toEqual([]);
  });

  test("the example's README shows its handler file, verbatim", () => {
    const root = path.join(EXAMPLES_DIR, 'smart-home');
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const handlerFile = fs.readFileSync(path.join(root, 'lambda', 'smart-home.ts'), 'utf8');
    expect(readme).toContain('```ts\n' + handlerFile + '```');
  });

  test("deploys the example's own device port, with the Acme cloud's URL and only the Cognito adapter", () => {
    expect(fs.readdirSync(smartHomeFn.bundleDir).sort()).toEqual(['index.js', 'index.js.map']);
    const code = fs.readFileSync(path.join(smartHomeFn.bundleDir, 'index.js'), 'utf8');
    expect(code).toContain('Smart plug by Acme');
    expect(code).toContain(CODE_MARKERS.cognito);
    expect(code).not.toContain(CODE_MARKERS['login-with-amazon']);
    expect(code).not.toContain(CODE_MARKERS.oidc);
    expect(smartHomeFn.handlerName).toBe('index.handler');
    expect(environment).toMatchObject({
      ACME_CLOUD_URL: `https://${ACME_CLOUD_HOST}/v1`,
      LINKING_SERVER: 'cognito',
      SKILL_ID: expect.stringMatching(/^amzn1\.ask\.skill\./),
    });
  });

  test('the bundle carries none of the custom skill side of the runtime API: no ask-sdk', () => {
    // The runtime index names both sides; a smart home handler imports neither ask-sdk-core nor
    // ask-sdk-model, and each would add its whole CommonJS package (about 90 KiB) to the bundle.
    const code = fs.readFileSync(path.join(smartHomeFn.bundleDir, 'index.js'), 'utf8');
    expect(code).not.toMatch(
      /AskSdkUserAgent|ask-node-model\/|Unable to find a suitable request handler/
    );
    expect(code).not.toContain('Sorry, something went wrong on my side.');
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
      'SmartHomeEndpoint',
    ]);
    const types = Object.values(template?.Resources ?? {}).map((r) => r.Type);
    expect(types).not.toContain('Custom::DescribeCognitoUserPoolClient');
    expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(1);
  });

  test("Discover lists the user's plugs from the Acme cloud, asked for that user only", async () => {
    const { event } = await handler(discover(adaToken()));
    expect(event.header).toMatchObject({ namespace: 'Alexa.Discovery', name: 'Discover.Response' });
    expect(event.payload.endpoints).toEqual([
      expect.objectContaining({
        endpointId: 'plug-desk',
        friendlyName: 'Desk lamp',
        displayCategories: ['SMARTPLUG'],
        capabilities: expect.arrayContaining([
          expect.objectContaining({ interface: 'Alexa.PowerController' }),
          expect.objectContaining({ interface: 'Alexa' }),
        ]),
      }),
      expect.objectContaining({ endpointId: 'plug-porch', friendlyName: 'Porch light' }),
    ]);
    expect(acme.calls).toEqual([`GET /v1/users/${ADA}/devices`]);
    expect(jwksServer.hits).toContain('/us-east-1_TestPool1/.well-known/jwks.json');
  });

  test('TurnOn switches the plug in the Acme cloud and answers Response with its powerState', async () => {
    const answer = await handler(turnOn(adaToken(), 'plug-desk'));
    expect(answer.event.header).toMatchObject({
      namespace: 'Alexa',
      name: 'Response',
      correlationToken: CORRELATION_TOKEN,
    });
    expect(answer.event.endpoint).toEqual({ endpointId: 'plug-desk' });
    expect(powerTurnedOn(answer.context?.properties)).toEqual([
      { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
    ]);
    expect(acme.calls).toEqual([`POST /v1/users/${ADA}/devices/plug-desk/power`]);
    expect(acme.plugs[ADA]?.['plug-desk']?.power).toBe('on');
  });

  test('TurnOff and ReportState read back what the cloud holds', async () => {
    (acme.plugs[ADA] as Record<string, AcmePlug>)['plug-desk'] = {
      name: 'Desk lamp',
      power: 'on',
      online: true,
    };
    const off = await handler(turnOff(adaToken(), 'plug-desk'));
    const state = await handler(reportState(adaToken(), 'plug-desk'));
    expect(powerTurnedOn(off.context?.properties)).toEqual([
      { namespace: 'Alexa.PowerController', name: 'powerState', value: 'OFF' },
    ]);
    expect(state.event.header).toMatchObject({ namespace: 'Alexa', name: 'StateReport' });
    expect(powerTurnedOn(state.context?.properties)).toEqual([
      { namespace: 'Alexa.PowerController', name: 'powerState', value: 'OFF' },
    ]);
    expect(acme.calls).toEqual([
      `POST /v1/users/${ADA}/devices/plug-desk/power`,
      `GET /v1/users/${ADA}/devices/plug-desk/state`,
    ]);
  });

  test('an offline plug answers ENDPOINT_UNREACHABLE', async () => {
    expect(errorOf(await handler(turnOn(adaToken(), 'plug-porch')))).toEqual({
      name: 'ErrorResponse',
      type: 'ENDPOINT_UNREACHABLE',
    });
    expect(errorOf(await handler(reportState(adaToken(), 'plug-porch')))).toEqual({
      name: 'ErrorResponse',
      type: 'ENDPOINT_UNREACHABLE',
    });
  });

  test("another user's plug is NO_SUCH_ENDPOINT, and the cloud is never asked under its owner", async () => {
    expect(errorOf(await handler(turnOn(adaToken(), 'plug-garage')))).toEqual({
      name: 'ErrorResponse',
      type: 'NO_SUCH_ENDPOINT',
    });
    expect(errorOf(await handler(reportState(adaToken(), 'plug-garage')))).toEqual({
      name: 'ErrorResponse',
      type: 'NO_SUCH_ENDPOINT',
    });
    expect(acme.calls).toEqual([
      `POST /v1/users/${ADA}/devices/plug-garage/power`,
      `GET /v1/users/${ADA}/devices/plug-garage/state`,
    ]);
    expect(acme.plugs[BOB]?.['plug-garage']?.power).toBe('off');
    // Its owner still reaches it.
    await handler(turnOn(tokenOf(BOB), 'plug-garage'));
    expect(acme.plugs[BOB]?.['plug-garage']?.power).toBe('on');
  });

  test('a directive Acme plugs do not take is INVALID_DIRECTIVE, without a call to the cloud', async () => {
    const dim = endpointDirective(
      'Alexa.BrightnessController',
      'SetBrightness',
      adaToken(),
      'plug-desk',
      {
        brightness: 40,
      }
    );
    expect(errorOf(await handler(dim))).toEqual({
      name: 'ErrorResponse',
      type: 'INVALID_DIRECTIVE',
    });
    expect(acme.calls).toEqual([]);
  });

  test('an expired token is EXPIRED_AUTHORIZATION_CREDENTIAL, and the cloud is not called', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = tokenOf(ADA, { iat: now - 7200, exp: now - 3600 });
    expect(errorOf(await handler(turnOn(expired, 'plug-desk')))).toEqual({
      name: 'ErrorResponse',
      type: 'EXPIRED_AUTHORIZATION_CREDENTIAL',
    });
    expect(acme.calls).toEqual([]);
  });

  test('with the key set down, a valid user is never told INVALID_AUTHORIZATION_CREDENTIAL', async () => {
    // A new container whose first JWKS fetch finds the endpoint dropping every connection.
    const down = await startHttpsServer((req) => req.socket.destroy());
    routeCognitoToLoopback(down);
    try {
      const fresh = loadBundledHandler(smartHomeFn, environment) as unknown as DirectiveHandler;
      for (const directive of [discover(adaToken()), turnOn(adaToken(), 'plug-desk')]) {
        // INTERNAL_ERROR: Alexa retries later; a credential error would unlink the user.
        expect(errorOf(await fresh(directive))).toEqual({
          name: 'ErrorResponse',
          type: 'INTERNAL_ERROR',
        });
      }
      expect(down.hits.length).toBeGreaterThan(0);
      expect(acme.calls).toEqual([]);
    } finally {
      routeCognitoToLoopback(jwksServer);
      await down.close();
    }
  });

  test('a cloud answering garbage costs INTERNAL_ERROR, and the next directive is answered', async () => {
    acme.mode = 'garbage';
    expect(errorOf(await handler(turnOn(adaToken(), 'plug-desk')))).toEqual({
      name: 'ErrorResponse',
      type: 'INTERNAL_ERROR',
    });
    expect(errorOf(await handler(discover(adaToken())))).toEqual({
      name: 'ErrorResponse',
      type: 'INTERNAL_ERROR',
    });
    acme.mode = 'api';
    const state = await handler(reportState(adaToken(), 'plug-desk'));
    expect(state.event.header.name).toBe('StateReport');
  });

  test('a cloud that never answers costs INTERNAL_ERROR within the port timeout, well under Alexa 8 s', async () => {
    acme.mode = 'silent';
    const started = Date.now();
    expect(errorOf(await handler(turnOn(adaToken(), 'plug-desk')))).toEqual({
      name: 'ErrorResponse',
      type: 'INTERNAL_ERROR',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(acme.calls).toEqual([`POST /v1/users/${ADA}/devices/plug-desk/power`]);
  });

  test('AcceptGrant without events credentials is acknowledged, and the cloud is not called', async () => {
    const { event } = await handler(acceptGrant(adaToken()));
    expect(event.header).toMatchObject({
      namespace: 'Alexa.Authorization',
      name: 'AcceptGrant.Response',
    });
    expect(acme.calls).toEqual([]);
  });

  describe('tokens that are not good, on every kind of directive, without a call to the cloud', () => {
    // Alexa unlinks the user on INVALID_AUTHORIZATION_CREDENTIAL: only for a token that can never
    // be good. A directive without one is malformed (Alexa sends directives only for linked
    // users, with their token): INVALID_DIRECTIVE, and the link is kept.
    const forger = generateTestKey(key.kid);
    const stranger = generateTestKey('a-key-never-published');
    test.each([
      [
        'a token for another client',
        'INVALID_AUTHORIZATION_CREDENTIAL',
        () => tokenOf(ADA, { client_id: 'another-app-client' }),
      ],
      [
        "a token signed by a key that is not the server's (under the server's key ID)",
        'INVALID_AUTHORIZATION_CREDENTIAL',
        () => signRs256(forger, accessTokenClaims({ sub: ADA, username: ADA })),
      ],
      ['a directive whose scope has no token', 'INVALID_DIRECTIVE', () => undefined],
      ['a directive whose scope has an empty token', 'INVALID_DIRECTIVE', () => ''],
    ])('%s gets %s', async (_case, type, token) => {
      for (const directive of [
        discover(token()),
        turnOn(token(), 'plug-desk'),
        reportState(token(), 'plug-desk'),
      ]) {
        expect(errorOf(await handler(directive))).toEqual({ name: 'ErrorResponse', type });
      }
      expect(acme.calls).toEqual([]);
      expect(acme.plugs[ADA]?.['plug-desk']?.power).toBe('off');
    });

    test('a token signed by a key the key set does not hold is INTERNAL_ERROR (a rotation: try again)', async () => {
      const hitsBefore = jwksServer.hits.length;
      const unknownKey = signRs256(stranger, accessTokenClaims({ sub: ADA, username: ADA }));
      expect(errorOf(await handler(turnOn(unknownKey, 'plug-desk')))).toEqual({
        name: 'ErrorResponse',
        type: 'INTERNAL_ERROR',
      });
      // The key set was fetched again for the unknown key ID before answering.
      expect(jwksServer.hits.length).toBeGreaterThan(hitsBefore);
      expect(acme.calls).toEqual([]);
    });
  });

  describe('skill events: the function is the skill events endpoint too', () => {
    const ALEXA_ADA = 'amzn1.ask.account.AMZN-ADA';
    const ACKNOWLEDGED = { version: '1.0', response: {} };
    const send = (envelope: unknown) =>
      (handler as unknown as (event: unknown) => Promise<unknown>)(envelope);
    const event = (
      type: string,
      options: { accessToken?: string; body?: Record<string, unknown>; skillId?: string } = {}
    ) =>
      skillEventEnvelope(`AlexaSkillEvent.${type}`, {
        userId: ALEXA_ADA,
        skillId: environment.SKILL_ID,
        ...options,
      });
    const disabled = (persistence: string, accessToken?: string, skillId?: string) =>
      event('SkillDisabled', {
        accessToken,
        body: { userInformationPersistenceStatus: persistence },
        ...(skillId === undefined ? {} : { skillId }),
      });

    test("SkillDisabled (NOT_PERSISTED) is acknowledged, and the Acme cloud forgets that user's Alexa link only", async () => {
      expect(await send(disabled('NOT_PERSISTED', adaToken()))).toEqual(ACKNOWLEDGED);
      expect(acme.calls).toEqual([`DELETE /v1/users/${ADA}/alexa-link`]);
      expect([...acme.alexaLinks]).toEqual([BOB]);
      // Delivered again (Alexa retries): nothing left to forget, still acknowledged.
      expect(await send(disabled('NOT_PERSISTED', adaToken()))).toEqual(ACKNOWLEDGED);
      expect(acme.calls).toHaveLength(2);
      // The plugs were never touched: only the link is the skill's to forget.
      expect(Object.keys(acme.plugs[ADA] ?? {})).toEqual(['plug-desk', 'plug-porch']);
    });

    test('the other events are acknowledged without a call to the cloud', async () => {
      for (const envelope of [
        event('SkillEnabled'),
        event('SkillAccountLinked', { accessToken: adaToken(), body: { accessToken: adaToken() } }),
        disabled('PERSISTED', adaToken()),
      ]) {
        expect(await send(envelope)).toEqual(ACKNOWLEDGED);
      }
      expect(acme.calls).toEqual([]);
      expect(acme.alexaLinks.has(ADA)).toBe(true);
    });

    test('a skill event for another skill is refused, and the cloud forgets nobody', async () => {
      const otherSkill = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';
      expect(otherSkill).not.toBe(environment.SKILL_ID);
      await expect(send(disabled('NOT_PERSISTED', adaToken(), otherSkill))).rejects.toThrow(
        /context\.System\.application\.applicationId does not name this skill/
      );
      expect(acme.calls).toEqual([]);
      expect(acme.alexaLinks.has(ADA)).toBe(true);
    });

    test('a SkillDisabled whose token is expired, forged or absent names nobody: acknowledged, nothing forgotten', async () => {
      const now = Math.floor(Date.now() / 1000);
      const forged = signRs256(generateTestKey(key.kid), accessTokenClaims({ sub: ADA }));
      for (const token of [tokenOf(ADA, { iat: now - 7200, exp: now - 3600 }), forged, undefined]) {
        expect(await send(disabled('NOT_PERSISTED', token))).toEqual(ACKNOWLEDGED);
      }
      expect(acme.calls).toEqual([]);
      expect(acme.alexaLinks.has(ADA)).toBe(true);
    });

    test('a cloud that fails to forget fails the event, so that Alexa sends it again', async () => {
      acme.mode = 'garbage';
      await expect(send(disabled('NOT_PERSISTED', adaToken()))).rejects.toThrow(
        'The Acme cloud answered 200 to forgetting the Alexa link.'
      );
      acme.mode = 'api';
      expect(await send(disabled('NOT_PERSISTED', adaToken()))).toEqual(ACKNOWLEDGED);
      expect(acme.alexaLinks.has(ADA)).toBe(false);
    });

    test('a function that does not opt in carries none of the skill event code', () => {
      // The example's handler without withSkillEvents, built by the installed package's recipe
      // (what SmartHomeFunction's `entry` builds), against the example as deployed.
      const entry = path.join(example.appDir, 'lambda', 'directives-only.ts');
      fs.writeFileSync(
        entry,
        fs
          .readFileSync(path.join(example.appDir, 'lambda', 'smart-home.ts'), 'utf8')
          .replace(/export const handler = withSkillEvents\(directives, \{[^}]*\}\);/, '')
          .replace('const directives =', 'export const handler =')
          .replace('  withSkillEvents,\n', '')
      );
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const recipe = require(
        path.join(
          example.appDir,
          'node_modules/alexa-account-linking/dist/lib/skill-functions/bundle-recipe.js'
        )
      ) as { cachedEntryBundleDir(entry: string, server: 'cognito'): string };
      const leanDir = recipe.cachedEntryBundleDir(entry, 'cognito');
      const sourcesOf = (dir: string) =>
        (
          JSON.parse(fs.readFileSync(path.join(dir, 'index.js.map'), 'utf8')) as {
            sources: string[];
          }
        ).sources;
      const skillEventModules = (dir: string) =>
        sourcesOf(dir)
          .filter((source) =>
            /\/lambda\/(skill-events|runtime\/smart-home\/skill-events)/.test(source)
          )
          .map((source) => source.replace(/^.*\/dist\/esm\//, ''))
          .sort();
      expect(skillEventModules(smartHomeFn.bundleDir)).toEqual([
        'lambda/runtime/smart-home/skill-events.js',
        'lambda/skill-events/skill-event-request.js',
        'lambda/skill-events/skill-event.js',
      ]);
      expect(sourcesOf(leanDir).some((s) => s.endsWith('smart-home/handle-directive.js'))).toBe(
        true
      );
      expect(skillEventModules(leanDir)).toEqual([]);
      const bytes = (dir: string) => fs.statSync(path.join(dir, 'index.js')).size;
      if (process.env.EXAMPLE_TIMINGS) {
        console.log(
          JSON.stringify({ withSkillEvents: bytes(smartHomeFn.bundleDir), without: bytes(leanDir) })
        );
      }
      expect(bytes(leanDir)).toBeLessThan(bytes(smartHomeFn.bundleDir));
    });
  });
});

describe("the docs' smart home handler file (docs/your-own-skill.md)", () => {
  const SOURCES = path.join(__dirname, 'readme-smart-home');

  test("is the page's smart home handler file, verbatim", () => {
    const page = fs.readFileSync(path.join(ROOT, 'docs', 'your-own-skill.md'), 'utf8');
    const handlerFile = fs.readFileSync(path.join(SOURCES, 'handler.ts'), 'utf8');
    expect(page).toContain('```ts\n' + handlerFile + '```');
  });

  test('type-checks against the packed package, as installed in the example', () => {
    // The example's install holds the tarball and aws-jwt-verify: no second install. The page's
    // handler also uses the DynamoDB client, which its install line adds and the Acme Plug does
    // not need: it is linked in from this repository's install, as that line would add it.
    const dir = path.join(example.appDir, 'readme-smart-home');
    fs.cpSync(SOURCES, dir, { recursive: true });
    const dynamoDbClient = path.join(dir, 'node_modules', '@aws-sdk', 'client-dynamodb');
    fs.mkdirSync(path.dirname(dynamoDbClient), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', '@aws-sdk', 'client-dynamodb'), dynamoDbClient);
    const result = spawnSync(
      path.join(example.appDir, 'node_modules', '.bin', 'tsc'),
      ['--noEmit', '-p', dir],
      { cwd: dir, encoding: 'utf8' }
    );
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
