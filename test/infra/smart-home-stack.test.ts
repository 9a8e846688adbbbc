import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { readSkillTypeSettings } from '../../lib/app-settings/skill-type-settings';
import { DeviceTable } from '../../lib/skill-functions/device-table';
import { SmartHomeFunction } from '../../lib/skill-functions/smart-home-function';
import {
  SKILL_ID,
  newApp,
  onlyResource,
  settingsFrom,
  synthAccountLinkingStack,
} from '../support/infra';
import { normalizeTemplate, type Json } from '../support/template';
import { updatingSnapshots } from '../support/template-snapshot';
import {
  readSmartHomeSnapshot,
  riskySmartHomeChanges,
  writeSmartHomeSnapshot,
} from '../support/smart-home-snapshot';

const SMART_HOME = { skillType: 'smart-home' };
const synthSmartHome = (context: Record<string, unknown> = {}) =>
  synthAccountLinkingStack({ ...SMART_HOME, ...context });
const normalized = (context: Record<string, unknown> = {}) =>
  normalizeTemplate(synthSmartHome(context).template.toJSON() as Json) as Record<string, Json>;
type Resources = { Resources: Record<string, Record<string, unknown>> };
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('AccountLinkingStack with skillType smart-home', () => {
  test('matches the committed smart home template snapshot (asset hashes normalized)', () => {
    const template = normalized();
    if (updatingSnapshots()) writeSmartHomeSnapshot(template);
    expect(template).toEqual(readSmartHomeSnapshot());
  });

  test('provisions the smart home function instead of the custom skill function', () => {
    // GIVEN / WHEN
    const { template, stack } = synthSmartHome();
    // THEN
    expect(stack.skill).toBeUndefined();
    expect(stack.smartHome).toBeDefined();
    const fn = onlyResource(template, 'AWS::Lambda::Function');
    expect(fn.properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 7,
      MemorySize: 512,
      Handler: 'index.handler',
      Description: 'Alexa skill (smart home): verifies the account-link token of every directive',
    });
    // Directives from the smart home service, skill events from the Alexa Skills Kit service:
    // each scoped to the skill, and nothing else may invoke the function.
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
  });

  test('keeps the user pool, client and domain logical IDs of the default stack', () => {
    const { template } = synthSmartHome();
    expect(onlyResource(template, 'AWS::Cognito::UserPool').logicalId).toBe(
      'AccountLinkingUserPool851FFDA4'
    );
    expect(onlyResource(template, 'AWS::Cognito::UserPoolClient').logicalId).toBe(
      'AccountLinkingAlexaClientEAFF6DFA'
    );
    expect(onlyResource(template, 'AWS::Cognito::UserPoolDomain').logicalId).toBe(
      'AccountLinkingDomainEE54AF78'
    );
  });

  test('the device table: pinned logical ID, on-demand, PITR, KMS encryption, retained and deletion-protected', () => {
    const { template } = synthSmartHome();
    expect(onlyResource(template, 'AWS::DynamoDB::Table').logicalId).toBe('SmartHomeDeviceTable');
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'userId', KeyType: 'HASH' },
          { AttributeName: 'itemId', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    });
  });

  test("the function's role writes its logs, reads and writes its table and erases users' items from it, nothing else", () => {
    const { template } = synthSmartHome();
    const { Statement: statements } = onlyResource(template, 'AWS::IAM::Policy').properties
      .PolicyDocument as { Statement: { Action: unknown; Effect: string; Resource: unknown }[] };
    expect(statements.map((statement) => [statement.Effect, statement.Action])).toEqual([
      ['Allow', ['logs:CreateLogStream', 'logs:PutLogEvents']],
      ['Allow', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem']],
      // SkillDisabled with NOT_PERSISTED: the user's keys, then their deletes.
      ['Allow', ['dynamodb:Query', 'dynamodb:BatchWriteItem']],
    ]);
    expect(statements[0]?.Resource).toEqual({
      'Fn::GetAtt': [onlyResource(template, 'AWS::Logs::LogGroup').logicalId, 'Arn'],
    });
    expect(statements[1]?.Resource).toEqual([{ 'Fn::GetAtt': ['SmartHomeDeviceTable', 'Arn'] }]);
    expect(statements[2]?.Resource).toEqual({ 'Fn::GetAtt': ['SmartHomeDeviceTable', 'Arn'] });
    expect(JSON.stringify(template.toJSON())).not.toContain('secretsmanager:GetSecretValue');
  });

  test.each([
    [
      'a secret name: its partial ARN with the six-character suffix',
      'alexa/events-credentials',
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':secretsmanager:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':secret:alexa/events-credentials-??????',
          ],
        ],
      },
    ],
    [
      'a secret ARN: exactly that ARN',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa/events-AbCdEf',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa/events-AbCdEf',
    ],
  ])('alexaEventsSecretName as %s may be read, and no other secret', (_case, secret, resource) => {
    const { template } = synthSmartHome({ alexaEventsSecretName: secret });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: resource },
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ALEXA_EVENTS_SECRET_ID: secret }) },
    });
    template.hasOutput('AlexaEvents', { Value: 'on' });
  });

  test('outputs the function ARN, the scopes to enter and that proactive events are off', () => {
    const { template } = synthSmartHome();
    template.hasOutput('SmartHomeFunctionArn', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SmartHomeFunction'), 'Arn'] },
      Description: Match.stringLikeRegexp('^Alexa console > Smart Home > Default endpoint'),
    });
    template.hasOutput('Scopes', {
      Value: 'openid,email,profile',
      Description: Match.stringLikeRegexp('a smart home skill needs at least one'),
    });
    template.hasOutput('AlexaEvents', {
      Value: 'off',
      Description: Match.stringLikeRegexp('^Proactive events are off.*alexaEventsSecretName'),
    });
    expect(Object.keys(template.toJSON().Outputs as object)).not.toContain('SkillFunctionArn');
  });

  test.each([
    ['eu-central-1', 1],
    ['us-east-1', 0],
    ['eu-west-1', 0],
    ['us-west-2', 0],
  ])('warns at synthesis when the region is %s: %i warning(s)', (region, count) => {
    const app = newApp();
    const stack = new AccountLinkingStack(app, 'AlexaAccountLinking-test', {
      settings: settingsFrom(SMART_HOME),
      env: { account: '123456789012', region },
    });
    const warnings = Annotations.fromStack(stack).findWarning(
      '*',
      Match.stringLikeRegexp('serves no Alexa smart home locale')
    );
    expect(warnings).toHaveLength(count);
    if (count > 0) expect(JSON.stringify(warnings)).toMatch(/no new devices/);
  });

  test('does not warn when the region is unresolved (an environment-agnostic stack)', () => {
    const { stack } = synthSmartHome();
    expect(
      Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('smart home locale'))
    ).toEqual([]);
  });

  test.each([
    [
      { skillType: 'smarthome' },
      /Invalid skillType: received "smarthome"\. Expected one of "custom", "smart-home"/,
    ],
    [{ skillType: 'smart-home', scopes: '' }, /Invalid scopes: received ""\. Expected a value/],
    [
      {
        skillType: 'smart-home',
        linkingServer: 'login-with-amazon',
        lwaClientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
        domainPrefix: undefined,
        lwaScopes: [],
      },
      /Invalid lwaScopes: received "". Expected at least one scope: a smart home skill's account linking requires scopes/,
    ],
    [
      { alexaEventsSecretName: 'alexa/events' },
      /Invalid alexaEventsSecretName: received "alexa\/events"\. Expected no value unless skillType is "smart-home"/,
    ],
    [
      { skillType: 'smart-home', alexaEventsSecretName: 'not a name' },
      /Invalid alexaEventsSecretName: received "not a name"/,
    ],
  ])('fails when %j', (context, message) => {
    expect(() => synthAccountLinkingStack(context)).toThrow(message);
  });

  test('readSkillTypeSettings defaults to the custom skill', () => {
    expect(readSkillTypeSettings(() => undefined)).toEqual({ skillType: 'custom' });
  });
});

