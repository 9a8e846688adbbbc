import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AlexaAccountLinking } from '../../lib/identity/alexa-account-linking';
import { SkillAccountLinkingSettings } from '../../lib/link-settings/skill-account-linking-settings';
import { clientSecretReads, type Json } from '../support/template';
import {
  LWA_CONTEXT,
  SKILL_ID,
  newApp,
  onlyResource,
  synthAccountLinkingStack,
} from '../support/infra';
import { secretReference, secretReferenceForm } from '../../lib/app-settings/secret-reference';

const SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:alexa/smapi-credentials-AbCdEf';

/** A Fn::Join of pseudo parameters, as CloudFormation resolves it in one account and region. */
function iamResourceIn(
  value: unknown,
  where: { partition: string; region: string; account: string }
): string {
  const refs: Record<string, string> = {
    'AWS::Partition': where.partition,
    'AWS::Region': where.region,
    'AWS::AccountId': where.account,
  };
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts
    .map((part) => (typeof part === 'string' ? part : (refs[(part as { Ref: string }).Ref] ?? '')))
    .join(separator);
}

/** IAM's resource matching: `?` is one character, `*` any run of characters. */
function iamMatches(pattern: string, arn: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '?' ? '.' : c === '*' ? '.*' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(arn);
}

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

  const handlerPolicy = (template: ReturnType<typeof synthAccountLinkingStack>['template']) => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^SkillLinkSettingsHandlerRole') }] },
    });
    return Object.values(policies).map(
      (p) => (p as { Properties: { PolicyDocument: unknown } }).Properties.PolicyDocument
    );
  };
  const statementsWith = (secretResource: unknown) => [
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
        { Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: secretResource },
        // Only this stack's status, to tell a rollback from a deployment.
        {
          Action: 'cloudformation:DescribeStacks',
          Effect: 'Allow',
          Resource: { Ref: 'AWS::StackId' },
        },
      ],
    },
  ];

  test("with a complete ARN, the handler may read only this pool's client, that secret, this stack's status, and write its own logs", () => {
    const { template } = synthAccountLinkingStack({ smapiCredentialsSecret: SECRET_ARN });
    expect(handlerPolicy(template)).toEqual(statementsWith(SECRET_ARN));
  });

  test('with a secret name, GetSecretValue is allowed on "<partial ARN>-??????", which matches the real ARN', () => {
    // GIVEN the form docs/getting-started.md shows first
    const { template } = synthAccountLinkingStack({
      smapiCredentialsSecret: 'alexa/smapi-credentials',
    });
    // THEN the statement names the partial ARN plus exactly six suffix characters
    const partial = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':secretsmanager:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':secret:alexa/smapi-credentials-??????',
        ],
      ],
    };
    expect(handlerPolicy(template)).toEqual(statementsWith(partial));
    // AND, deployed in an account and region, it matches the secret's real ARN and nothing else
    const resource = iamResourceIn(partial, {
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
    });
    expect(iamMatches(resource, SECRET_ARN)).toBe(true);
    expect(iamMatches(resource, SECRET_ARN.replace(/-AbCdEf$/, ''))).toBe(false);
    expect(iamMatches(resource, SECRET_ARN.replace('-AbCdEf', '-other-AbCdEf'))).toBe(false);
    // The statement the code had before named the partial ARN itself, which matches no real secret.
    expect(iamMatches(resource.replace(/-\?{6}$/, ''), SECRET_ARN)).toBe(false);
    // AND GetSecretValue gets the name
    template.hasResourceProperties('Custom::AlexaSkillAccountLinking', {
      SmapiCredentialsSecretId: 'alexa/smapi-credentials',
    });
  });

  test('with a partial ARN, GetSecretValue is allowed on that ARN followed by "-??????"', () => {
    const partialArn = SECRET_ARN.replace(/-AbCdEf$/, '');
    const { template } = synthAccountLinkingStack({ smapiCredentialsSecret: partialArn });
    expect(handlerPolicy(template)).toEqual(statementsWith(`${partialArn}-??????`));
  });

  test('synthesis does not warn about skillId: it cannot see a change, only a deployment can', () => {
    const { stack } = synthAccountLinkingStack({ smapiCredentialsSecret: SECRET_ARN });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('skillId'));
    // The settings are written for the configured skill, which a changed skillId replaces.
    Template.fromStack(stack).hasResourceProperties('Custom::AlexaSkillAccountLinking', {
      SkillId: SKILL_ID,
    });
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

describe('secretReferenceForm', () => {
  test.each([
    ['alexa/smapi-credentials', 'name'],
    ['alexa/smapi-credentials-AbCdEf', 'name'],
    [SECRET_ARN, 'complete-arn'],
    [SECRET_ARN.replace(/-AbCdEf$/, ''), 'partial-arn'],
  ])('%s is a %s', (value, form) => {
    expect(secretReferenceForm(value)).toBe(form);
  });
});

describe('SkillAccountLinkingSettings for another linking server', () => {
  const build = (withCognito = false) => {
    const app = newApp();
    const stack = new Stack(app, 'LwaStack');
    const settings = new SkillAccountLinkingSettings(stack, 'LinkSettings', {
      skillId: SKILL_ID,
      smapiCredentialsSecret: secretReference(stack, 'Smapi', SECRET_ARN).secret,
      accountLinking: withCognito
        ? new AlexaAccountLinking(stack, 'AccountLinking', {
            alexaVendorId: 'M2TESTVENDOR42',
            domainPrefix: 'acme-alexa-sign-in',
          })
        : undefined,
      linkingServer: {
        authorizationUrl: 'https://www.amazon.com/ap/oa',
        accessTokenUrl: 'https://api.amazon.com/auth/o2/token',
        clientId: 'amzn1.application-oa2-client.linking',
        scopes: ['profile'],
        domains: ['amazon.com'],
        clientSecret: secretReference(stack, 'LinkingClient', 'alexa/lwa-linking-client').secret,
      },
    });
    return { stack, settings, template: Template.fromStack(stack) };
  };

  test('passes the console values and the secret name, never a pool or a secret', () => {
    const { template } = build();
    const resource = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    expect(resource.properties).toEqual({
      ServiceToken: expect.anything(),
      SkillId: SKILL_ID,
      Stage: 'development',
      ClientId: 'amzn1.application-oa2-client.linking',
      AuthorizationUrl: 'https://www.amazon.com/ap/oa',
      AccessTokenUrl: 'https://api.amazon.com/auth/o2/token',
      Scopes: ['profile'],
      Domains: ['amazon.com'],
      ClientSecretId: 'alexa/lwa-linking-client',
      SmapiCredentialsSecretId: SECRET_ARN,
    });
  });

  test('the handler may read the two secrets (the named one as <partial ARN>-??????) and no Cognito client', () => {
    const { template } = build();
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^LinkSettingsHandlerRole') }] },
    });
    const statements = (
      Object.values(policies)[0] as {
        Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
      }
    ).Properties.PolicyDocument.Statement;
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      'secretsmanager:GetSecretValue',
      'cloudformation:DescribeStacks',
    ]);
    expect(statements[1]?.Resource).toEqual([
      SECRET_ARN,
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
            ':secret:alexa/lwa-linking-client-??????',
          ],
        ],
      },
    ]);
  });

  test('fails when both accountLinking and linkingServer are given', () => {
    expect(() => build(true)).toThrow(
      /Invalid accountLinking \/ linkingServer: received "both"\. Expected exactly one of them/
    );
  });
});

