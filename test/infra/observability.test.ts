import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { AlarmTopic } from '../../lib/observability/alarm-topic';
import { SkillObservability } from '../../lib/observability/skill-observability';
import { METRICS_NAMESPACE, METRICS_SERVICE, METRIC_NAMES } from '../../lambda/core/metric-names';
import { newApp, settingsFrom, synthAccountLinkingStack } from '../support/infra';
import { synthWithNag } from '../support/nag';

type Resource = { Type: string; Properties: Record<string, unknown> };
const SHARED = new Set<string>(Object.values(METRIC_NAMES));

function alarms(template: Template): Record<string, Resource> {
  return template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
}

/** Every (namespace, metric name) an alarm reads, whether a plain metric or inside metric math. */
function alarmMetrics(alarm: Resource): { namespace: unknown; name: unknown; dims: unknown }[] {
  const p = alarm.Properties;
  if (p.MetricName !== undefined) {
    return [{ namespace: p.Namespace, name: p.MetricName, dims: p.Dimensions }];
  }
  return ((p.Metrics as { MetricStat?: { Metric: Record<string, unknown> } }[]) ?? [])
    .filter((m) => m.MetricStat !== undefined)
    .map((m) => ({
      namespace: m.MetricStat?.Metric.Namespace,
      name: m.MetricStat?.Metric.MetricName,
      dims: m.MetricStat?.Metric.Dimensions,
    }));
}

