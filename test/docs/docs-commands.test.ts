/**
 * Every command line on the docs/ pages is run or checked, by its kind:
 * - `npx cdk deploy|synth` with `-c` settings: every key is a setting of this project, and a line
 *   without placeholders synthesizes in-process with cdk.json's context, without a setting error;
 * - `npm run <script> [-- options]`: the script exists and its `--help` names every option used;
 * - `aws <service> <operation>`: the operation exists in the AWS SDK's client for that service
 *   (the CLI and the SDK share the API model), and every JSON argument parses;
 * - `npm install <packages>` (names, no paths): the package's optional peers that one of the
 *   examples, each built and run by its test, installs, so the line is enough for that kind of skill;
 * - the lines the tests themselves run (the quick start, packing and installing an example, its
 *   synth), each tied to the test that runs it;
 * - every sh/bash block parses as shell (`bash -n`).
 * A line of another kind fails here, so a new command in the docs needs a check.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KNOWN_SETTING_KEYS } from '../../lib/app-settings/app-settings';
import { ROOT, docsPages, readPage, shellCommandLines } from '../support/doc-pages';
import { contextOf, settingErrorsOf } from '../support/deploy-lines';

const LINES = docsPages().flatMap((page) =>
  shellCommandLines(readPage(page)).map((line) => ({ page, line }))
);
/** `VAR=value` prefixes a line sets for one command (`CDK_DEFAULT_REGION=us-east-1 npx cdk ...`). */
function withoutEnvPrefix(line: string): string {
  const words = line.split(' ');
  while (/^[A-Z_]+=/.test(words[0] ?? '')) words.shift();
  return words.join(' ');
}
const CDK = /^npx cdk (?:deploy|synth)(?: |$)/;
const NPM_RUN = /^npm run ([\w:-]+)(.*)$/;
const AWS = /^aws ([a-z0-9-]+) ([a-z0-9-]+)(?: |$)/;
/** The package names of `npm install <names>` (no option, no path), else undefined. */
function packagesInstalledBy(command: string): string[] | undefined {
  const [npm, install, ...names] = command.split(' ');
  const isName = (word: string) => /^[a-z@][\w@/.-]*$/.test(word);
  return npm === 'npm' && install === 'install' && names.length > 0 && names.every(isName)
    ? names
    : undefined;
}
/** A value a reader replaces: `<region>`, `...`, `…`. */
const PLACEHOLDER = /<[^>]+>|\.\.\.|…/;