describe('skill stages and the optional fields of the request', () => {
  const IOS = 'https://app.example.com/alexa/link';
  const REDIRECT = 'https://app.example.com/alexa/linked';
  const cognitoConstruct = (props: Record<string, unknown>) => {
    const app = newApp();
    const stack = new Stack(app, 'CognitoStack');
    const settings = new SkillAccountLinkingSettings(stack, 'LinkSettings', {
      skillId: SKILL_ID,
      smapiCredentialsSecret: secretReference(stack, 'Smapi', SECRET_ARN).secret,
      accountLinking: new AlexaAccountLinking(stack, 'AccountLinking', {
        alexaVendorId: 'M2TESTVENDOR42',
        domainPrefix: 'acme-alexa-sign-in',
      }),
      ...props,
    });
    return { stack, settings };
  };

  test('each stage in skillStages, with its own values over the shared ones, as JSON the handler reads', () => {
    // GIVEN
    const { template } = synthAccountLinkingStack({
      smapiCredentialsSecret: 'alexa/smapi-credentials',
      skipOnEnablement: 'true',
      appRedirectUrls: REDIRECT,
      skillStages: { development: { appLinkingIosUrl: IOS }, live: {} },
    });
    // THEN
    const { properties } = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    expect(properties.Stage).toBe('development,live');
    expect(JSON.parse(properties.RequestExtras as string)).toEqual({
      development: {
        skipOnEnablement: true,
        authorizationUrlsByPlatform: [{ platformType: 'iOS', platformAuthorizationUrl: IOS }],
        redirectUrls: [REDIRECT],
      },
      live: { skipOnEnablement: true, redirectUrls: [REDIRECT] },
    });
    // The outputs say the same, for link-config and the console.
    template.hasOutput('SkillStages', { Value: 'development,live' });
    const outputs = template.findOutputs('AccountLinkingRequestExtras');
    expect(JSON.parse(Object.values(outputs)[0]?.Value as string)).toEqual(
      JSON.parse(properties.RequestExtras as string)
    );
    // The Cognito client lets your app ask for a code with its redirect URL.
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: Match.arrayWith([REDIRECT]),
    });
  });

  test('the defaults leave the template as it was: one stage, no extras, no new outputs', () => {
    const { template } = synthAccountLinkingStack({
      smapiCredentialsSecret: 'alexa/smapi-credentials',
    });
    const { properties } = onlyResource(template, 'Custom::AlexaSkillAccountLinking');
    expect(properties.Stage).toBe('development');
    expect(properties).not.toHaveProperty('RequestExtras');
    expect(Object.keys(template.findOutputs('SkillStages'))).toEqual([]);
    expect(Object.keys(template.findOutputs('AccountLinkingRequestExtras'))).toEqual([]);
  });

  test('the live stage alone is output without extras', () => {
    const { template } = synthAccountLinkingStack({ skillStages: 'live' });
    template.hasOutput('SkillStages', { Value: 'live' });
    expect(Object.keys(template.findOutputs('AccountLinkingRequestExtras'))).toEqual([]);
  });

  test('defaultTokenExpirationInSeconds with Cognito is warned about, once, in automatic mode too', () => {
    for (const context of [{}, { smapiCredentialsSecret: 'alexa/smapi-credentials' }]) {
      const { stack } = synthAccountLinkingStack({
        ...context,
        defaultTokenExpirationInSeconds: '3600',
      });
      const warnings = Annotations.fromStack(stack).findWarning(
        '*',
        Match.stringLikeRegexp('defaultTokenExpirationInSeconds is ignored')
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.entry.data).toMatch(
        /^defaultTokenExpirationInSeconds is ignored: linkingServer "cognito" sends expires_in in every token response/
      );
    }
  });

  test('construct props: stageOptions over the shared props', () => {
    const { stack } = cognitoConstruct({
      skillStages: ['development', 'live'],
      skipOnEnablement: true,
      stageOptions: { live: { skipOnEnablement: false } },
    });
    const { properties } = onlyResource(
      Template.fromStack(stack),
      'Custom::AlexaSkillAccountLinking'
    );
    expect(JSON.parse(properties.RequestExtras as string)).toEqual({
      development: { skipOnEnablement: true },
      live: { skipOnEnablement: false },
    });
  });

  test.each([
    [
      'voiceForwardAccountLinking with Cognito',
      { voiceForwardAccountLinking: 'enabled' },
      /^Invalid voiceForwardAccountLinking: received "enabled"\. Expected no value with linkingServer "cognito"/,
    ],
    [
      'an http Universal Link for one stage',
      { stageOptions: { development: { appLinkingIosUrl: 'http://app.example.com' } } },
      /^Invalid stageOptions\.development\.appLinkingIosUrl: received "http:\/\/app\.example\.com"\. Expected an https:\/\/ Universal Link/,
    ],
    [
      'values for a stage not written',
      { stageOptions: { live: { skipOnEnablement: true } } },
      /^Invalid stageOptions\.live: .*Expected values only for a stage in skillStages \(development\)\.$/,
    ],
    [
      'a stage the API has no account linking for',
      { skillStages: ['certification'] },
      /^Invalid skillStages: received "certification"\. Expected "development", "live" or both\.$/,
    ],
    [
      'stage and skillStages both',
      { stage: 'live', skillStages: ['live'] },
      /^Invalid stage \/ skillStages: received "both"/,
    ],
  ])('fails on %s', (_, props, message) => {
    expect(() => cognitoConstruct(props)).toThrow(message);
  });
});

