/**
 * A user's entry bundled in a project that installs only what its code uses: the packed package
 * (its dist/esm runtime, as a user's esbuild resolves it) and aws-jwt-verify, without ask-sdk-core,
 * ask-sdk-model or the AWS SDK clients. A smart home handler builds and runs; a handler using an
 * API that needs ask-sdk-core fails the synth, naming the package, the API and the install line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { LoginWithAmazonLinkingServer } from '../../lib/identity/login-with-amazon-linking-server';
import { cachedEntryBundleDir } from '../../lib/skill-functions/bundle-recipe';
import { DeviceTable } from '../../lib/skill-functions/device-table';
import { SkillFunction } from '../../lib/skill-functions/skill-function';
import { SmartHomeFunction } from '../../lib/skill-functions/smart-home-function';
import { loadBundledHandler } from '../support/bundle';
import { discover } from '../support/directives';
import { LWA_CLIENT_ID, SKILL_ID, VENDOR_ID, newStack, onlyResource } from '../support/infra';
import { ROOT, packedPackage } from '../support/packed-package';
import { Template } from 'aws-cdk-lib/assertions';
import '../support/stop-esbuild';

const OIDC_ENVIRONMENT = {
  LINKING_SERVER: 'oidc',
  OIDC_ISSUER: 'https://acme.eu.auth0.com/',
  OIDC_AUDIENCE: 'https://alexa.acme.example/api',
  OIDC_CLIENT_ID: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
  OIDC_JWKS_URL: 'https://acme.eu.auth0.com/.well-known/jwks.json',
};

// A smart home handler of the user's on the runtime API, with a device port of its own.
const SMART_HOME_ENTRY = `import { createDirectiveHandler, createLinkingVerifier, logger } from 'alexa-account-linking/runtime';

const refused = async () => ({ kind: 'error' as const, type: 'NO_SUCH_ENDPOINT' as const, message: 'no plugs here' });

export const handler = createDirectiveHandler({
  verifier: createLinkingVerifier(),
  devices: { discover: async () => [], handleDirective: refused, reportState: refused },
  logger,
});
`;

// A custom skill's linking step, which runs on ask-sdk-core, in a file that imports nothing else.
const LINKING_ENTRY = `import { accountLinking } from 'alexa-account-linking/runtime';

const linking = accountLinking({ skillName: 'Taxi' });
export const handler = async () => linking.skillId;
`;

let project: string;

beforeAll(() => {
  // GIVEN a user's project with the packed package and aws-jwt-verify, and no other peer
  const packed = packedPackage();
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'peerless-project-'));
  fs.writeFileSync(path.join(project, 'package.json'), '{"name":"peerless-skill","private":true}');
  const installed = path.join(project, 'node_modules', 'alexa-account-linking');
  fs.mkdirSync(installed, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', packed.file, '-C', installed, '--strip-components=1']);
  if (untar.status !== 0) throw new Error(`tar failed: ${String(untar.stderr)}`);
  fs.symlinkSync(
    path.join(ROOT, 'node_modules', 'aws-jwt-verify'),
    path.join(project, 'node_modules', 'aws-jwt-verify'),
    'dir'
  );
  fs.writeFileSync(path.join(project, 'smart-home.ts'), SMART_HOME_ENTRY);
  fs.writeFileSync(path.join(project, 'linking.ts'), LINKING_ENTRY);
}, 300_000);

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

test('the project lacks the peers the smart home handler does not use', () => {
  for (const peer of ['ask-sdk-core', 'ask-sdk-model', '@aws-sdk/client-dynamodb']) {
    expect(() => require.resolve(peer, { paths: [project] })).toThrow(
      /Cannot (find|resolve) module/
    );
  }
});

test('a smart home handler that uses none of them builds without them, and runs', async () => {
  // WHEN the app synthesizes the user's smart home function
  const stack = newStack();
  new SmartHomeFunction(stack, 'SmartHome', {
    skillId: SKILL_ID,
    linkingEnvironment: OIDC_ENVIRONMENT,
    deviceTable: new DeviceTable(stack, 'Devices'),
    entry: path.join(project, 'smart-home.ts'),
  });
  const variables = (
    onlyResource(Template.fromStack(stack), 'AWS::Lambda::Function').properties.Environment as {
      Variables: Record<string, unknown>;
    }
  ).Variables;

  // THEN the bundle requires none of the missing packages
  const bundleDir = cachedEntryBundleDir(path.join(project, 'smart-home.ts'), 'oidc');
  const bundle = fs.readFileSync(path.join(bundleDir, 'index.js'), 'utf8');
  expect(bundle).not.toMatch(/require\("(ask-sdk|@aws-sdk)/);
  // AND it answers a directive as Lambda runs it, with the function's environment
  const environment = Object.fromEntries(
    Object.entries(variables).filter((entry): entry is [string, string] => {
      return typeof entry[1] === 'string';
    })
  );
  const handler = loadBundledHandler({ bundleDir, handlerName: 'index.handler' }, environment);
  const directive = discover('not-a-token') as unknown as Parameters<typeof handler>[0];
  const answer = (await handler(directive, {})) as unknown as {
    event: { header: { name: string }; payload: { type: string } };
  };
  expect(answer.event.header.name).toBe('ErrorResponse');
  expect(answer.event.payload.type).toBe('INVALID_AUTHORIZATION_CREDENTIAL');
});

test('a handler using an API that needs a missing package fails the synth, naming it', () => {
  // GIVEN a custom skill function whose entry uses accountLinking, which runs on ask-sdk-core
  const stack: Stack = newStack();
  const linkingServer = new LoginWithAmazonLinkingServer(stack, 'LoginWithAmazon', {
    alexaVendorId: VENDOR_ID,
    clientId: LWA_CLIENT_ID,
  });

  // WHEN the app synthesizes it THEN it fails, naming the package, the API and the fix
  expect(
    () =>
      new SkillFunction(stack, 'Skill', {
        skillId: SKILL_ID,
        linkingServer,
        entry: path.join(project, 'linking.ts'),
      })
  ).toThrow(
    `The bundle of linking.ts requires ask-sdk-core (used by alexa-account-linking/runtime's accountLinking), which is not installed in ${project}: run \`npm install 'ask-sdk-core@^2.14.0'\` there.`
  );
});