/** Lines a test runs as written, and where. */
const RUN_BY_TESTS: Record<string, string> = {
  'npm ci && npm run synth': 'test/infra/app-settings.test.ts',
  'npm test': 'package.json',
  'npx cdk bootstrap': 'test/docs/readme-commands.test.ts',
  'npm pack --pack-destination examples/custom-skill': 'test/support/packed-package.ts',
  'cd examples/custom-skill': 'test/examples/example-app.ts',
  'npm install --no-save ./alexa-account-linking-0.1.0.tgz': 'test/examples/example-app.ts',
  'npm install ../alexa-account-linking/alexa-account-linking-0.1.0.tgz':
    'test/package/consumer-app.test.ts',
  'npx cdk synth --quiet': 'test/examples/example-app.ts',
};
/** The memory-sampling loop of docs/contributing/testing.md: a script for a person, parsed below. */
const SAMPLING_SCRIPT = /^(?:npx jest & root=|while kill |kb=\$\(ps |END \{|\[ "\$kb"|done; echo)/;

/** The package the AWS SDK for JavaScript v3 ships each CLI service's client in, where installed. */
const SDK_CLIENTS: Record<string, string> = {
  dynamodb: '@aws-sdk/client-dynamodb',
  secretsmanager: '@aws-sdk/client-secrets-manager',
  cloudformation: '@aws-sdk/client-cloudformation',
  'cognito-idp': '@aws-sdk/client-cognito-identity-provider',
};

const kindOf = (line: string): string => {
  const command = withoutEnvPrefix(line);
  if (line in RUN_BY_TESTS) return 'run by a test';
  if (SAMPLING_SCRIPT.test(line)) return 'sampling script';
  if (CDK.test(command)) return 'cdk';
  if (NPM_RUN.test(command)) return 'npm run';
  if (AWS.test(command)) return 'aws';
  if (packagesInstalledBy(command)) return 'npm install packages';
  return 'unknown';
};

test('every command line on the docs pages is one this file knows how to check', () => {
  expect(LINES.length).toBeGreaterThan(20);
  expect(LINES.filter(({ line }) => kindOf(line) === 'unknown')).toEqual([]);
});

describe.each(LINES.filter(({ line }) => kindOf(line) === 'cdk'))('$page: $line', ({ line }) => {
  test('names settings of this project only', () => {
    const unknown = Object.keys(contextOf(line)).filter((k) => !KNOWN_SETTING_KEYS.includes(k));
    expect(unknown).toEqual([]);
  });

  const concrete = !Object.values(contextOf(line)).some((value) => PLACEHOLDER.test(value));
  (concrete ? test : test.skip)(
    "synthesizes with cdk.json's context, without a setting error",
    () => {
      const region = /(?:^|\s)CDK_DEFAULT_REGION=(\S+)/.exec(line)?.[1];
      expect(settingErrorsOf(line, region)).toEqual([]);
    }
  );
});

const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** The package's optional peers, and each example's dependencies among them. */
const manifestOf = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
const OPTIONAL_PEERS = Object.keys(manifestOf('.').peerDependenciesMeta ?? {});
const EXAMPLES_PEERS = fs.readdirSync(path.join(ROOT, 'examples')).map((example) =>
  Object.keys(manifestOf(path.join('examples', example)).dependencies ?? {})
    .filter((name) => OPTIONAL_PEERS.includes(name))
    .sort()
);

describe.each(LINES.filter(({ line }) => kindOf(line) === 'npm install packages'))(
  '$page: $line',
  ({ line }) => {
    test('installs exactly the optional peers of one of the examples, whose tests build and run them', () => {
      const names = [...(packagesInstalledBy(line) ?? [])].sort();
      expect(EXAMPLES_PEERS).toContainEqual(names);
    });
  }
);

describe.each(LINES.filter(({ line }) => kindOf(line) === 'npm run'))(
  '$page: $line',
  ({ line }) => {
    test('runs a script of package.json whose --help names each option used', () => {
      const [, name = '', rest = ''] = NPM_RUN.exec(withoutEnvPrefix(line)) ?? [];
      const args = rest.split(' -- ')[1] ?? '';
      const script = scripts[name];
      expect(script).toBeDefined();
      const options = [...args.matchAll(/(?:^|\s)(--[a-z][\w-]*)/g)].map((m) => m[1] as string);
      if (options.length === 0) return;
      const entry = /^tsx (\S+)/.exec(script as string)?.[1] as string;
      const help = spawnSync(
        process.execPath,
        [require.resolve('tsx/cli'), path.join(ROOT, entry), '--help'],
        { cwd: ROOT, encoding: 'utf8', timeout: 60_000 }
      );
      expect(help.status).toBe(0);
      for (const option of options) expect(help.stdout).toContain(option);
    }, 90_000);
  }
);

describe.each(LINES.filter(({ line }) => kindOf(line) === 'aws'))('$page: $line', ({ line }) => {
  test("is an operation of the service's API, with JSON arguments that parse", () => {
    const [, service = '', operation = ''] = AWS.exec(line) ?? [];
    const client = SDK_CLIENTS[service];
    expect(client).toBeDefined();
    const command = `${operation.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}Command`;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(client as string) as Record<string, unknown>;
    expect(typeof exports[command]).toBe('function');
    const jsonArguments = [...line.matchAll(/'(\{[^']*\})'/g)].map((m) => m[1] as string);
    for (const json of jsonArguments) {
      // Placeholders stand for a reader's values inside strings: the JSON around them must parse.
      expect(() => JSON.parse(json.replace(/…/g, 'x'))).not.toThrow();
    }
  });
});

test('each line a test runs is in the test that runs it', () => {
  for (const { line } of LINES.filter((l) => kindOf(l.line) === 'run by a test')) {
    const file = RUN_BY_TESTS[line] as string;
    expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
  }
  // The example flow: pack, install, synth, as the harness runs it.
  const harness = fs.readFileSync(path.join(ROOT, 'test/examples/example-app.ts'), 'utf8');
  expect(harness).toMatch(/cdk(?:\.js)?['"],?\s*\[?['"]?synth|'synth'/);
});

test('every sh and bash block on the docs pages parses as shell', () => {
  for (const page of docsPages()) {
    const blocks = [...readPage(page).matchAll(/^ *```(?:sh|bash)\n([^]*?)^ *```/gm)].map(
      (m) => m[1] as string
    );
    for (const block of blocks) {
      const check = spawnSync('bash', ['-n'], { input: block, encoding: 'utf8' });
      expect({ page, block, stderr: check.stderr, status: check.status }).toEqual({
        page,
        block,
        stderr: '',
        status: 0,
      });
    }
  }
});

test('the checks can fail: an unknown key, a bad value, a missing operation', () => {
  expect(Object.keys(contextOf('npx cdk deploy -c linkServer=oidc'))).toEqual(['linkServer']);
  expect(KNOWN_SETTING_KEYS).not.toContain('linkServer');
  expect(settingErrorsOf('npx cdk deploy -c skillType=toaster')).toEqual([
    expect.stringMatching(/skillType/),
  ]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dynamodb = require('@aws-sdk/client-dynamodb') as Record<string, unknown>;
  expect(dynamodb.UpdateItemCommand).toBeDefined();
  expect(dynamodb.UpdateItemsCommand).toBeUndefined();
});
