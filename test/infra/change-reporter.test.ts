import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { newApp, settingsFrom, synthAccountLinkingStack, onlyResource } from '../support/infra';
import { synthWithNag } from '../support/nag';

const EVENTS_ON = { skillType: 'smart-home', alexaEventsSecretName: 'alexa/events-credentials' };

describe('the change reporter, with alexaEventsSecretName', () => {
  // GIVEN a smart home stack with events on
  const { template } = synthAccountLinkingStack(EVENTS_ON);
  const table = onlyResource(template, 'AWS::DynamoDB::Table');
  const reporterId = Object.keys(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Alexa change reporter') },
    })
  )[0] as string;

  test('the device table (logical ID unchanged) has a NEW_AND_OLD_IMAGES stream', () => {
    expect(table.logicalId).toBe('SmartHomeDeviceTable');
    expect(table.properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  test('the event source mapping passes on endpoint items only, per-record failures to a queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: reporterId },
      EventSourceArn: { 'Fn::GetAtt': ['SmartHomeDeviceTable', 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 21600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('Failures'), 'Arn'] } },
      },
      FilterCriteria: {
        Filters: [{ Pattern: '{"dynamodb":{"Keys":{"itemId":{"S":[{"prefix":"endpoint#"}]}}}}' }],
      },
    });
  });

  test("the reporter's role reads only its table's stream and only the events secret", () => {
    const reporter = template.findResources('AWS::Lambda::Function')[reporterId] as {
      Properties: { Role: { 'Fn::GetAtt': [string, string] } };
    };
    const roleId = reporter.Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: roleId }] },
      })
    ) as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const resourcesOf = (action: string) =>
      statements
        .filter((s) => ([] as unknown[]).concat(s.Action).includes(action))
        .map((s) => s.Resource);
    expect(resourcesOf('dynamodb:GetRecords')).toEqual([
      { 'Fn::GetAtt': ['SmartHomeDeviceTable', 'StreamArn'] },
    ]);
    expect(resourcesOf('dynamodb:ListStreams')).toEqual(['*']);
    expect(resourcesOf('dynamodb:UpdateItem')).toEqual([
      [{ 'Fn::GetAtt': ['SmartHomeDeviceTable', 'Arn'] }],
    ]);
    expect(JSON.stringify(resourcesOf('secretsmanager:GetSecretValue'))).toMatch(
      /secret:alexa\/events-credentials-\?\?\?\?\?\?/
    );
    const actions = statements.flatMap((s) => ([] as string[]).concat(s.Action as string));
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('dynamodb:Scan');
  });

  test('alarms on refused events, failed refreshes, the failure queue and the reporter errors', () => {
    for (const name of ['ProactiveEventsRefused', 'EventsTokenRefreshFailures']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: name,
        Namespace: 'AlexaAccountLinking',
        Threshold: 1,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('Alarms') }],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: reporterId } }],
    });
  });

  test('cdk-nag finds nothing unacknowledged', () => {
    const app = newApp();
    new AccountLinkingStack(app, 'AlexaAccountLinking-test', { settings: settingsFrom(EVENTS_ON) });
    expect(synthWithNag(app)).toEqual([]);
  });
});

test('without alexaEventsSecretName: no stream, no reporter', () => {
  const { template } = synthAccountLinkingStack({ skillType: 'smart-home' });
  expect(
    onlyResource(template, 'AWS::DynamoDB::Table').properties.StreamSpecification
  ).toBeUndefined();
  template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  expect(Template.fromJSON(template.toJSON()).findResources('AWS::SQS::Queue')).toEqual({});
});
