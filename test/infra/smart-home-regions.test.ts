/**
 * A smart home skill in every Alexa region: the home stack (us-east-1) with the user pool and the
 * global device table, and a smart home function in eu-west-1 and us-west-2, synthesized once as
 * bin/app.ts builds them (cdk.json's flags, no bundling), with cdk-nag in the same synthesis.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { skillRegionPlan } from '../../lib/app-settings/skill-regions-settings';
import { RegionalSkillStack } from '../../lib/regional-skill-stack';
import { GlobalDeviceTable } from '../../lib/skill-functions/global-device-table';
import { SKILL_ID, newApp, onlyResource, settingsFrom } from '../support/infra';
import { synthWithNag, type NagFinding } from '../support/nag';
import { SKILL_MANIFEST_ENVELOPE, smapiViolations } from '../support/smapi-model';
import { riskySmartHomeChanges } from '../support/smart-home-snapshot';
import { normalizeTemplate, type Json } from '../support/template';
import { updatingSnapshots } from '../support/template-snapshot';

const ROOT = path.join(__dirname, '..', '..');
const ALL_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];
const EVENTS_SECRET = 'alexa/events-credentials';
const HOME = 'AlexaAccountLinking-test';
const GLOBAL_TABLE = 'SmartHomeDeviceGlobalTable';
const SNAPSHOT = path.join(
  __dirname,
  'snapshots',
  'AlexaAccountLinking-smart-home-regions-test.template.json'
);
const CDK_JSON_CONTEXT = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** The app as bin/app.ts builds it for `-c skillType=smart-home -c skillRegions=...`. */
/** The smart home function of a stack (the home stack also has the change reporter). */
function smartHomeFunctionOf(template: Template): {
  logicalId: string;
  properties: Record<string, unknown>;
} {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, resource]) =>
      String(
        (resource as { Properties: { Description?: unknown } }).Properties.Description
      ).startsWith('Alexa skill (smart home)')
  );
  if (found.length !== 1)
    throw new Error(`expected one smart home function, found ${found.length}`);
  const [logicalId, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { logicalId, properties: resource.Properties };
}

function smartHomeApp(context: Record<string, unknown>, homeRegion: string | undefined) {
  const app = new App({
    outdir: tempDir('smart-home-regions-'),
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [] },
  });
  const settings = settingsFrom({ skillType: 'smart-home', ...context });
  const regions = skillRegionPlan(settings.skillRegions, homeRegion);
  const home = new AccountLinkingStack(app, HOME, {
    settings,
    env: { region: regions.home },
    crossRegionReferences: regions.extra.length > 0,
  });
  const regional = regions.extra.map(
    (region) => new RegionalSkillStack(app, `${HOME}-${region}`, { settings, home, region })
  );
  return { app, home, regional };
}

type Statement = { Action: string | string[]; Resource: unknown };
/** The statements of the smart home function's role (the home stack's reporter has its own). */
const statementsOf = (template: Template): Statement[] => {
  const role = (smartHomeFunctionOf(template).properties.Role as { 'Fn::GetAtt': [string] })[
    'Fn::GetAtt'
  ][0];
  type Policy = { Properties: { Roles: unknown[]; PolicyDocument: { Statement: Statement[] } } };
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .map((policy) => policy as Policy)
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
};
const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const fromHome = (output: RegExp) => ({
  'Fn::GetStackOutput': {
    StackName: HOME,
    Region: 'us-east-1',
    OutputName: expect.stringMatching(output),
  },
});

