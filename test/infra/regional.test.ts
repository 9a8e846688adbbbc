import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResourceImpact, fullDiff } from '@aws-cdk/cloudformation-diff';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { skillRegionPlan } from '../../lib/app-settings/skill-regions-settings';
import { RegionalSkillStack } from '../../lib/regional-skill-stack';
import { SKILL_ID, TEST_CONTEXT, settingsFrom } from '../support/infra';
import { synthWithNag } from '../support/nag';
import { riskyChanges, describeRiskyChanges } from '../support/replacement-guard';
import { normalizeTemplate, type Json } from '../support/template';
import { readTemplateSnapshot, updatingSnapshots } from '../support/template-snapshot';

const ROOT = path.join(__dirname, '..', '..');
const REPLACING = new Set<ResourceImpact>([
  ResourceImpact.WILL_REPLACE,
  ResourceImpact.MAY_REPLACE,
  ResourceImpact.WILL_DESTROY,
  ResourceImpact.WILL_ORPHAN,
]);
const ALL_REGIONS = 'us-east-1,eu-west-1,us-west-2';
/** The feature flags in cdk.json (weak cross-stack references among them), as the CLI passes them. */
const CDK_JSON_CONTEXT = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;
const REGIONAL_SNAPSHOT = path.join(
  __dirname,
  'snapshots',
  'AlexaAccountLinking-test-eu-west-1.template.json'
);

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The app as bin/app.ts builds it, with cdk.json's flags and without bundling. */
function synthRegionalApp(context: Record<string, unknown>, homeRegion = 'us-east-1') {
  const app = new App({
    outdir: tempDir('regional-'),
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] },
  });
  const settings = settingsFrom(context);
  const regions = skillRegionPlan(settings.skillRegions, homeRegion);
  const home = new AccountLinkingStack(app, 'AlexaAccountLinking-test', {
    settings,
    env: { region: regions.home },
    crossRegionReferences: regions.extra.length > 0,
  });
  const regional = regions.extra.map(
    (region) =>
      new RegionalSkillStack(app, `AlexaAccountLinking-test-${region}`, {
        settings,
        home,
        region,
      })
  );
  return { app, home, regional };
}

