import * as fs from 'node:fs';
import * as os from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { SkillManifest } from '../../lib/skill-functions/skill-manifest';
import type { SmartHomeManifest } from '../../lib/skill-functions/smart-home-manifest';
import { runSkillManifest } from '../../scripts/skill-manifest/command';
import { SKILL_MANIFEST_ENVELOPE, smapiViolations } from '../support/smapi-model';

const ROOT = path.join(__dirname, '..', '..');
const COMMITTED_MANIFEST = path.join(ROOT, 'skill-package', 'skill.json');
const COMMITTED_SMART_HOME_MANIFEST = path.join(ROOT, 'skill-package-smart-home', 'skill.json');
const arn = (region: string) =>
  `arn:aws:lambda:${region}:123456789012:function:AlexaAccountLinking-dev-SkillFunction4ADF40E6-${region.replace(/-/g, '')}`;
const ONE_STACK = { 'AlexaAccountLinking-dev': { SkillFunctionArn: arn('us-east-1') } };
// What `cdk deploy --all -c skillRegions=us-east-1,eu-west-1,us-west-2 --outputs-file` writes.
const THREE_REGIONS = {
  ...ONE_STACK,
  'AlexaAccountLinking-dev-eu-west-1': { SkillFunctionArn: arn('eu-west-1') },
  'AlexaAccountLinking-dev-us-west-2': { SkillFunctionArn: arn('us-west-2') },
};
const smartHomeStack = (alexaEvents: 'on' | 'off') => ({
  'AlexaAccountLinking-dev': {
    SmartHomeFunctionArn: arn('us-east-1'),
    SmartHomeDeviceTableName: 'AlexaAccountLinking-dev-DeviceTable',
    AlexaEvents: alexaEvents,
    ClientId: 'abc',
  },
});

let cwd: string;
let printed: string[];
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'skill-manifest-'));
  printed = [];
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));
const run = (argv: string[]) => runSkillManifest(argv, { cwd, print: (l) => printed.push(l) });

/**
 * A project as a user has it: the Prettier settings, both skill packages' skill.json and an
 * outputs file.
 */
function givenProject(
  outputs: object,
  manifest = fs.readFileSync(COMMITTED_MANIFEST, 'utf8'),
  smartHomeManifest = fs.readFileSync(COMMITTED_SMART_HOME_MANIFEST, 'utf8')
) {
  fs.copyFileSync(path.join(ROOT, '.prettierrc.json'), path.join(cwd, '.prettierrc.json'));
  fs.mkdirSync(path.join(cwd, 'skill-package'));
  fs.writeFileSync(path.join(cwd, 'skill-package', 'skill.json'), manifest);
  fs.mkdirSync(path.join(cwd, 'skill-package-smart-home'));
  fs.writeFileSync(path.join(cwd, 'skill-package-smart-home', 'skill.json'), smartHomeManifest);
  fs.writeFileSync(path.join(cwd, 'cdk-outputs.json'), JSON.stringify(outputs));
}
const writtenText = (dir = 'skill-package') =>
  fs.readFileSync(path.join(cwd, dir, 'skill.json'), 'utf8');
const written = () => JSON.parse(writtenText()) as SkillManifest;
const writtenSmartHome = () =>
  JSON.parse(writtenText('skill-package-smart-home')) as SmartHomeManifest;
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
/** `prettier --check <dir>/skill.json`, as npm test runs it, in the project. */
const prettierCheck = (dir = 'skill-package') =>
  spawnSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--check', `${dir}/skill.json`],
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

