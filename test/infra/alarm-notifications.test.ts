import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { RegionalSkillStack } from '../../lib/regional-skill-stack';
import { newApp, settingsFrom } from '../support/infra';
import {
  decide,
  deployedArns,
  generatedName,
  keyPolicy,
  topicPolicy,
  type DeployedEnv,
  type TemplateJson,
} from '../support/policy-simulator';

const ACCOUNT = '111111111111';
const OTHER_ACCOUNT = '222222222222';
const CLOUDWATCH = 'cloudwatch.amazonaws.com';

/** Every stack the app can deploy an alarm topic in: Cognito home, smart home, a skill region. */
function stacks(): { name: string; stack: Stack; region: string }[] {
  const app = newApp();
  const settings = settingsFrom({ skillRegions: 'us-east-1,eu-west-1' });
  const home = new AccountLinkingStack(app, 'AlexaAccountLinking-test', {
    settings,
    env: { region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const regional = new RegionalSkillStack(app, 'AlexaAccountLinking-test-eu-west-1', {
    settings,
    home,
    region: 'eu-west-1',
  });
  const smartHome = new AccountLinkingStack(newApp(), 'AlexaAccountLinking-smart-home-test', {
    settings: settingsFrom({ skillType: 'smart-home' }),
  });
  return [
    { name: 'the Cognito home stack', stack: home, region: 'us-east-1' },
    { name: 'the regional stack (eu-west-1)', stack: regional, region: 'eu-west-1' },
    { name: 'the smart home stack', stack: smartHome, region: 'us-east-1' },
  ];
}

describe.each(stacks())('alarm notifications in $name', ({ stack, region }) => {
  const template = Template.fromStack(stack).toJSON() as TemplateJson;
  const env: DeployedEnv = { account: ACCOUNT, region, stackName: stack.stackName };
  const { policy: topicDocument, topicArn } = topicPolicy(template, env);
  const { policy: keyDocument, keyArn } = keyPolicy(template, env);
  const alarmArns = deployedArns(template, env, 'AWS::CloudWatch::Alarm');
  const alarmElsewhere = (overrides: Partial<DeployedEnv>) => {
    const other = { ...env, ...overrides };
    return `arn:aws:cloudwatch:${other.region}:${other.account}:alarm:${generatedName(other, 'ObservabilitySkillErrors7B8DA4E4')}`;
  };
  /** CloudWatch's request as the alarm `sourceArn` makes it, with what differs from the real one. */
  const publish = (sourceArn: string, overrides: Record<string, string> = {}) =>
    decide(topicDocument, {
      principal: overrides.principal ?? CLOUDWATCH,
      action: 'sns:Publish',
      resource: topicArn,
      resourceAccount: ACCOUNT,
      context: {
        'aws:SourceArn': sourceArn,
        'aws:SourceAccount': overrides.sourceAccount ?? ACCOUNT,
        'aws:SecureTransport': overrides.secureTransport ?? 'true',
      },
    });
  const useKey = (action: string, sourceArn: string, overrides: Record<string, string> = {}) =>
    decide(keyDocument, {
      principal: overrides.principal ?? CLOUDWATCH,
      action,
      resource: keyArn,
      resourceAccount: ACCOUNT,
      context: {
        'aws:SourceArn': sourceArn,
        'aws:SourceAccount': overrides.sourceAccount ?? ACCOUNT,
        'aws:SecureTransport': 'true',
      },
    });

  test('the stack has alarms to check', () => {
    expect(alarmArns.length).toBeGreaterThanOrEqual(6);
  });

  test('CloudWatch may publish every alarm of this stack to the topic', async () => {
    for (const alarmArn of alarmArns) {
      await expect(publish(alarmArn)).resolves.toBe('Allowed');
    }
  });

  test.each(['kms:GenerateDataKey', 'kms:Decrypt'])(
    'CloudWatch may %s with the topic key for every alarm of this stack',
    async (action) => {
      for (const alarmArn of alarmArns) {
        await expect(useKey(action, alarmArn)).resolves.toBe('Allowed');
      }
    }
  );

  test('refuses plain HTTP even from this stack’s alarms', async () => {
    await expect(publish(alarmArns[0] as string, { secureTransport: 'false' })).resolves.toBe(
      'ExplicitlyDenied'
    );
  });

  test.each([
    ['another account', () => alarmElsewhere({ account: OTHER_ACCOUNT }), OTHER_ACCOUNT],
    ['another region', () => alarmElsewhere({ region: 'ap-northeast-1' }), ACCOUNT],
    ['another stage', () => alarmElsewhere({ stackName: 'AlexaAccountLinking-prod' }), ACCOUNT],
  ])('denies an alarm of %s, on the topic and the key', async (_, sourceArn, sourceAccount) => {
    await expect(publish(sourceArn(), { sourceAccount })).resolves.not.toBe('Allowed');
    await expect(useKey('kms:GenerateDataKey', sourceArn(), { sourceAccount })).resolves.not.toBe(
      'Allowed'
    );
  });

  test('denies this stack’s alarm ARN claimed from another account (confused deputy)', async () => {
    await expect(
      publish(alarmArns[0] as string, { sourceAccount: OTHER_ACCOUNT })
    ).resolves.not.toBe('Allowed');
    await expect(
      useKey('kms:GenerateDataKey', alarmArns[0] as string, { sourceAccount: OTHER_ACCOUNT })
    ).resolves.not.toBe('Allowed');
  });

  test.each([
    ['another service', 'events.amazonaws.com'],
    ['a role in another account', `arn:aws:iam::${OTHER_ACCOUNT}:role/anyone`],
    ['a role in this account with no identity policy', `arn:aws:iam::${ACCOUNT}:role/anyone`],
  ])('denies %s publishing to the topic', async (_, principal) => {
    await expect(publish(alarmArns[0] as string, { principal })).resolves.not.toBe('Allowed');
  });

  test.each([
    ['another service', 'events.amazonaws.com'],
    ['a role in another account', `arn:aws:iam::${OTHER_ACCOUNT}:role/anyone`],
  ])('denies %s the topic key', async (_, principal) => {
    await expect(useKey('kms:Decrypt', alarmArns[0] as string, { principal })).resolves.not.toBe(
      'Allowed'
    );
  });
});
