/**
 * Every command line in the README is run or checked: the quick start is the two lines the
 * shipped-cdk.json synth and `npm test` itself run; each `npx cdk deploy` line's `-c` settings,
 * over cdk.json's context as the CLI merges them, synthesize in-process without a setting error;
 * `npx cdk bootstrap` is a command of the installed CDK CLI; each `npm run` names a script whose
 * `--help` test/scripts/command-lines.test.ts runs. A line of any other shape fails here, so a new
 * command in the README needs a check.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, readPage, shellCommandLines } from '../support/doc-pages';
import { contextOf, settingErrorsOf } from '../support/deploy-lines';

const LINES = shellCommandLines(readPage('README.md'));
const QUICK_START = ['npm ci && npm run synth', 'npm test'];
const DEPLOY = /^npx cdk deploy(?: |$)/;
const NPM_RUN = /^npm run [\w:-]+(?:$| -- )/;

test('every command line in the README is one this file knows how to check', () => {
  const unchecked = LINES.filter(
    (line) =>
      !QUICK_START.includes(line) &&
      line !== 'npx cdk bootstrap' &&
      !DEPLOY.test(line) &&
      !NPM_RUN.test(line)
  );
  expect(unchecked).toEqual([]);
});

test('the quick start is the two lines the shipped cdk.json synth and npm test run', () => {
  // test/infra/app-settings.test.ts ("the real cdk CLI with the shipped cdk.json") runs the
  // synth that `npm run synth` runs (package.json), and `npm test` is this very run.
  expect(LINES.filter((line) => QUICK_START.includes(line))).toEqual(QUICK_START);
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  expect(scripts.synth).toBe('cdk synth --quiet');
});

describe.each(LINES.filter((line) => DEPLOY.test(line)))('%s', (line) => {
  test("synthesizes with cdk.json's context, without a setting error", () => {
    expect(settingErrorsOf(line)).toEqual([]);
  });
});

test('a deploy line with a bad setting is caught (the check can fail)', () => {
  expect(settingErrorsOf('npx cdk deploy -c smapiCredentialsSecret=')).toEqual([
    expect.stringMatching(/smapiCredentialsSecret/),
  ]);
  expect(contextOf('npx cdk deploy -c a=1 --context b=x/y -c c=')).toEqual({
    a: '1',
    b: 'x/y',
    c: '',
  });
});

test('npx cdk bootstrap is a command of the installed CDK CLI', () => {
  expect(LINES).toContain('npx cdk bootstrap');
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'), 'bootstrap', '--help'],
    {
      cwd: ROOT,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    }
  );
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^cdk bootstrap /);
});