describe('voice-forward account linking in the skill function', () => {
  const variableOf = (template: Template) =>
    (
      onlyResourceWhere(template, 'AWS::Lambda::Function', 'SKILL_ID') as {
        Environment: { Variables: Record<string, unknown> };
      }
    ).Environment.Variables.VOICE_FORWARD_ACCOUNT_LINKING;
  /** The one function whose environment has this variable: the skill function. */
  function onlyResourceWhere(template: Template, type: string, variable: string) {
    const found = Object.values(template.findResources(type))
      .map((r) => (r as { Properties: { Environment?: { Variables?: object } } }).Properties)
      .filter((p) => p.Environment?.Variables && variable in p.Environment.Variables);
    expect(found).toHaveLength(1);
    return found[0];
  }

  test('Login with Amazon with it enabled (for one stage): the skill hands unlinked users over', () => {
    const { template } = synthAccountLinkingStack({
      ...LWA_CONTEXT,
      skillStages: { development: { voiceForwardAccountLinking: 'enabled' }, live: {} },
    });
    expect(variableOf(template)).toBe('enabled');
  });

  test.each([{}, { voiceForwardAccountLinking: 'disabled' }])(
    'Login with Amazon with %j: no variable, the card',
    (context) => {
      const { template } = synthAccountLinkingStack({ ...LWA_CONTEXT, ...context });
      expect(variableOf(template)).toBeUndefined();
    }
  );
});