describe('a smart home stack: npm run skill-manifest writes skill-package-smart-home/skill.json', () => {
  const SMART_HOME_DIR = 'skill-package-smart-home';
  const EVENTS_PERMISSION = { name: 'alexa::async_event:write' };
  const smartHomeArn = (region: string) =>
    `arn:aws:lambda:${region}:123456789012:function:AlexaAccountLinking-dev-SmartHomeFunction-${region.replace(/-/g, '')}`;

  test.each([
    ['on', [EVENTS_PERMISSION]],
    ['off', undefined],
  ] as const)(
    "AlexaEvents %s: apis.smartHome (protocol 3) at the function, the permission exactly when events are on; Amazon's model and prettier accept it",
    (alexaEvents, permissions) => {
      givenProject(smartHomeStack(alexaEvents));
      const out = runCommand();
      expect(out).toMatch(
        /^skill-package-smart-home\/skill\.json: smart home endpoint set to arn:aws:lambda:us-east-1:123456789012:function:AlexaAccountLinking-dev-SkillFunction4ADF40E6-useast1; .*alexa::async_event:write.*\. Next: ask deploy\n$/
      );
      const manifest = writtenSmartHome().manifest;
      expect(manifest.apis).toEqual({
        smartHome: { protocolVersion: '3', endpoint: { uri: arn('us-east-1') } },
      });
      expect(manifest.permissions).toEqual(permissions);
      expect(manifest.events).toEqual({
        endpoint: { uri: arn('us-east-1') },
        subscriptions: [
          { eventName: 'SKILL_ENABLED' },
          { eventName: 'SKILL_DISABLED' },
          { eventName: 'SKILL_ACCOUNT_LINKED' },
        ],
      });
      expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, writtenSmartHome())).toEqual([]);
      expect(prettierCheck(SMART_HOME_DIR)).toEqual(
        expect.objectContaining({ status: 0, stderr: '' })
      );
      // The custom skill's package is left alone.
      expect(writtenText()).toBe(fs.readFileSync(COMMITTED_MANIFEST, 'utf8'));
    }
  );

  test('regional smart home stacks: each Alexa region at the function in its AWS region, skill events too', () => {
    givenProject({
      'AlexaAccountLinking-dev': {
        SmartHomeFunctionArn: smartHomeArn('us-east-1'),
        AlexaEvents: 'on',
      },
      'AlexaAccountLinking-dev-eu-west-1': { SmartHomeFunctionArn: smartHomeArn('eu-west-1') },
      'AlexaAccountLinking-dev-us-west-2': { SmartHomeFunctionArn: smartHomeArn('us-west-2') },
    });
    expect(runCommand()).toContain('and regional endpoints for us-east-1, eu-west-1, us-west-2');
    const manifest = writtenSmartHome().manifest;
    const regions = {
      NA: { endpoint: { uri: smartHomeArn('us-east-1') } },
      EU: { endpoint: { uri: smartHomeArn('eu-west-1') } },
      FE: { endpoint: { uri: smartHomeArn('us-west-2') } },
    };
    expect(manifest.apis.smartHome).toEqual({
      protocolVersion: '3',
      endpoint: { uri: smartHomeArn('us-east-1') },
      regions,
    });
    expect(manifest.events).toEqual(expect.objectContaining({ regions }));
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, writtenSmartHome())).toEqual([]);
    expect(prettierCheck(SMART_HOME_DIR)).toEqual(
      expect.objectContaining({ status: 0, stderr: '' })
    );
  });

  test("the committed smart home skill.json is Amazon's model and exactly what the command writes for its own endpoint (events on)", () => {
    const committed = fs.readFileSync(COMMITTED_SMART_HOME_MANIFEST, 'utf8');
    const parsed = JSON.parse(committed) as SmartHomeManifest;
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, parsed)).toEqual([]);
    expect(parsed.manifest.apis.smartHome.protocolVersion).toBe('3');
    givenProject({
      'AlexaAccountLinking-dev': {
        SmartHomeFunctionArn: parsed.manifest.apis.smartHome.endpoint.uri,
        AlexaEvents: 'on',
      },
    });
    runCommand();
    expect(writtenText(SMART_HOME_DIR)).toBe(committed);
  });

  test("fails when the manifest is a custom skill's, and writes nothing", async () => {
    expect.assertions(2);
    givenProject(smartHomeStack('on'));
    await expect(run(['--manifest', 'skill-package/skill.json'])).rejects.toThrow(
      /^skill-package\/skill\.json is a custom skill's manifest \(apis\.custom\), but the stack deployed a smart home skill \(SmartHomeFunctionArn\); pass --manifest skill-package-smart-home\/skill\.json\.$/
    );
    expect(writtenText()).toBe(fs.readFileSync(COMMITTED_MANIFEST, 'utf8'));
  });

  test("fails when a custom skill's stack is pointed at the smart home manifest", async () => {
    expect.assertions(2);
    givenProject(ONE_STACK);
    await expect(run(['--manifest', 'skill-package-smart-home/skill.json'])).rejects.toThrow(
      /^skill-package-smart-home\/skill\.json is a smart home skill's manifest \(apis\.smartHome\), but the stack deployed a custom skill \(SkillFunctionArn\); pass --manifest skill-package\/skill\.json\.$/
    );
    expect(writtenText(SMART_HOME_DIR)).toBe(
      fs.readFileSync(COMMITTED_SMART_HOME_MANIFEST, 'utf8')
    );
  });

  test('fails when the stack has no AlexaEvents output, naming it and the valid values', async () => {
    expect.assertions(1);
    givenProject({ 'AlexaAccountLinking-dev': { SmartHomeFunctionArn: arn('us-east-1') } });
    await expect(run([])).rejects.toThrow(
      /^The smart home stack's AlexaEvents output is missing; expected "on" or "off"/
    );
  });

  test('a stack with neither output is named, with what it has', async () => {
    expect.assertions(1);
    givenProject({ Other: { BucketName: 'b' } });
    await expect(run(['--stack', 'Other'])).rejects.toThrow(
      /^Stack Other has no SkillFunctionArn or SmartHomeFunctionArn output \(found: BucketName\); pass --stack <name> of a stack this project deployed\.$/
    );
  });
});
