import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  skillFunctionArns,
  withSkillEndpoints,
  type SkillManifest,
} from '../../lib/skill-functions/skill-manifest';

const ROOT = path.join(__dirname, '..', '..');
const arn = (region: string) =>
  `arn:aws:lambda:${region}:123456789012:function:AlexaAccountLinking-dev-SkillFunction4ADF40E6-${region.replace(/-/g, '')}`;
const manifest = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'skill-package', 'skill.json'), 'utf8')
) as SkillManifest;
const THREE_REGIONS = {
  'AlexaAccountLinking-dev': { SkillFunctionArn: arn('us-east-1'), ClientId: 'abc' },
  'AlexaAccountLinking-dev-eu-west-1': { SkillFunctionArn: arn('eu-west-1') },
  'AlexaAccountLinking-dev-us-west-2': { SkillFunctionArn: arn('us-west-2') },
};

describe('skill events in the skill manifest', () => {
  test('subscribes to SKILL_ENABLED, SKILL_DISABLED and SKILL_ACCOUNT_LINKED', () => {
    expect(manifest.manifest.events).toEqual({
      endpoint: { uri: expect.stringMatching(/^arn:aws:lambda:/) },
      subscriptions: [
        { eventName: 'SKILL_ENABLED' },
        { eventName: 'SKILL_DISABLED' },
        { eventName: 'SKILL_ACCOUNT_LINKED' },
      ],
    });
  });
});

describe('regional endpoints in the skill manifest', () => {
  test('each Alexa region points at the function in its AWS region', () => {
    const updated = withSkillEndpoints(manifest, skillFunctionArns(THREE_REGIONS));
    expect(updated.manifest.apis.custom).toEqual({
      endpoint: { uri: arn('us-east-1') },
      regions: {
        NA: { endpoint: { uri: arn('us-east-1') } },
        EU: { endpoint: { uri: arn('eu-west-1') } },
        FE: { endpoint: { uri: arn('us-west-2') } },
      },
    });
    // Skill events go to the same functions.
    const events = updated.manifest.events as { endpoint: unknown; regions: unknown };
    expect(events.endpoint).toEqual({ uri: arn('us-east-1') });
    expect(events.regions).toEqual(updated.manifest.apis.custom.regions);
  });

  test('a region without a function of its own is served by the home function', () => {
    const arns = skillFunctionArns({
      'AlexaAccountLinking-prod': { SkillFunctionArn: arn('eu-west-1') },
      'AlexaAccountLinking-prod-us-east-1': { SkillFunctionArn: arn('us-east-1') },
    });
    expect(arns.home).toBe(arn('eu-west-1'));
    expect(withSkillEndpoints(manifest, arns).manifest.apis.custom.regions).toEqual({
      NA: { endpoint: { uri: arn('us-east-1') } },
      EU: { endpoint: { uri: arn('eu-west-1') } },
      FE: { endpoint: { uri: arn('eu-west-1') } },
    });
  });

  test('one stack: the default endpoint only, and an old regions block is dropped', () => {
    const withOld = withSkillEndpoints(manifest, skillFunctionArns(THREE_REGIONS));
    const single = withSkillEndpoints(
      withOld,
      skillFunctionArns({ 'AlexaAccountLinking-dev': { SkillFunctionArn: arn('us-east-1') } })
    );
    expect(single.manifest.apis.custom).toEqual({ endpoint: { uri: arn('us-east-1') } });
    expect(single.manifest.events).toEqual({
      endpoint: { uri: arn('us-east-1') },
      subscriptions: (manifest.manifest.events as { subscriptions: unknown }).subscriptions,
    });
  });

  test('fails when a regional output is not a function ARN', () => {
    expect(() =>
      withSkillEndpoints(
        manifest,
        skillFunctionArns({
          ...THREE_REGIONS,
          'AlexaAccountLinking-dev-eu-west-1': { SkillFunctionArn: 'arn:aws:s3:::bucket' },
        })
      )
    ).toThrow(/SkillFunctionArn is "arn:aws:s3:::bucket"; expected a Lambda function ARN/);
  });

  test('npm run skill-manifest writes the regional endpoints from a cdk deploy --all outputs file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
    const outputsFile = path.join(dir, 'cdk-outputs.json');
    const manifestFile = path.join(dir, 'skill.json');
    fs.writeFileSync(outputsFile, JSON.stringify(THREE_REGIONS));
    fs.copyFileSync(path.join(ROOT, 'skill-package', 'skill.json'), manifestFile);
    const out = execFileSync(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        'scripts/skill-manifest.ts',
        '--outputs-file',
        outputsFile,
        '--manifest',
        manifestFile,
      ],
      { cwd: ROOT, encoding: 'utf8' }
    );
    expect(out).toContain('regional endpoints for us-east-1, eu-west-1, us-west-2');
    const written = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as SkillManifest;
    expect(written.manifest.apis.custom.regions?.EU).toEqual({
      endpoint: { uri: arn('eu-west-1') },
    });
  });
});
