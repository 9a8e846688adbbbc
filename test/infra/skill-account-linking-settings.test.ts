import { Match } from 'aws-cdk-lib/assertions';
import { clientSecretReads, type Json } from '../support/template';
import { SKILL_ID, onlyResource, synthAccountLinkingStack } from '../support/infra';

const SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa/smapi-credentials-AbCdEf';

describe('SkillAccountLinkingSettings (automatic mode)', () => {
  test('is absent unless smapiCredentialsSecret is set', () => {
    const { template } = synthAccountLinkingStack();
    template.resourceCountIs('Custom::AlexaSkillAccountLinking', 0);
  });

  test('passes names and URLs to the custom resource, never a secret', () => {
    const { template } = synthAccountLinkingStack({
      smapiCredentialsSecret: 'alexa/smapi-credentials',
    });
    const resource = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    expect(Object.keys(resource.properties).sort()).toEqual([
      'AccessTokenUrl',
      'AuthorizationUrl',
      'ClientId',
      'Domains',
      'Scopes',
      'ServiceToken',
      'SkillId',
      'SmapiCredentialsSecretId',
      'Stage',
      'UserPoolId',
    ]);
    expect(resource.properties).toEqual(
      expect.objectContaining({
        SkillId: SKILL_ID,
        Stage: 'development',
        UserPoolId: { Ref: 'AccountLinkingUserPool851FFDA4' },
        ClientId: { Ref: 'AccountLinkingAlexaClientEAFF6DFA' },
        Scopes: ['openid', 'email', 'profile'],
        SmapiCredentialsSecretId: 'alexa/smapi-credentials',
      })
    );
    expect(clientSecretReads(template.toJSON() as Json)).toEqual([]);
  });

  test('an ARN setting is passed as the full ARN', () => {
    const { template } = synthAccountLinkingStack({ smapiCredentialsSecret: SECRET_ARN });
    template.hasResourceProperties('Custom::AlexaSkillAccountLinking', {
      SmapiCredentialsSecretId: SECRET_ARN,
    });
  });

  test("the handler may read only this pool's client, this one secret, and write its own logs", () => {
    const { template } = synthAccountLinkingStack({ smapiCredentialsSecret: SECRET_ARN });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^SkillLinkSettingsHandlerRole') }] },
    });
    expect(
      Object.values(policies).map(
        (p) => (p as { Properties: { PolicyDocument: unknown } }).Properties.PolicyDocument
      )
    ).toEqual([
      {
        Version: '2012-10-17',
        Statement: [
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SkillLinkSettingsLogs/), 'Arn'] },
          },
          {
            Action: 'cognito-idp:DescribeUserPoolClient',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': ['AccountLinkingUserPool851FFDA4', 'Arn'] },
          },
          { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: SECRET_ARN },
        ],
      },
    ]);
  });

  test('the handler runs Node.js 24 on arm64, and the framework logs errors only', () => {
    const { template } = synthAccountLinkingStack({ smapiCredentialsSecret: SECRET_ARN });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Writes the Alexa skill account-linking settings (custom resource)',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('AWS CDK resource provider framework - onEvent'),
      LoggingConfig: Match.objectLike({ ApplicationLogLevel: 'ERROR', LogFormat: 'JSON' }),
    });
  });

  test('fails when smapiCredentialsSecret is not a secret name or ARN', () => {
    expect(() => synthAccountLinkingStack({ smapiCredentialsSecret: 'has spaces in it' })).toThrow(
      /Invalid smapiCredentialsSecret: received "has spaces in it"\. Expected the name or ARN of a Secrets Manager secret/
    );
  });
});