describe('smart home replacement guard', () => {
  test('the synthesized smart home template replaces, deletes or orphans nothing that holds users or devices', () => {
    expect(riskySmartHomeChanges(readSmartHomeSnapshot(), normalized())).toBe('');
  });

  test('fails when the device table would be replaced by a new key schema', () => {
    const committed = readSmartHomeSnapshot();
    const changed = clone(committed) as unknown as Resources;
    const table = changed.Resources.SmartHomeDeviceTable as { Properties: Record<string, unknown> };
    table.Properties.KeySchema = [{ AttributeName: 'userId', KeyType: 'HASH' }];
    expect(riskySmartHomeChanges(committed, changed as unknown as Record<string, Json>)).toBe(
      'AWS::DynamoDB::Table SmartHomeDeviceTable WILL_REPLACE because of KeySchema'
    );
  });

  test('fails when the device table would be deleted along with its data', () => {
    const committed = clone(readSmartHomeSnapshot()) as unknown as Resources;
    delete (committed.Resources.SmartHomeDeviceTable as Record<string, unknown>).DeletionPolicy;
    const removed = clone(committed);
    delete removed.Resources.SmartHomeDeviceTable;
    expect(
      riskySmartHomeChanges(
        committed as unknown as Record<string, Json>,
        removed as unknown as Record<string, Json>
      )
    ).toBe('AWS::DynamoDB::Table SmartHomeDeviceTable WILL_DESTROY');
  });

  test('the retained table is orphaned, not lost, if it ever leaves the template', () => {
    const committed = readSmartHomeSnapshot() as unknown as Resources;
    const removed = clone(committed);
    delete removed.Resources.SmartHomeDeviceTable;
    expect(
      riskySmartHomeChanges(
        committed as unknown as Record<string, Json>,
        removed as unknown as Record<string, Json>
      )
    ).toBe('AWS::DynamoDB::Table SmartHomeDeviceTable WILL_ORPHAN');
  });
});