describe('skillType=smart-home with skillRegions=us-east-1,eu-west-1,us-west-2', () => {
  let home: AccountLinkingStack;
  let regional: RegionalSkillStack[];
  let templates: { region: string; template: Template }[];
  let homeTemplate: Template;
  let findings: NagFinding[];

  beforeAll(() => {
    const built = smartHomeApp(
      { skillRegions: ALL_REGIONS.join(','), alexaEventsSecretName: EVENTS_SECRET },
      'us-east-1'
    );
    home = built.home;
    regional = built.regional;
    // One synthesis for the whole file: cdk-nag's, which Template.fromStack then reuses.
    findings = synthWithNag(built.app);
    homeTemplate = Template.fromStack(home);
    templates = [
      { region: 'us-east-1', template: homeTemplate },
      ...regional.map((stack) => ({ region: stack.region, template: Template.fromStack(stack) })),
    ];
  });

  test('one regional stack per extra region, each a smart home stack with no pool or table of its own', () => {
    expect(regional.map((stack) => stack.region)).toEqual(['eu-west-1', 'us-west-2']);
    for (const stack of regional) {
      expect(stack.skill).toBeUndefined();
      expect(stack.smartHome).toBeDefined();
      const template = Template.fromStack(stack);
      for (const type of [
        'AWS::Cognito::UserPool',
        'AWS::Cognito::UserPoolClient',
        'AWS::DynamoDB::Table',
        'AWS::DynamoDB::GlobalTable',
      ]) {
        template.resourceCountIs(type, 0);
      }
    }
  });

  test('one smart home function per region, each invocable only by Alexa and only for the skill', () => {
    for (const { template } of templates) {
      const fn = smartHomeFunctionOf(template);
      expect(fn.properties.Description).toBe(
        'Alexa skill (smart home): verifies the account-link token of every directive'
      );
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map(
        (resource) => (resource as { Properties: unknown }).Properties
      );
      expect(permissions).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [fn.logicalId, 'Arn'] },
          Principal: 'alexa-connectedhome.amazon.com',
          EventSourceToken: SKILL_ID,
        },
        {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [fn.logicalId, 'Arn'] },
          Principal: 'alexa-appkit.amazon.com',
          EventSourceToken: SKILL_ID,
        },
      ]);
    }
  });

  test('the device table is one global table in the home stack, with a replica in each skill region', () => {
    homeTemplate.resourceCountIs('AWS::DynamoDB::Table', 0);
    const table = onlyResource(homeTemplate, 'AWS::DynamoDB::GlobalTable');
    expect(table.logicalId).toBe(GLOBAL_TABLE);
    const replicas = table.properties.Replicas as { Region: string }[];
    expect(replicas.map((replica) => replica.Region).sort()).toEqual([...ALL_REGIONS].sort());
    expect(home.deviceTable).toBeUndefined();
    expect(home.globalDeviceTable).toBeDefined();
  });

  test('every replica: deletion protection, point-in-time recovery and its region’s AWS managed key', () => {
    const table = onlyResource(homeTemplate, 'AWS::DynamoDB::GlobalTable');
    const replicas = table.properties.Replicas as Record<string, unknown>[];
    expect(replicas).toHaveLength(3);
    for (const replica of replicas) {
      expect(replica).toEqual(
        expect.objectContaining({
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        })
      );
      // No key of its own: the table's KMS encryption with each region's aws/dynamodb key.
      expect(replica).not.toHaveProperty('SSESpecification');
    }
  });

  test('the table: the same keys as the single-region table, on-demand, KMS, new and old images, retained', () => {
    homeTemplate.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'userId', KeyType: 'HASH' },
          { AttributeName: 'itemId', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    });
  });

  test('each function reads and writes its own region’s replica, and no other table', () => {
    for (const { region, template } of templates) {
      const replicaArn =
        region === 'us-east-1'
          ? { 'Fn::GetAtt': [GLOBAL_TABLE, 'Arn'] }
          : {
              'Fn::Join': [
                '',
                [
                  `arn:aws:dynamodb:${region}:`,
                  { Ref: 'AWS::AccountId' },
                  ':table/',
                  fromHome(/^PublishOutputRefSmartHomeDeviceGlobalTable/),
                ],
              ],
            };
      const dynamo = statementsOf(template).filter((s) =>
        actionsOf(s).some((action) => action.startsWith('dynamodb:'))
      );
      expect(dynamo).toEqual([
        {
          Effect: 'Allow',
          Action: [
            'dynamodb:BatchWriteItem',
            'dynamodb:GetItem',
            'dynamodb:PutItem',
            'dynamodb:Query',
            'dynamodb:UpdateItem',
          ],
          Resource: replicaArn,
        },
      ]);
      // The same table by name: the replica in the function's own region, where its client calls.
      const fn = smartHomeFunctionOf(template);
      expect(
        (fn.properties.Environment as { Variables: Record<string, unknown> }).Variables
          .DEVICES_TABLE_NAME
      ).toEqual(
        region === 'us-east-1'
          ? { Ref: GLOBAL_TABLE }
          : fromHome(/^PublishOutputRefSmartHomeDeviceGlobalTable/)
      );
    }
  });

  test('each regional function verifies tokens of the home pool and client, read from the home stack at deploy time', () => {
    for (const stack of regional) {
      const fn = smartHomeFunctionOf(Template.fromStack(stack));
      const env = (fn.properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env).toEqual(
        expect.objectContaining({
          SKILL_ID,
          LINKING_SERVER: 'cognito',
          USER_POOL_ID: fromHome(/^PublishOutputRefAccountLinkingUserPool851FFDA4/),
          USER_POOL_CLIENT_ID: fromHome(/^PublishOutputRefAccountLinkingAlexaClientEAFF6DFA/),
        })
      );
    }
  });

  test('each function reads the events secret by name in its own region (a Secrets Manager replica), and no other secret', () => {
    for (const { region, template } of templates) {
      const reads = statementsOf(template).filter((s) =>
        actionsOf(s).includes('secretsmanager:GetSecretValue')
      );
      expect(reads).toEqual([
        {
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: {
            'Fn::Join': [
              '',
              [
                `arn:aws:secretsmanager:${region}:`,
                { Ref: 'AWS::AccountId' },
                `:secret:${EVENTS_SECRET}-??????`,
              ],
            ],
          },
        },
      ]);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ ALEXA_EVENTS_SECRET_ID: EVENTS_SECRET }) },
      });
    }
  });

  test('one change reporter, in the home stack, on the global table’s stream (every region’s writes reach it)', () => {
    homeTemplate.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    homeTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [GLOBAL_TABLE, 'StreamArn'] },
    });
    for (const stack of regional) {
      Template.fromStack(stack).resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    }
  });

  test('each regional stack has the home stack’s alarms and a dashboard for its function, and outputs its ARN for the manifest', () => {
    // The skill function's alarms: the home stack's change reporter has alarms of its own.
    const homeAlarms = Object.keys(homeTemplate.findResources('AWS::CloudWatch::Alarm')).filter(
      (id) => !id.startsWith('ChangeReporter')
    ).length;
    expect(homeAlarms).toBeGreaterThan(0);
    for (const stack of regional) {
      const template = Template.fromStack(stack);
      const fn = smartHomeFunctionOf(template);
      expect(fn.logicalId).toBe('SmartHomeFunctionAD9E7DBE');
      template.resourceCountIs('AWS::CloudWatch::Alarm', homeAlarms);
      template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Dimensions: Match.arrayWith([{ Name: 'FunctionName', Value: { Ref: fn.logicalId } }]),
      });
      const alexaRegion = stack.region === 'eu-west-1' ? 'EU' : 'FE';
      expect(template.toJSON().Outputs).toEqual({
        SmartHomeFunctionArn: {
          Value: { 'Fn::GetAtt': [fn.logicalId, 'Arn'] },
          Description: `Skill manifest > apis.smartHome.regions.${alexaRegion}.endpoint.uri (npm run skill-manifest writes it)`,
        },
        AlarmTopicArn: {
          Value: { Ref: expect.stringMatching(/^AlarmsTopic/) },
          Description: `SNS topic the skill alarms in ${stack.region} notify`,
        },
        ...Object.fromEntries(
          Object.entries(template.toJSON().Outputs as object).filter(([id]) =>
            id.startsWith('ExportsOutput')
          )
        ),
      });
    }
  });

  test('has no unacknowledged cdk-nag finding across the three stacks', () => {
    expect(findings).toEqual([]);
  });

  test('npm run skill-manifest points NA, EU and FE at their functions, from these stacks’ outputs', () => {
    // GIVEN the outputs file `cdk deploy --all --outputs-file` writes for these stacks: each
    // output as synthesized, with a function ARN where the template has a GetAtt.
    const dir = tempDir('smart-home-manifest-');
    const outputsFile = path.join(dir, 'cdk-outputs.json');
    const manifestFile = path.join(dir, 'skill.json');
    const arn = (region: string) =>
      `arn:aws:lambda:${region}:123456789012:function:${HOME}-SmartHome-${region}`;
    const outputs = Object.fromEntries(
      [home, ...regional].map((stack) => [
        stack.stackName,
        Object.fromEntries(
          Object.entries(
            Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>
          ).map(([id, { Value }]) => [
            id,
            typeof Value === 'string'
              ? Value
              : id === 'SmartHomeFunctionArn'
                ? arn(stack.region)
                : 'x',
          ])
        ),
      ])
    );
    fs.writeFileSync(outputsFile, JSON.stringify(outputs));
    fs.copyFileSync(path.join(ROOT, 'skill-package-smart-home', 'skill.json'), manifestFile);
    // WHEN (in a child process, as npm runs it: the command loads prettier as an ES module)
    const printed = execFileSync(
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
    // THEN
    const written = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as {
      manifest: { apis: { smartHome: unknown }; permissions: unknown };
    };
    expect(written.manifest.apis.smartHome).toEqual({
      protocolVersion: '3',
      endpoint: { uri: arn('us-east-1') },
      regions: {
        NA: { endpoint: { uri: arn('us-east-1') } },
        EU: { endpoint: { uri: arn('eu-west-1') } },
        FE: { endpoint: { uri: arn('us-west-2') } },
      },
    });
    expect(written.manifest.permissions).toEqual(
      expect.arrayContaining([{ name: 'alexa::async_event:write' }])
    );
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, written)).toEqual([]);
    expect(printed).toContain(
      'regional endpoints for us-east-1, eu-west-1, us-west-2; permission alexa::async_event:write'
    );
  });

  test('the home stack matches its committed snapshot (asset hashes normalized)', () => {
    const normalized = normalizeTemplate(homeTemplate.toJSON() as Json);
    if (updatingSnapshots()) fs.writeFileSync(SNAPSHOT, `${JSON.stringify(normalized, null, 1)}\n`);
    expect(normalized).toEqual(JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')));
  });

  describe('replacement guard for the global table', () => {
    const committed = () => JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as Record<string, Json>;
    type Resources = { Resources: Record<string, Record<string, unknown>> };
    const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

    test('the synthesized home stack replaces, deletes or orphans nothing that holds users or devices', () => {
      const synthesized = normalizeTemplate(homeTemplate.toJSON() as Json) as Record<string, Json>;
      expect(riskySmartHomeChanges(committed(), synthesized)).toBe('');
    });

    test('fails when the global table’s logical ID moves (the old table orphaned, a new empty one)', () => {
      const moved = clone(committed()) as unknown as Resources;
      moved.Resources[`Renamed${GLOBAL_TABLE}`] = moved.Resources[GLOBAL_TABLE] as Record<
        string,
        unknown
      >;
      delete moved.Resources[GLOBAL_TABLE];
      expect(riskySmartHomeChanges(committed(), moved as unknown as Record<string, Json>)).toBe(
        `AWS::DynamoDB::GlobalTable ${GLOBAL_TABLE} WILL_ORPHAN`
      );
    });

    test('fails when the global table would be replaced by a new key schema', () => {
      const changed = clone(committed()) as unknown as Resources;
      const table = changed.Resources[GLOBAL_TABLE] as { Properties: Record<string, unknown> };
      table.Properties.KeySchema = [{ AttributeName: 'userId', KeyType: 'HASH' }];
      expect(riskySmartHomeChanges(committed(), changed as unknown as Record<string, Json>)).toBe(
        `AWS::DynamoDB::GlobalTable ${GLOBAL_TABLE} WILL_REPLACE because of KeySchema`
      );
    });
  });
});