describe('alarms, dashboard and alarm topic in the default stack', () => {
  const { template } = synthAccountLinkingStack();
  const all = alarms(template);
  const byMetric = (name: string) =>
    Object.values(all).filter((a) => alarmMetrics(a).some((m) => m.name === name));

  test('six alarms, each notifying the alarm topic when it fires and when it clears', () => {
    expect(Object.keys(all)).toHaveLength(6);
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic'))[0] as string;
    for (const alarm of Object.values(all)) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
    }
  });

  test('every skill metric an alarm reads is in the shared list, with the namespace, service and stage the code emits', () => {
    const custom = Object.values(all)
      .flatMap(alarmMetrics)
      .filter((m) => m.namespace === METRICS_NAMESPACE);
    expect(custom.map((m) => m.name).sort()).toEqual(
      [
        METRIC_NAMES.acceptGrantFailures,
        METRIC_NAMES.invalidTokenRequests,
        METRIC_NAMES.linkedRequests,
        METRIC_NAMES.unverifiableRequests,
      ].sort()
    );
    for (const metric of custom) {
      expect(SHARED.has(metric.name as string)).toBe(true);
      expect(metric.dims).toEqual([
        { Name: 'Stage', Value: 'dev' },
        { Name: 'service', Value: METRICS_SERVICE },
      ]);
    }
  });

  test('function errors and throttles: any in 5 minutes', () => {
    for (const name of ['Errors', 'Throttles']) {
      expect(byMetric(name).map((a) => a.Properties)).toEqual([
        expect.objectContaining({
          Namespace: 'AWS/Lambda',
          Statistic: 'Sum',
          Period: 300,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        }),
      ]);
    }
  });

  test('p99 duration above 6 s (Alexa gives up at 8 s)', () => {
    expect(byMetric('Duration').map((a) => a.Properties)).toEqual([
      expect.objectContaining({
        ExtendedStatistic: 'p99',
        Threshold: 6000,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    ]);
  });

  test('unverifiable decisions in each of 5 consecutive minutes', () => {
    expect(byMetric(METRIC_NAMES.unverifiableRequests).map((a) => a.Properties)).toEqual([
      expect.objectContaining({
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 5,
        Threshold: 1,
      }),
    ]);
  });

  test('a jump in the invalid-token share: above 10% of at least 20 token-carrying requests, twice in a row', () => {
    const [jump] = byMetric(METRIC_NAMES.invalidTokenRequests);
    const metrics = jump?.Properties.Metrics as { Id: string; Expression?: string }[];
    expect(metrics.find((m) => m.Expression !== undefined)?.Expression).toBe(
      'IF(linked + invalid >= 20, 100 * invalid / (linked + invalid), 0)'
    );
    expect(jump?.Properties).toEqual(
      expect.objectContaining({ Threshold: 10, EvaluationPeriods: 2, DatapointsToAlarm: 2 })
    );
  });

  test('any AcceptGrant failure', () => {
    expect(byMetric(METRIC_NAMES.acceptGrantFailures)).toHaveLength(1);
  });

  test('the topic is encrypted with a rotated key CloudWatch may use, and refuses plain HTTP', () => {
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0] as string;
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('the dashboard shows linked, unlinked and invalid decisions, latency and errors', () => {
    const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const body = JSON.stringify(Object.values(dashboards)[0]);
    for (const text of [
      METRIC_NAMES.linkedRequests,
      METRIC_NAMES.unlinkedRequests,
      METRIC_NAMES.invalidTokenRequests,
      METRIC_NAMES.verificationLatency,
      METRIC_NAMES.profileLatency,
      'Errors',
      'Throttles',
    ]) {
      expect(body).toContain(text);
    }
  });

  test('outputs the alarm topic ARN', () => {
    template.hasOutput('AlarmTopicArn', { Value: { Ref: Match.stringLikeRegexp('^AlarmsTopic') } });
  });
});

describe('alarmEmail', () => {
  test('subscribes the address to the alarm topic', () => {
    const { template } = synthAccountLinkingStack({ alarmEmail: 'oncall@example.com' });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  test.each(['not-an-email', 'two@@example.com', 'ops@example'])(
    'fails when alarmEmail is %j',
    (value) => {
      expect(() => settingsFrom({ alarmEmail: value })).toThrow(
        new RegExp(`Invalid alarmEmail: received "${value}"\\. Expected an email address`)
      );
    }
  );

  test('fails when the construct is given a bad address too', () => {
    expect(() => new AlarmTopic(new Stack(), 'T', { alarmEmail: 'nobody' })).toThrow(
      /Invalid alarmEmail: received "nobody"/
    );
  });
});

describe('SkillObservability', () => {
  test('alarms on every function it is given, by label', () => {
    // GIVEN
    const stack = new Stack();
    const fn = (id: string) =>
      new LambdaFunction(stack, id, {
        runtime: Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: Code.fromInline('exports.handler = async () => ({})'),
      });
    // WHEN
    new SkillObservability(stack, 'Obs', {
      functions: { Custom: fn('A'), SmartHome: fn('B') },
      alarmTopic: new AlarmTopic(stack, 'Topic').topic,
      p99DurationThreshold: Duration.seconds(5),
      dashboard: false,
    });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 9);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(
      Object.values(alarms(template)).filter((a) => a.Properties.Threshold === 5000)
    ).toHaveLength(2);
  });

  test("reads the skill metrics of the stage it is given, or of the stack's name", () => {
    const stageDimensions = (stage?: string) => {
      const stack = new Stack(newApp(), 'ObservedStack');
      new SkillObservability(stack, 'Obs', {
        functions: {},
        alarmTopic: new AlarmTopic(stack, 'Topic').topic,
        stage,
        dashboard: false,
      });
      return Object.values(alarms(Template.fromStack(stack)))
        .flatMap(alarmMetrics)
        .map((m) => m.dims);
    };
    const only = (stage: string) => [
      { Name: 'Stage', Value: stage },
      { Name: 'service', Value: METRICS_SERVICE },
    ];
    expect(new Set(stageDimensions('prod').map((d) => JSON.stringify(d)))).toEqual(
      new Set([JSON.stringify(only('prod'))])
    );
    expect(new Set(stageDimensions().map((d) => JSON.stringify(d)))).toEqual(
      new Set([JSON.stringify(only('ObservedStack'))])
    );
  });

  test('fails when the stage is empty', () => {
    const stack = new Stack();
    expect(
      () =>
        new SkillObservability(stack, 'Obs', {
          functions: {},
          alarmTopic: new AlarmTopic(stack, 'Topic').topic,
          stage: '',
        })
    ).toThrow(/Invalid stage: received ""\. Expected 1 to 255 printable characters/);
  });

  test('fails when the invalid-token threshold is not a percentage', () => {
    const stack = new Stack();
    expect(
      () =>
        new SkillObservability(stack, 'Obs', {
          functions: {},
          alarmTopic: new AlarmTopic(stack, 'Topic').topic,
          invalidTokenPercentThreshold: 0,
        })
    ).toThrow(/invalidTokenPercentThreshold must be above 0 and at most 100; received 0/);
  });
});

describe('cdk-nag', () => {
  test('has no unacknowledged finding with alarmEmail set', () => {
    const app = newApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')) });
    new AccountLinkingStack(app, 'AlexaAccountLinking-test', {
      settings: settingsFrom({ alarmEmail: 'oncall@example.com' }),
    });
    expect(synthWithNag(app)).toEqual([]);
  });
});
