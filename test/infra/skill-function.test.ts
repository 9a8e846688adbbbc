import { Match, Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { SkillFunction } from '../../lib/skill-functions/skill-function';
import { SKILL_ID, newStack, onlyResource, synthAccountLinkingStack } from '../support/infra';

function functionStack(skillId = SKILL_ID, stage?: string) {
  const stack = newStack();
  const userPool = new UserPool(stack, 'Pool');
  const userPoolClient = userPool.addClient('Client');
  new SkillFunction(stack, 'Skill', {
    skillId,
    linkingServer: {
      linkingServerName: 'cognito',
      functionEnvironment: {
        USER_POOL_ID: userPool.userPoolId,
        USER_POOL_CLIENT_ID: userPoolClient.userPoolClientId,
        SIGN_IN_DOMAIN_URL: 'https://acme.auth.us-east-1.amazoncognito.com',
      },
    },
    stage,
  });
  return Template.fromStack(stack);
}

describe('SkillFunction', () => {
  test("runs Node.js 24 on arm64 with a 7 s timeout, under Alexa's 8 s", () => {
    functionStack().hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 7,
      MemorySize: 512,
      Handler: 'index.handler',
    });
  });

  test('is configured with the pool, client, sign-in domain and skill ID, source maps not loaded at cold start', () => {
    functionStack().hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          SKILL_ID,
          USER_POOL_ID: { Ref: Match.stringLikeRegexp('^Pool') },
          USER_POOL_CLIENT_ID: { Ref: Match.stringLikeRegexp('^PoolClient') },
          SIGN_IN_DOMAIN_URL: 'https://acme.auth.us-east-1.amazoncognito.com',
          POWERTOOLS_LOG_LEVEL: 'INFO',
          NODE_OPTIONS: Match.absent(),
        },
      },
    });
  });

  test('logs to its own log group, kept for a month', () => {
    const template = functionStack();
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^SkillLogs') } },
    });
  });

  test('may be invoked by Alexa only for this skill', () => {
    const template = functionStack();
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'alexa-appkit.amazon.com',
      EventSourceToken: SKILL_ID,
    });
  });

  test('has a role that can only write its own logs', () => {
    const template = functionStack();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
          },
        ],
      },
      ManagedPolicyArns: Match.absent(),
    });
    const policy = onlyResource(template, 'AWS::IAM::Policy');
    expect(policy.properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SkillLogs/), 'Arn'] },
        },
      ],
    });
  });

  test('fails when the skill ID is malformed', () => {
    expect(() => functionStack('amzn1.ask.skill.nope')).toThrow(
      /Invalid skillId: received "amzn1\.ask\.skill\.nope"/
    );
  });

  test('tells the function its stage for the Stage metric dimension: the stack name unless given', () => {
    const stageOf = (template: Template) =>
      (
        onlyResource(template, 'AWS::Lambda::Function').properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables.SKILL_STAGE;
    expect(stageOf(functionStack())).toBe('TestStack');
    expect(stageOf(functionStack(SKILL_ID, 'prod'))).toBe('prod');
    expect(stageOf(synthAccountLinkingStack({ stage: 'qa' }).template)).toBe('qa');
  });

  test.each(['', 'has space', 'x'.repeat(256)])('fails when the stage is %j', (stage) => {
    expect(() => functionStack(SKILL_ID, stage)).toThrow(
      /Invalid stage: received ".*"\. Expected 1 to 255 printable characters without spaces/
    );
  });

  test('the stack outputs the function ARN for the skill manifest', () => {
    const { template } = synthAccountLinkingStack();
    template.hasOutput('SkillFunctionArn', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SkillFunction'), 'Arn'] },
    });
    template.hasOutput('SkillId', { Value: SKILL_ID });
  });
});
