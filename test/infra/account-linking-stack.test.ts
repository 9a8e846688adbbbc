import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { clientSecretReads, normalizeTemplate, type Json } from '../support/template';
import {
  readTemplateSnapshot,
  updatingSnapshots,
  writeTemplateSnapshot,
} from '../support/template-snapshot';
import { SKILL_ID, VENDOR_ID, onlyResource, synthAccountLinkingStack } from '../support/infra';

const CERTIFICATE_ARN =
  'arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';

describe('AccountLinkingStack', () => {
  test('matches the committed template snapshot (asset hashes normalized)', () => {
    const { template } = synthAccountLinkingStack();
    const normalized = normalizeTemplate(template.toJSON() as Json);
    if (updatingSnapshots()) writeTemplateSnapshot(normalized);
    // On a difference: run the replacement guard's test, then npm run snapshot:update.
    expect(normalized).toEqual(readTemplateSnapshot());
  });

  test('keeps the user pool, domain and Alexa client logical IDs (a new ID replaces the pool and loses every user)', () => {
    const { template } = synthAccountLinkingStack();
    expect(onlyResource(template, 'AWS::Cognito::UserPool').logicalId).toBe(
      'AccountLinkingUserPool851FFDA4'
    );
    expect(onlyResource(template, 'AWS::Cognito::UserPoolDomain').logicalId).toBe(
      'AccountLinkingDomainEE54AF78'
    );
    expect(onlyResource(template, 'AWS::Cognito::UserPoolClient').logicalId).toBe(
      'AccountLinkingAlexaClientEAFF6DFA'
    );
  });

  test('gives managed login a branding style for the Alexa client', () => {
    const { template } = synthAccountLinkingStack();
    template.hasResource('AWS::Cognito::ManagedLoginBranding', {
      Properties: {
        UserPoolId: { Ref: 'AccountLinkingUserPool851FFDA4' },
        ClientId: { Ref: 'AccountLinkingAlexaClientEAFF6DFA' },
        UseCognitoProvidedValues: true,
      },
      DependsOn: ['AccountLinkingDomainEE54AF78'],
    });
  });

  test('has no branding resource with the classic hosted UI', () => {
    const { template } = synthAccountLinkingStack({ loginUi: 'classic' });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 0);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 1 });
  });

  test('outputs one value per field of the Alexa console Account Linking page', () => {
    const { template } = synthAccountLinkingStack();
    // The sign-in domain's URL as CloudFormation builds it, with a path after it.
    const domainUrl = (urlPath = '') => ({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: 'AccountLinkingDomainEE54AF78' },
          '.auth.',
          { Ref: 'AWS::Region' },
          `.amazoncognito.com${urlPath}`,
        ],
      ],
    });
    template.hasOutput('AuthorizationUri', {
      Value: domainUrl('/oauth2/authorize'),
      Description: Match.stringLikeRegexp('Your Web Authorization URI'),
    });
    template.hasOutput('AccessTokenUri', {
      Value: domainUrl('/oauth2/token'),
      Description: Match.stringLikeRegexp('Access Token URI'),
    });
    template.hasOutput('ClientId', { Value: { Ref: 'AccountLinkingAlexaClientEAFF6DFA' } });
    template.hasOutput('AuthenticationScheme', { Value: 'HTTP Basic' });
    template.hasOutput('Scopes', { Value: 'openid,email,profile' });
    template.hasOutput('DomainList', {
      Value: { 'Fn::Select': [2, { 'Fn::Split': ['/', domainUrl()] }] },
    });
    template.hasOutput('UserPoolId', { Value: { Ref: 'AccountLinkingUserPool851FFDA4' } });
    template.hasOutput('AlexaRedirectUrls', {
      Value: `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID},https://layla.amazon.com/api/skill/link/${VENDOR_ID},https://alexa.amazon.co.jp/api/skill/link/${VENDOR_ID}`,
    });
    template.hasOutput('ClientSecretCommand', {
      Value: {
        'Fn::Join': [
          '',
          [
            'aws cognito-idp describe-user-pool-client --region ',
            { Ref: 'AWS::Region' },
            ' --user-pool-id ',
            { Ref: 'AccountLinkingUserPool851FFDA4' },
            ' --client-id ',
            { Ref: 'AccountLinkingAlexaClientEAFF6DFA' },
            ' --query UserPoolClient.ClientSecret --output text',
          ],
        ],
      },
    });
  });

  test('no resource or output can carry the client secret', () => {
    for (const context of [
      {},
      {
        domainPrefix: undefined,
        customDomain: 'login.example.com',
        customDomainCertificateArn: CERTIFICATE_ARN,
      },
    ]) {
      const { template } = synthAccountLinkingStack(context);
      const json = template.toJSON() as Json;
      expect(clientSecretReads(json)).toEqual([]);
      template.resourceCountIs('Custom::DescribeCognitoUserPoolClient', 0);
      template.resourceCountIs('Custom::AWS', 0);
    }
  });

  test('the secret scan finds a template that reads the secret', () => {
    // A check that cannot fail proves nothing: feed it what userPoolClientSecret would produce.
    const leaking: Json = {
      Outputs: {
        Secret: {
          Value: {
            'Fn::GetAtt': [
              'AccountLinkingAlexaClientDescribeCognitoUserPoolClient',
              'UserPoolClient.ClientSecret',
            ],
          },
        },
      },
      Resources: { Reader: { Type: 'Custom::DescribeCognitoUserPoolClient', Properties: {} } },
    };
    expect(clientSecretReads(leaking)).toEqual(['Outputs.Secret.Value', 'Resources.Reader']);
  });

  test('a custom domain replaces the prefix domain and outputs its DNS target', () => {
    const { template } = synthAccountLinkingStack({
      domainPrefix: undefined,
      customDomain: 'login.example.com',
      customDomainCertificateArn: CERTIFICATE_ARN,
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'login.example.com',
      CustomDomainConfig: { CertificateArn: CERTIFICATE_ARN },
    });
    template.hasOutput('DomainList', { Value: 'login.example.com' });
    template.hasOutput('AuthorizationUri', {
      Value: {
        'Fn::Join': [
          '',
          ['https://', { Ref: 'AccountLinkingDomainEE54AF78' }, '/oauth2/authorize'],
        ],
      },
    });
    template.hasOutput('SignInDomainCloudFrontTarget', {
      Value: { 'Fn::GetAtt': ['AccountLinkingDomainEE54AF78', 'CloudFrontDistribution'] },
    });
  });

  test('maps every setting onto the resources', () => {
    const { template } = synthAccountLinkingStack({
      stage: 'prod',
      scopes: 'openid,phone',
      extraCallbackUrls: 'https://app.example.com/alexa/link',
      mfa: 'required',
      featurePlan: 'plus',
      retainUserPool: 'false',
      deletionProtection: 'false',
    });
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({
        UserPoolName: 'alexa-account-linking-prod',
        MfaConfiguration: 'ON',
        UserPoolTier: 'PLUS',
        DeletionProtection: 'INACTIVE',
        UserPoolTags: { Project: 'alexa-account-linking', Stage: 'prod' },
      }),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthScopes: ['openid', 'phone'],
      CallbackURLs: Match.arrayWith(['https://app.example.com/alexa/link']),
    });
  });

  test('warns at synthesis while cdk.json example values are in use', () => {
    const { stack } = synthAccountLinkingStack({
      alexaVendorId: 'M0EXAMPLEVENDOR',
      skillId: 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000',
      domainPrefix: 'example-alexa-linking',
    });
    Annotations.fromStack(stack).hasWarning(
      '/AlexaAccountLinking-test',
      Match.stringLikeRegexp(
        "alexaVendorId, skillId, domainPrefix still hold the example values from cdk.json: synthesis works, but cdk deploy is refused until you replace them in cdk.json's context"
      )
    );
  });

  // These context rules live in the constructs, so construct users get them too.
  test.each([
    [
      'scopes lack openid',
      { scopes: 'email,profile' },
      /Invalid scopes: received "email,profile"\. Expected a list that includes "openid"/,
    ],
    [
      'an extra callback URL is http',
      { extraCallbackUrls: 'http://app.example.com/cb' },
      /Invalid extraCallbackUrls: received "http:\/\/app\.example\.com\/cb"\. Expected absolute https:\/\/ URLs, comma-separated in context/,
    ],
    [
      'alexaVendorId is malformed',
      { alexaVendorId: 'm2-lower' },
      /Invalid alexaVendorId: received "m2-lower"/,
    ],
    [
      'domainPrefix contains "aws"',
      { domainPrefix: 'my-aws-login' },
      /Invalid domainPrefix: received "my-aws-login"/,
    ],
  ])('fails when the context says %s', (_case, context, message) => {
    expect(() => synthAccountLinkingStack(context)).toThrow(message);
  });

  test('gives no warning with real values', () => {
    const { stack } = synthAccountLinkingStack({ skillId: SKILL_ID });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
