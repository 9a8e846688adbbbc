import * as fs from 'node:fs';
import * as os from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { SkillManifest } from '../../lib/skill-functions/skill-manifest';
import { runSkillManifest } from '../../scripts/skill-manifest/command';
import { SKILL_MANIFEST_ENVELOPE, smapiViolations } from '../support/smapi-model';

const ROOT = path.join(__dirname, '..', '..');
const COMMITTED_MANIFEST = path.join(ROOT, 'skill-package', 'skill.json');
const arn = (region: string) =>
  `arn:aws:lambda:${region}:123456789012:function:AlexaAccountLinking-dev-SkillFunction4ADF40E6-${region.replace(/-/g, '')}`;
const ONE_STACK = { 'AlexaAccountLinking-dev': { SkillFunctionArn: arn('us-east-1') } };
// What `cdk deploy --all -c skillRegions=us-east-1,eu-west-1,us-west-2 --outputs-file` writes.
const THREE_REGIONS = {
  ...ONE_STACK,
  'AlexaAccountLinking-dev-eu-west-1': { SkillFunctionArn: arn('eu-west-1') },
  'AlexaAccountLinking-dev-us-west-2': { SkillFunctionArn: arn('us-west-2') },
};
const SMART_HOME_STACK = {
  'AlexaAccountLinking-dev': { SmartHomeFunctionArn: arn('us-east-1'), ClientId: 'abc' },
};

let cwd: string;
let printed: string[];
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'skill-manifest-'));
  printed = [];
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));
const run = (argv: string[]) => runSkillManifest(argv, { cwd, print: (l) => printed.push(l) });

/** A project as a user has it: the Prettier settings, skill-package/skill.json and an outputs file. */
function givenProject(outputs: object, manifest = fs.readFileSync(COMMITTED_MANIFEST, 'utf8')) {
  fs.copyFileSync(path.join(ROOT, '.prettierrc.json'), path.join(cwd, '.prettierrc.json'));
  fs.mkdirSync(path.join(cwd, 'skill-package'));
  fs.writeFileSync(path.join(cwd, 'skill-package', 'skill.json'), manifest);
  fs.writeFileSync(path.join(cwd, 'cdk-outputs.json'), JSON.stringify(outputs));
}
const writtenText = () => fs.readFileSync(path.join(cwd, 'skill-package', 'skill.json'), 'utf8');
const written = () => JSON.parse(writtenText()) as SkillManifest;
/** `npm run skill-manifest` in the project, as a user runs it (prettier's API needs a real Node.js, not jest's VM). */
const runCommand = () =>
  execFileSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'skill-manifest.ts')],
    {
      cwd,
      encoding: 'utf8',
    }
  );
/** `prettier --check skill-package/skill.json`, as npm test runs it, in the project. */
const prettierCheck = () =>
  spawnSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--check', 'skill-package/skill.json'],
    {
      cwd,
      encoding: 'utf8',
    }
  );

describe('npm run skill-manifest', () => {
  test('--help prints the usage, every option and an example, and changes nothing', async () => {
    expect(await run(['--help'])).toBe(0);
    const help = printed.join('\n');
    expect(help).toMatch(/^Usage: npm run skill-manifest -- \[options\]/);
    for (const option of ['--outputs-file <file>', '--stack <name>', '--manifest <file>', '--help'])
      expect(help).toContain(option);
    expect(help).toMatch(/Example:\n {2}npx cdk deploy --outputs-file cdk-outputs\.json/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('an unknown option is refused with a pointer to --help', async () => {
    expect.assertions(1);
    await expect(run(['--stage', 'live'])).rejects.toThrow(
      /Unknown option '--stage'\. Run with --help to see the options\./
    );
  });

  test('a missing outputs file says how to make it', async () => {
    expect.assertions(1);
    await expect(run([])).rejects.toThrow(
      /cdk-outputs\.json not found: deploy with `npx cdk deploy --outputs-file cdk-outputs\.json` first/
    );
  });
});

describe("what npm run skill-manifest writes: Amazon's model, and what prettier --check accepts", () => {
  test.each([
    ['one stack', ONE_STACK],
    ['regional stacks (skillRegions)', THREE_REGIONS],
  ])('%s', (_deployment, outputs) => {
    givenProject(outputs);
    expect(runCommand()).toMatch(
      /^skill-package\/skill\.json: endpoint set to arn:aws:lambda:us-east-1:/
    );
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, written())).toEqual([]);
    expect(written().manifest.manifestVersion).toBe('1.0');
    expect(prettierCheck()).toEqual(expect.objectContaining({ status: 0, stderr: '' }));
  });

  test('the committed skill.json is exactly what the command writes for its own endpoint: no diff after a run', () => {
    const committed = fs.readFileSync(COMMITTED_MANIFEST, 'utf8');
    const uri = (JSON.parse(committed) as SkillManifest).manifest.apis.custom.endpoint.uri;
    givenProject({ 'AlexaAccountLinking-dev': { SkillFunctionArn: uri } });
    runCommand();
    expect(writtenText()).toBe(committed);
  });

  test('a manifest with manifestVersion beside manifest (as this project once wrote it) is fixed', () => {
    const old = JSON.parse(fs.readFileSync(COMMITTED_MANIFEST, 'utf8')) as {
      manifest: Record<string, unknown>;
    };
    const { manifestVersion: _inside, ...rest } = old.manifest;
    givenProject(ONE_STACK, JSON.stringify({ manifest: rest, manifestVersion: '1.0' }, null, 2));
    runCommand();
    expect(Object.keys(written())).toEqual(['manifest']);
    expect(Object.keys(written().manifest)[0]).toBe('manifestVersion');
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, written())).toEqual([]);
  });
});

describe('a smart home stack', () => {
  const SMART_HOME_MESSAGE =
    /^Stack AlexaAccountLinking-dev is a smart home skill \(a SmartHomeFunctionArn output, no SkillFunctionArn\): this command writes custom skill manifests only\. Put the SmartHomeFunctionArn output in skill\.json yourself, at manifest\.apis\.smartHome\.endpoint\.uri and manifest\.events\.endpoint\.uri\.$/;

  test.each([
    ['without --stack', []],
    ['with --stack', ['--stack', 'AlexaAccountLinking-dev']],
  ])(
    '%s: says plainly that only custom skills are written, and writes nothing',
    async (_how, argv) => {
      expect.assertions(2);
      givenProject(SMART_HOME_STACK);
      await expect(run(argv)).rejects.toThrow(SMART_HOME_MESSAGE);
      expect(writtenText()).toBe(fs.readFileSync(COMMITTED_MANIFEST, 'utf8'));
    }
  );

  test('a stack with neither output is named, with what it has', async () => {
    expect.assertions(1);
    givenProject({ Other: { BucketName: 'b' } });
    await expect(run(['--stack', 'Other'])).rejects.toThrow(
      /^Stack Other has no SkillFunctionArn output \(found: BucketName\); pass --stack <name> of a stack this project deployed\.$/
    );
  });
});