describe('skillRegions', () => {
  test('bin/app.ts with -c skillRegions=us-east-1,eu-west-1,us-west-2 synthesizes three stacks offline', () => {
    const outdir = tempDir('regional-bin-');
    execFileSync(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({
          ...CDK_JSON_CONTEXT,
          ...TEST_CONTEXT,
          skillRegions: ALL_REGIONS,
          'aws:cdk:bundling-stacks': [],
        }),
      },
      stdio: 'pipe',
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; environment?: string; dependencies?: string[] }>;
    };
    const stacks = Object.entries(manifest.artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([name, a]) => [
        name,
        a.environment,
        (a.dependencies ?? []).filter((d) => !d.endsWith('.assets')),
      ]);
    expect(stacks).toEqual([
      ['AlexaAccountLinking-dev', 'aws://unknown-account/us-east-1', []],
      [
        'AlexaAccountLinking-dev-eu-west-1',
        'aws://unknown-account/eu-west-1',
        ['AlexaAccountLinking-dev'],
      ],
      [
        'AlexaAccountLinking-dev-us-west-2',
        'aws://unknown-account/us-west-2',
        ['AlexaAccountLinking-dev'],
      ],
    ]);
  });

  test('each regional function verifies tokens of the home pool and client, read from the home stack at deploy time', () => {
    const { regional } = synthRegionalApp({ skillRegions: ALL_REGIONS });
    expect(regional.map((s) => s.region)).toEqual(['eu-west-1', 'us-west-2']);
    for (const stack of regional) {
      const template = Template.fromStack(stack);
      const fromHome = (output: RegExp) => ({
        'Fn::GetStackOutput': {
          StackName: 'AlexaAccountLinking-test',
          Region: 'us-east-1',
          OutputName: expect.stringMatching(output),
        },
      });
      const functions = template.findResources('AWS::Lambda::Function');
      expect(Object.keys(functions)).toHaveLength(1);
      const env = (
        Object.values(functions)[0] as {
          Properties: { Environment: { Variables: Record<string, unknown> } };
        }
      ).Properties.Environment.Variables;
      expect(env).toEqual(
        expect.objectContaining({
          SKILL_ID,
          USER_POOL_ID: fromHome(/^PublishOutputRefAccountLinkingUserPool851FFDA4/),
          USER_POOL_CLIENT_ID: fromHome(/^PublishOutputRefAccountLinkingAlexaClientEAFF6DFA/),
          SIGN_IN_DOMAIN_URL: {
            'Fn::Join': [
              '',
              [
                'https://',
                fromHome(/^PublishOutputRefAccountLinkingDomainEE54AF78/),
                '.auth.us-east-1.amazoncognito.com',
              ],
            ],
          },
        })
      );
      // Only Alexa, and only for this skill, may invoke it.
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Principal: 'alexa-appkit.amazon.com',
        EventSourceToken: SKILL_ID,
      });
      template.resourceCountIs('AWS::Lambda::Permission', 1);
      // No user pool, domain or client of its own.
      for (const type of [
        'AWS::Cognito::UserPool',
        'AWS::Cognito::UserPoolClient',
        'AWS::Cognito::UserPoolDomain',
      ]) {
        template.resourceCountIs(type, 0);
      }
      template.hasOutput('SkillFunctionArn', {});
      template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
    }
  });

  test('the default is the stack’s region only: one stack', () => {
    expect(skillRegionPlan([], 'eu-west-1')).toEqual({ home: 'eu-west-1', extra: [] });
    expect(skillRegionPlan(['eu-west-1', 'us-west-2'], undefined)).toEqual({
      home: 'eu-west-1',
      extra: ['us-west-2'],
    });
    expect(synthRegionalApp({}).regional).toEqual([]);
  });

  test.each([
    [
      'ap-south-1',
      /Invalid skillRegions: received "ap-south-1". Expected a comma-separated list of us-east-1, eu-west-1, us-west-2/,
    ],
    ['us-east-1,,eu-west-1', /Invalid skillRegions: received "us-east-1,,eu-west-1"/],
    [['us-east-1', 7], /Invalid skillRegions: received \["us-east-1",7\] \(a list\)/],
  ])('fails when skillRegions is %j', (value, message) => {
    expect(() => settingsFrom({ skillRegions: value })).toThrow(message);
  });

  test('has no unacknowledged cdk-nag finding across the three stacks', () => {
    const { app } = synthRegionalApp({ skillRegions: ALL_REGIONS });
    expect(synthWithNag(app)).toEqual([]);
  });
});

describe('snapshots and the replacement guard for the regional stacks', () => {
  test('the eu-west-1 stack matches its committed snapshot', () => {
    const { regional } = synthRegionalApp({ skillRegions: ALL_REGIONS });
    const eu = regional.find((s) => s.region === 'eu-west-1') as RegionalSkillStack;
    const normalized = normalizeTemplate(Template.fromStack(eu).toJSON() as Json);
    if (updatingSnapshots())
      fs.writeFileSync(REGIONAL_SNAPSHOT, `${JSON.stringify(normalized, null, 1)}\n`);
    expect(normalized).toEqual(JSON.parse(fs.readFileSync(REGIONAL_SNAPSHOT, 'utf8')));
  });

  test('turning regions on replaces, adds or removes no resource of the home stack', () => {
    const { home } = synthRegionalApp({ skillRegions: ALL_REGIONS });
    const withRegions = normalizeTemplate(Template.fromStack(home).toJSON() as Json) as Record<
      string,
      Json
    >;
    expect(describeRiskyChanges(riskyChanges(readTemplateSnapshot(), withRegions))).toBe('');
    // Naming the region literally updates a few properties in place; nothing is replaced or removed.
    const replaced: string[] = [];
    fullDiff(readTemplateSnapshot(), withRegions).resources.forEachDifference((id, change) => {
      if (change.isRemoval || change.isAddition || REPLACING.has(change.changeImpact)) {
        replaced.push(`${id} ${change.changeImpact}`);
      }
    });
    expect(replaced).toEqual([]);
  });

  test('keeps the regional function’s logical ID: a new one is a new ARN, and the manifest would point at nothing', () => {
    const committed = JSON.parse(fs.readFileSync(REGIONAL_SNAPSHOT, 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    const ids = Object.entries(committed.Resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([id]) => id);
    expect(ids).toEqual(['SkillFunction4ADF40E6']);
    const { regional } = synthRegionalApp({ skillRegions: ALL_REGIONS });
    for (const stack of regional) {
      expect(Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Function'))).toEqual(
        ids
      );
    }
  });
});
