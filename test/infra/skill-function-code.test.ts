/**
 * SkillFunction and SmartHomeFunction running your code: an entry file bundled by the recipe (the
 * real esbuild bundle, read back from the synthesized assembly and run), or a ready lambda.Code,
 * with everything but the code identical to the prebuilt default.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AlexaAccountLinking } from '../../lib/identity/alexa-account-linking';
import { LoginWithAmazonLinkingServer } from '../../lib/identity/login-with-amazon-linking-server';
import { SkillObservability } from '../../lib/observability/skill-observability';
import { DeviceTable } from '../../lib/skill-functions/device-table';
import { SkillFunction, type SkillFunctionProps } from '../../lib/skill-functions/skill-function';
import type { SkillFunctionCodeProps } from '../../lib/skill-functions/skill-function-code';
import { SmartHomeFunction } from '../../lib/skill-functions/smart-home-function';
import { launchRequest } from '../support/envelopes';
import { LWA_CLIENT_ID, SKILL_ID, VENDOR_ID, newStack, onlyResource } from '../support/infra';
import { sendJson, startHttpServer } from '../support/loopback';

const ENTRY = path.join(__dirname, 'fixtures', 'own-skill', 'index.ts');
const TAXI = 'Your taxi is on its way (account verified by ';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** An app that writes its assembly to a fresh directory, so the assets can be read back. */
function appWithOutdir(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'own-code-'));
  outdirs.push(outdir);
  return new App({ outdir });
}

function lwaServer(stack: Stack) {
  return new LoginWithAmazonLinkingServer(stack, 'LoginWithAmazon', {
    alexaVendorId: VENDOR_ID,
    clientId: LWA_CLIENT_ID,
  });
}

