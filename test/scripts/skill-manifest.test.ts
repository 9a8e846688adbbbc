import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runSkillManifest } from '../../scripts/skill-manifest/command';

let cwd: string;
let printed: string[];
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'skill-manifest-'));
  printed = [];
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));
const run = (argv: string[]) => runSkillManifest(argv, { cwd, print: (l) => printed.push(l) });

describe('npm run skill-manifest', () => {
  test('--help prints the usage, every option and an example, and changes nothing', () => {
    expect(run(['--help'])).toBe(0);
    const help = printed.join('\n');
    expect(help).toMatch(/^Usage: npm run skill-manifest -- \[options\]/);
    for (const option of ['--outputs-file <file>', '--stack <name>', '--manifest <file>', '--help'])
      expect(help).toContain(option);
    expect(help).toMatch(/Example:\n {2}npx cdk deploy --outputs-file cdk-outputs\.json/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('an unknown option is refused with a pointer to --help', () => {
    expect(() => run(['--stage', 'live'])).toThrow(
      /Unknown option '--stage'\. Run with --help to see the options\./
    );
  });

  test('a missing outputs file says how to make it', () => {
    expect(() => run([])).toThrow(
      /cdk-outputs\.json not found: deploy with `npx cdk deploy --outputs-file cdk-outputs\.json` first/
    );
  });
});
