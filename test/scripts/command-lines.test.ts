/**
 * Every script in package.json that runs a scripts/*.ts file, run as npm runs it (tsx, in a fresh
 * process): `--help` prints the usage and does nothing else; an unknown option is refused with one
 * line naming it. Neither prints the AWS SDK's Node.js notice nor a stack trace.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPage, shellCommandLines } from '../support/doc-pages';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

const packageScripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** name -> the arguments tsx gets, with the script's path made absolute. */
const SCRIPTS: [string, string[]][] = Object.entries(packageScripts)
  .filter(([, command]) => command.startsWith('tsx '))
  .map(([name, command]) => [
    name,
    command
      .split(' ')
      .slice(1)
      .map((arg) => (arg.startsWith('scripts/') ? path.join(ROOT, arg) : arg)),
  ]);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  leftInCwd: string[];
}

/** Runs one script in an empty working directory, without the tests' silencing of the notice. */
function run(args: string[]): Promise<Run> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'command-line-'));
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _silenced, ...env } = process.env;
  return new Promise((resolve, reject) => {
    // The timeout ends a script that ignored --help and started its work (bench runs for minutes).
    const child = spawn(TSX, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const leftInCwd = fs.readdirSync(cwd);
      fs.rmSync(cwd, { recursive: true, force: true });
      resolve({ code, stdout, stderr, leftInCwd });
    });
  });
}

test('the scripts with options are all found in package.json', () => {
  expect(SCRIPTS.map(([name]) => name).sort()).toEqual(
    expect.arrayContaining([
      'bench',
      'build',
      'capacity',
      'decode-stack',
      'diagram',
      'doctor',
      'link-config',
      'migrate-device-table',
      'skill-manifest',
    ])
  );
});

test('every npm run command line in the README names a script whose --help is run below', () => {
  // npm run synth is the quick start: test/docs/readme-commands.test.ts says which test runs it.
  const named = shellCommandLines(readPage('README.md'))
    .flatMap((line) => [...line.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]))
    .filter((name) => name !== 'synth');
  expect(named.length).toBeGreaterThan(0);
  const withHelp = SCRIPTS.map(([name]) => name);
  expect(named.filter((name) => !withHelp.includes(name as string))).toEqual([]);
});

describe.each(SCRIPTS)('npm run %s', (name, args) => {
  test('--help prints the usage, exits 0 and does no work', async () => {
    const result = await run([...args, '--help']);
    expect(result.stdout).toMatch(new RegExp(`^Usage: npm run ${name}`));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.leftInCwd).toEqual([]);
  });

  test('an unknown option is refused with one line naming it, exit code 1', async () => {
    const result = await run([...args, '--bogus']);
    expect(result.stderr).toMatch(new RegExp(`^${name}: .*'--bogus'.*\\n$`));
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    expect(result.leftInCwd).toEqual([]);
  });
});