/** A custom skill's function and its alarms, as a user's app wires them. */
function customSkillStack(code: SkillFunctionCodeProps, app: App = appWithOutdir()) {
  const stack = new Stack(app, 'OwnSkill');
  const props: SkillFunctionProps = { skillId: SKILL_ID, linkingServer: lwaServer(stack), ...code };
  const skill = new SkillFunction(stack, 'Skill', props);
  new SkillObservability(stack, 'Observability', {
    functions: { Skill: skill.skillFunction },
    alarmTopic: new Topic(stack, 'Alarms'),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** A smart home skill's function on an OIDC server's environment, with its table and alarms. */
function smartHomeStack(code: SkillFunctionCodeProps, app: App = appWithOutdir()) {
  const stack = new Stack(app, 'OwnSmartHome');
  const smartHome = new SmartHomeFunction(stack, 'SmartHome', {
    skillId: SKILL_ID,
    linkingEnvironment: {
      LINKING_SERVER: 'oidc',
      OIDC_ISSUER: 'https://acme.eu.auth0.com/',
      OIDC_AUDIENCE: 'https://alexa.acme.example/api',
      OIDC_CLIENT_ID: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
      OIDC_JWKS_URL: 'https://acme.eu.auth0.com/.well-known/jwks.json',
    },
    deviceTable: new DeviceTable(stack, 'Devices'),
    ...code,
  });
  new SkillObservability(stack, 'Observability', {
    functions: { SmartHome: smartHome.smartHomeFunction },
    alarmTopic: new Topic(stack, 'Alarms'),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The directory of the function's code asset in the synthesized assembly. */
function assetDirOf(app: App, stack: Stack): string {
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const fn = onlyResource(Template.fromJSON(artifact.template as object), 'AWS::Lambda::Function');
  const s3Key = (fn.properties.Code as { S3Key: string }).S3Key;
  const manifest = JSON.parse(
    fs.readFileSync(path.join(assembly.directory, `${artifact.id}.assets.json`), 'utf8')
  ) as { files: Record<string, { source: { path: string } }> };
  const asset = manifest.files[s3Key.replace(/\.zip$/, '')];
  if (!asset) throw new Error(`no asset for ${s3Key}`);
  return path.join(assembly.directory, asset.source.path);
}

/** Runs the bundle's handler as Lambda would, with no environment of the test's. */
async function runBundle(
  assetDir: string,
  exportName = 'handler',
  event?: unknown
): Promise<unknown> {
  const savedServer = process.env.LINKING_SERVER;
  delete process.env.LINKING_SERVER;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require(path.join(assetDir, 'index.js')) as Record<
      string,
      (event?: unknown) => unknown
    >;
    return await bundle[exportName]?.(event);
  } finally {
    if (savedServer !== undefined) process.env.LINKING_SERVER = savedServer;
  }
}

/** A template with every function's code and handler blanked: what must not differ. */
function withoutCode(template: Template): object {
  const json = structuredClone(template.toJSON()) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  for (const resource of Object.values(json.Resources)) {
    if (resource.Type === 'AWS::Lambda::Function') {
      resource.Properties = { ...resource.Properties, Code: 'CODE', Handler: 'HANDLER' };
    }
  }
  return json;
}

describe('SkillFunction with your entry', () => {
  test("deploys the recipe's esbuild bundle of your file and its imports, the linking server folded in", async () => {
    // GIVEN a user's handler file that imports a module of its own
    const { app, stack, template } = customSkillStack({ entry: ENTRY });

    // WHEN the app synthesizes
    const assetDir = assetDirOf(app, stack);

    // THEN the function's code asset is one minified CommonJS bundle with its source map
    expect(fs.readdirSync(assetDir).sort()).toEqual(['index.js', 'index.js.map']);
    const bundle = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    expect(bundle).toContain(TAXI);
    expect(bundle.split('\n').length).toBeLessThan(5);
    const map = JSON.parse(fs.readFileSync(path.join(assetDir, 'index.js.map'), 'utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
    };
    expect(map.sources.map((source) => path.basename(source)).sort()).toEqual([
      'index.ts',
      'taxi.ts',
    ]);
    expect(map.sourcesContent).toBeUndefined();
    // AND it runs: Lambda calls index.handler, and the bundle knows its linking server
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler' });
    await expect(runBundle(assetDir)).resolves.toEqual({
      speech: `${TAXI}login-with-amazon)`,
    });
  });

  test('calls the export named by handler', () => {
    customSkillStack({ entry: ENTRY, handler: 'index.main' }).template.hasResourceProperties(
      'AWS::Lambda::Function',
      { Handler: 'index.main', Runtime: 'nodejs24.x' }
    );
  });

  test('takes a path relative to the directory cdk synth runs in', () => {
    const relative = path.relative(process.cwd(), ENTRY);
    expect(path.isAbsolute(relative)).toBe(false);
    const { app, stack } = customSkillStack({ entry: relative });
    expect(fs.readFileSync(path.join(assetDirOf(app, stack), 'index.js'), 'utf8')).toContain(TAXI);
  });

  test('has the role, log group, environment, permission and alarms of the default path', () => {
    // GIVEN the same app, once with the prebuilt skill and once with your entry
    const prebuilt = customSkillStack({}, new App());
    const own = customSkillStack({ entry: ENTRY }, new App());

    // THEN the templates differ in the function's code alone
    expect(withoutCode(own.template)).toEqual(withoutCode(prebuilt.template));
    expect(onlyResource(own.template, 'AWS::Lambda::Function').properties.Code).not.toEqual(
      onlyResource(prebuilt.template, 'AWS::Lambda::Function').properties.Code
    );
    // AND the alarms are there to be identical: they watch the function by name
    expect(
      Object.keys(own.template.findResources('AWS::CloudWatch::Alarm')).length
    ).toBeGreaterThan(2);
    own.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'alexa-appkit.amazon.com',
      EventSourceToken: SKILL_ID,
    });
  });

  test('rebuilds the bundle only when a file it was built from changes', () => {
    // GIVEN a project of the user's, outside this repository, and a first synth
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'own-project-'));
    outdirs.push(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{"name":"own-project","private":true}');
    fs.cpSync(path.dirname(ENTRY), path.join(project, 'src'), { recursive: true });
    const entry = path.join(project, 'src', 'index.ts');
    const first = assetDirOf(...appAndStack({ entry }));
    const cached = path.join(project, 'node_modules', '.cache', 'alexa-account-linking', 'entries');
    const [cacheName] = fs.readdirSync(cached).filter((name) => !name.endsWith('.json'));
    const cachedBundle = path.join(cached, cacheName ?? 'missing', 'index.js');
    const builtAt = fs.statSync(cachedBundle).mtimeMs;

    // WHEN nothing changes, the cached bundle is used as is
    const second = assetDirOf(...appAndStack({ entry }));
    expect(fs.statSync(cachedBundle).mtimeMs).toBe(builtAt);
    expect(path.basename(second)).toBe(path.basename(first));

    // WHEN an imported module changes, the bundle is rebuilt with it
    const taxi = path.join(project, 'src', 'taxi.ts');
    fs.writeFileSync(taxi, fs.readFileSync(taxi, 'utf8').replace('on its way', 'two minutes away'));
    const third = assetDirOf(...appAndStack({ entry }));
    expect(path.basename(third)).not.toBe(path.basename(first));
    expect(fs.readFileSync(path.join(third, 'index.js'), 'utf8')).toContain('two minutes away');
  });
});

describe("ask-sdk-model in your entry's bundle", () => {
  const API_CLIENT_ENTRY = path.join(__dirname, 'fixtures', 'api-client-skill', 'index.ts');
  const PLAIN_ENTRY = path.join(__dirname, 'fixtures', 'plain-skill', 'index.ts');
  // What only the real package holds: the Customer Profile API's path, in its UPS service client.
  const REAL_MODEL = '/v2/accounts/~current/settings/Profile.email';
  const STAND_IN = "ask-sdk-model is left out of this bundle (SkillFunction's askSdkModel)";

  const bundleOf = (code: SkillFunctionCodeProps) => {
    const dir = assetDirOf(...appAndStack(code));
    return { dir, text: fs.readFileSync(path.join(dir, 'index.js'), 'utf8') };
  };

  /** The Customer Profile API on loopback, answering the email as Alexa's does (a JSON string). */
  async function withProfileApi<T>(run: (apiEndpoint: string) => Promise<T>): Promise<T> {
    const api = await startHttpServer((req, res) => {
      const authorized = req.headers.authorization === 'Bearer not-a-real-api-token';
      if (req.url === REAL_MODEL && authorized) sendJson(res, 200, 'ada@example.com');
      else sendJson(res, 403, { message: 'Access denied' });
    });
    try {
      return await run(api.url);
    } finally {
      await api.close();
    }
  }
  const launchAt = (apiEndpoint: string) => {
    const envelope = launchRequest();
    envelope.context.System.apiEndpoint = apiEndpoint;
    return envelope;
  };
  const speechOf = (response: unknown) =>
    (response as { response: { outputSpeech?: { ssml: string } } }).response.outputSpeech?.ssml;

  test('keeps the real package for a skill with an API client, whose service client then works', async () => {
    // GIVEN a skill that builds a Customer Profile client (withApiClient), bundled with the default
    const { dir, text } = bundleOf({ entry: API_CLIENT_ENTRY });

    // THEN its bundle holds the real ask-sdk-model, and the client reaches the API
    expect(text).toContain(REAL_MODEL);
    expect(text).not.toContain(STAND_IN);
    await expect(
      withProfileApi((endpoint) => runBundle(dir, 'handler', launchAt(endpoint)).then(speechOf))
    ).resolves.toBe('<speak>Your receipts go to ada@example.com.</speak>');
  });

  test('leaves it out of a skill without an API client, which still answers', async () => {
    const { dir, text } = bundleOf({ entry: PLAIN_ENTRY });
    expect(text).toContain(STAND_IN);
    expect(text).not.toContain(REAL_MODEL);
    await expect(runBundle(dir, 'handler', launchRequest()).then(speechOf)).resolves.toBe(
      '<speak>Welcome to the taxi desk.</speak>'
    );
  });

  test("askSdkModel: 'bundled' keeps the real package in any skill", () => {
    const { text } = bundleOf({ entry: PLAIN_ENTRY, askSdkModel: 'bundled' });
    expect(text).toContain(REAL_MODEL);
    expect(text).not.toContain(STAND_IN);
  });

  test("askSdkModel: 'left-out' makes a service client fail loudly, naming the prop that keeps it", async () => {
    // GIVEN the skill with an API client, forced onto the stand-in
    const { dir } = bundleOf({ entry: API_CLIENT_ENTRY, askSdkModel: 'left-out' });

    // THEN its first request fails with the stand-in's message, naming the prop and its fix
    expect.assertions(1);
    await expect(
      withProfileApi((endpoint) => runBundle(dir, 'handler', launchAt(endpoint)))
    ).rejects.toThrow(
      "ask-sdk-model is left out of this bundle (SkillFunction's askSdkModel), so ask-sdk-core cannot build the Alexa service clients an API client (withApiClient) needs. Set askSdkModel: 'bundled' on the SkillFunction to keep it."
    );
  });
});

/** A custom skill stack with your code, and its app, ready for assetDirOf. */
function appAndStack(code: SkillFunctionCodeProps): [App, Stack] {
  const { app, stack } = customSkillStack(code);
  return [app, stack];
}

describe('SkillFunction with ready code', () => {
  test('deploys the lambda.Code it is given, as is, with its handler', () => {
    const { template } = customSkillStack({
      code: Code.fromInline('exports.main = async () => ({ speech: "inline" });'),
      handler: 'index.main',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Code: { ZipFile: 'exports.main = async () => ({ speech: "inline" });' },
      Handler: 'index.main',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({ SKILL_ID, LINKING_SERVER: 'login-with-amazon' }),
      },
    });
  });

  test('calls index.handler unless told otherwise', () => {
    customSkillStack({
      code: Code.fromInline('exports.handler = 1;'),
    }).template.hasResourceProperties('AWS::Lambda::Function', {
      Code: { ZipFile: 'exports.handler = 1;' },
      Handler: 'index.handler',
    });
  });
});

describe('SmartHomeFunction with your code', () => {
  test("deploys your entry's bundle, built for the environment's linking server", async () => {
    const { app, stack, template } = smartHomeStack({ entry: ENTRY });
    const assetDir = assetDirOf(app, stack);
    await expect(runBundle(assetDir)).resolves.toEqual({ speech: `${TAXI}oidc)` });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler' });
  });

  test('has the role, table access, environment, permissions and alarms of the default path', () => {
    const prebuilt = smartHomeStack({}, new App());
    const own = smartHomeStack({ code: Code.fromInline('exports.handler = 1;') }, new App());
    expect(withoutCode(own.template)).toEqual(withoutCode(prebuilt.template));
    own.template.hasResourceProperties('AWS::Lambda::Function', {
      Code: { ZipFile: 'exports.handler = 1;' },
    });
    own.template.resourceCountIs('AWS::Lambda::Permission', 2);
  });
});

describe('the choice of code', () => {
  test('fails when the entry file does not exist, naming the prop, the path and what it should be', () => {
    expect(() => customSkillStack({ entry: 'src/skil.ts' }, new App())).toThrow(
      new RegExp(
        `^Invalid entry: received "src/skil\\.ts"\\. Expected the path of your handler file \\(\\.ts, .*\\), absolute or relative to the directory cdk synth runs in; there is no file at ${escape(path.resolve('src/skil.ts'))}`
      )
    );
  });

  test('fails when the entry is a directory', () => {
    expect(() => customSkillStack({ entry: path.dirname(ENTRY) }, new App())).toThrow(
      /^Invalid entry: received ".*own-skill"\. Expected the path of your handler file/
    );
  });

  test('fails when entry and code are both given', () => {
    expect(() =>
      customSkillStack({ entry: ENTRY, code: Code.fromInline('exports.handler = 1;') }, new App())
    ).toThrow(/^Invalid entry: received ".*index\.ts"\. Expected entry or code, not both/);
  });

  test('fails when handler is given without entry or code', () => {
    expect(() => smartHomeStack({ handler: 'index.main' }, new App())).toThrow(
      /^Invalid handler: received "index\.main"\. Expected no handler without entry or code/
    );
  });

  test('fails before creating anything', () => {
    const stack = newStack();
    expect(
      () =>
        new SkillFunction(stack, 'Skill', {
          skillId: SKILL_ID,
          linkingServer: new AlexaAccountLinking(stack, 'Linking', {
            alexaVendorId: VENDOR_ID,
            domainPrefix: 'acme-alexa-sign-in',
          }),
          entry: 'missing.ts',
        })
    ).toThrow(/Invalid entry/);
    expect(stack.node.tryFindChild('Skill')?.node.children ?? []).toEqual([]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
