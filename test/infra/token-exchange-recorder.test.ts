/** The token-exchange recorder in the synthesized template: off by default, its IAM, throttling and the outputs it switches. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { TokenExchangeRecorder } from '../../lib/recorder/token-exchange-recorder';
import { METRICS_NAMESPACE, METRIC_NAMES } from '../../lambda/core/metric-names';
import {
  LWA_CONTEXT,
  OIDC_CONTEXT,
  newApp,
  newStack,
  onlyResource,
  settingsFrom,
  synthAccountLinkingStack,
} from '../support/infra';
import { synthWithNag } from '../support/nag';

const ON = { recordTokenExchanges: true };
const EXECUTE_API_TOKEN_URL = {
  'Fn::Join': [
    '',
    [
      'https://',
      { Ref: Match.stringLikeRegexp('TokenExchangeRecorderApi') },
      '.execute-api.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/token',
    ],
  ],
};

function recorderFunction(template: Template) {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('^Token-exchange recorder') },
  });
  return Object.entries(functions).map(([id, r]) => ({
    id,
    props: (r as { Properties: Record<string, unknown> }).Properties,
  }));
}

describe('recordTokenExchanges off (the default)', () => {
  test('deploys no recorder, and Alexa calls the pool token endpoint', () => {
    // GIVEN / WHEN
    const { template } = synthAccountLinkingStack();
    // THEN
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    expect(recorderFunction(template)).toHaveLength(0);
    const output = template.findOutputs('AccessTokenUri');
    expect(JSON.stringify(output)).toContain('/oauth2/token');
    expect(template.findOutputs('LinkingServerTokenUri')).toEqual({});
    expect(template.findOutputs('TokenExchangeLogGroup')).toEqual({});
  });
});

describe('recordTokenExchanges=true with Cognito', () => {
  const { template } = synthAccountLinkingStack({
    ...ON,
    smapiCredentialsSecret: 'alexa/smapi-credentials',
  });

  test('an HTTP API routes POST /token to the recorder function, throttled at its stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /token' });
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      TimeoutInMillis: 5000,
    });
  });

  test('the function forwards to the pool token endpoint with a 4 s deadline, and may only write its own logs', () => {
    const [fn] = recorderFunction(template);
    expect(fn).toBeDefined();
    const variables = (fn?.props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.stringify(variables.UPSTREAM_TOKEN_URL)).toContain('/oauth2/token');
    expect(variables.TOKEN_DEADLINE_MS).toBe('4000');
    expect(variables.SKILL_STAGE).toBe('dev');
    expect(fn?.props.Timeout).toBe(6);
    const roleId = (fn?.props.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
    const role = template.findResources('AWS::IAM::Role')[roleId] as {
      Properties: Record<string, unknown>;
    };
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(roleId)
    ) as { Properties: { PolicyDocument: { Statement: { Action: unknown }[] } } }[];
    expect(policies).toHaveLength(1);
    const actions = policies[0]?.Properties.PolicyDocument.Statement.flatMap((s) => s.Action);
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('AccessTokenUri and automatic mode point at the recorder; the pool endpoint is an output of its own', () => {
    template.hasOutput('AccessTokenUri', { Value: EXECUTE_API_TOKEN_URL });
    expect(JSON.stringify(template.findOutputs('LinkingServerTokenUri'))).toContain(
      '/oauth2/token'
    );
    template.hasOutput('TokenExchangeLogGroup', { Value: { Ref: Match.anyValue() } });
    template.hasResourceProperties('Custom::AlexaSkillAccountLinking', {
      AccessTokenUrl: EXECUTE_API_TOKEN_URL,
    });
  });

  test('alarms on invalid_grant refreshes, short-lived tokens and p99 latency, read from the metrics the recorder writes', () => {
    for (const [name, statistic, threshold] of [
      [METRIC_NAMES.invalidGrantRefreshes, 'Sum', 1],
      [METRIC_NAMES.shortLivedTokenResponses, 'Sum', 1],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: METRICS_NAMESPACE,
        MetricName: name,
        Statistic: statistic,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Dimensions: Match.arrayWith([{ Name: 'Stage', Value: 'dev' }]),
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: METRIC_NAMES.tokenExchangeLatency,
      ExtendedStatistic: 'p99',
      Threshold: 3500,
    });
    const dashboard = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard).toContain('TokenExchanges');
    expect(dashboard).toContain('Alexa gives up');
  });
});

describe('recordTokenExchanges=true with another linking server', () => {
  test('OIDC: the recorder forwards to oidcTokenUrl, and automatic mode sends the recorder URL', () => {
    const { template } = synthAccountLinkingStack({
      ...OIDC_CONTEXT,
      domainPrefix: undefined,
      ...ON,
      smapiCredentialsSecret: 'alexa/smapi-credentials',
    });
    const [fn] = recorderFunction(template);
    const variables = (fn?.props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.UPSTREAM_TOKEN_URL).toBe('https://acme.eu.auth0.com/oauth/token');
    template.hasOutput('AccessTokenUri', { Value: EXECUTE_API_TOKEN_URL });
    template.hasOutput('LinkingServerTokenUri', {
      Value: 'https://acme.eu.auth0.com/oauth/token',
    });
    template.hasResourceProperties('Custom::AlexaSkillAccountLinking', {
      AccessTokenUrl: EXECUTE_API_TOKEN_URL,
    });
  });

  test("Login with Amazon: warned about and ignored, Alexa keeps Amazon's endpoint", () => {
    const { stack, template } = synthAccountLinkingStack({
      ...LWA_CONTEXT,
      domainPrefix: undefined,
      ...ON,
    });
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    template.hasOutput('AccessTokenUri', { Value: 'https://api.amazon.com/auth/o2/token' });
    Annotations.fromStack(stack).hasWarning(
      '*',
      Match.stringLikeRegexp('recordTokenExchanges is ignored')
    );
  });

  test('has no unacknowledged cdk-nag finding with the recorder on', () => {
    const app = newApp({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')) });
    new AccountLinkingStack(app, 'AlexaAccountLinking-test', { settings: settingsFrom(ON) });
    const findings = synthWithNag(app);
    fs.rmSync(app.outdir, { recursive: true, force: true });
    expect(findings).toEqual([]);
  });
});

describe('TokenExchangeRecorder props', () => {
  test.each([
    [
      'an http upstream',
      { upstreamTokenUrl: 'http://example.com/token' },
      /Invalid upstreamTokenUrl: received "http:\/\/example.com\/token".*https/,
    ],
    [
      'a deadline of 4.5 s',
      { deadline: Duration.millis(4500) },
      /Invalid deadline: received "4500 ms".*under 4.5 seconds/,
    ],
    ['a zero deadline', { deadline: Duration.millis(0) }, /Invalid deadline/],
  ])('fails when given %s', (_case, props, message) => {
    expect(
      () =>
        new TokenExchangeRecorder(newStack(), 'Recorder', {
          upstreamTokenUrl: 'https://example.com/oauth/token',
          ...props,
        })
    ).toThrow(message);
  });

  test('takes a deadline under 4.5 s and its throttling', () => {
    const stack = newStack();
    new TokenExchangeRecorder(stack, 'Recorder', {
      upstreamTokenUrl: 'https://example.com/oauth/token',
      deadline: Duration.millis(4499),
      rateLimit: 5,
      burstLimit: 10,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
    const fn = onlyResource(template, 'AWS::Lambda::Function');
    expect(JSON.stringify(fn.properties.Environment)).toContain('"TOKEN_DEADLINE_MS":"4499"');
  });
});