describe('SmartHomeFunction', () => {
  const functionStack = (linkingEnvironment: Record<string, string>) => {
    const stack = new Stack(newApp(), 'TestStack');
    const deviceTable = new DeviceTable(stack, 'Devices');
    new SmartHomeFunction(stack, 'SmartHome', {
      skillId: SKILL_ID,
      linkingEnvironment,
      deviceTable,
    });
    return Template.fromStack(stack);
  };

  test('takes any linking server environment as given', () => {
    const template = functionStack({
      LINKING_SERVER: 'oidc',
      OIDC_ISSUER: 'https://id.example.com',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          SKILL_ID,
          LINKING_SERVER: 'oidc',
          OIDC_ISSUER: 'https://id.example.com',
          DEVICES_TABLE_NAME: { Ref: Match.stringLikeRegexp('^DevicesTable') },
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: Match.absent(),
        },
      },
    });
  });

  test('tells the function its stage (the stack name by default), which the linking environment may not override', () => {
    functionStack({}).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SKILL_STAGE: 'TestStack' }) },
    });
    synthSmartHome({ stage: 'prod' }).template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SKILL_STAGE: 'prod' }) },
    });
    expect(() => functionStack({ SKILL_STAGE: 'prod' })).toThrow(
      /linkingEnvironment may not set SKILL_STAGE: SmartHomeFunction sets it itself/
    );
  });

  test('fails when the linking environment would override its own variables', () => {
    expect(() => functionStack({ DEVICES_TABLE_NAME: 'other', SKILL_ID: 'x' })).toThrow(
      /linkingEnvironment may not set SKILL_ID, DEVICES_TABLE_NAME: SmartHomeFunction sets them itself/
    );
  });

  test('fails when the skill ID is not one', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
    expect(
      () =>
        new SmartHomeFunction(stack, 'SmartHome', {
          skillId: 'amzn1.ask.skill.nope',
          linkingEnvironment: {},
          deviceTable: new DeviceTable(stack, 'Devices'),
        })
    ).toThrow(/Invalid skillId: received "amzn1\.ask\.skill\.nope"/);
  });
});