describe('smart home regions: the single-region path and bad input', () => {
  test('skillRegions naming only the home region keeps the single-region table, as before', () => {
    const { home, regional } = smartHomeApp({ skillRegions: 'eu-west-1' }, 'eu-west-1');
    expect(regional).toEqual([]);
    const template = Template.fromStack(home);
    expect(onlyResource(template, 'AWS::DynamoDB::Table').logicalId).toBe('SmartHomeDeviceTable');
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  test('fails when the home region is not a smart home region while skillRegions lists others', () => {
    expect(() => smartHomeApp({ skillRegions: 'us-east-1,eu-west-1' }, 'eu-central-1')).toThrow(
      /^Invalid skillRegions: received "us-east-1,eu-west-1"\. Expected with skillType "smart-home", a home stack in one of us-east-1, eu-west-1, us-west-2 \(it was in eu-central-1\)/
    );
  });

  test('fails when the events secret is an ARN of one region while functions run in several', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa/events-AbCdEf';
    expect(() =>
      smartHomeApp({ skillRegions: 'us-east-1,us-west-2', alexaEventsSecretName: arn }, 'us-east-1')
    ).toThrow(
      /^Invalid alexaEventsSecretName: received "arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa\/events-AbCdEf"\. Expected with skillRegions "us-east-1,us-west-2", a secret name/
    );
  });

  test('fails when a regional smart home stack is given a home stack without a global table', () => {
    const { app, home } = smartHomeApp({}, 'us-east-1');
    expect(
      () =>
        new RegionalSkillStack(app, `${HOME}-eu-west-1`, {
          settings: settingsFrom({ skillType: 'smart-home' }),
          home,
          region: 'eu-west-1',
        })
    ).toThrow(
      /^The home stack AlexaAccountLinking-test has no global device table for eu-west-1: build it with skillRegions including eu-west-1\.$/
    );
  });

  test('GlobalDeviceTable fails when a customer managed key would have to serve replicas in other regions', () => {
    const stack = new Stack(newApp(), 'Devices', { env: { region: 'us-east-1' } });
    const encryptionKey = new Key(stack, 'Key');
    expect(
      () =>
        new GlobalDeviceTable(stack, 'Devices', {
          replicaRegions: ['eu-west-1'],
          encryptionKey,
        })
    ).toThrow(
      /^GlobalDeviceTable: encryptionKey is a customer managed key of one region, and replicaRegions \(eu-west-1\) would each need a key of their own\. Leave encryptionKey unset/
    );
    // Without replicas the key is the table's.
    new GlobalDeviceTable(stack, 'OneRegion', { replicaRegions: [], encryptionKey });
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          Region: 'us-east-1',
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
        }),
      ],
    });
  });
});
