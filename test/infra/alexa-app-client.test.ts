import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { OAuthScope, UserPool } from 'aws-cdk-lib/aws-cognito';
import { AlexaAppClient, type AlexaAppClientProps } from '../../lib/identity/alexa-app-client';
import { VENDOR_ID, newStack } from '../support/infra';

function clientStack(props: Partial<AlexaAppClientProps> = {}) {
  const stack = newStack();
  const userPool = new UserPool(stack, 'Pool');
  const client = new AlexaAppClient(stack, 'Client', {
    userPool,
    alexaVendorId: VENDOR_ID,
    ...props,
  });
  return { stack, client, template: Template.fromStack(stack) };
}

describe('AlexaAppClient', () => {
  test('is a confidential client with the authorization code grant only', () => {
    const { template } = clientStack();
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
    });
  });

  test('allows exactly the three regional Alexa redirect URLs', () => {
    const { template, client } = clientStack();
    const urls = [
      `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`,
      `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`,
      `https://alexa.amazon.co.jp/api/skill/link/${VENDOR_ID}`,
    ];
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: urls });
    expect(client.alexaRedirectUrls).toEqual(urls);
  });

  test("adds extra https callback URLs after Alexa's, without duplicates", () => {
    const { template } = clientStack({
      extraCallbackUrls: [
        'https://app.example.com/alexa/link',
        `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`,
      ],
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [
        `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`,
        `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`,
        `https://alexa.amazon.co.jp/api/skill/link/${VENDOR_ID}`,
        'https://app.example.com/alexa/link',
      ],
    });
  });

  test('asks for openid, email and profile by default, and for configured scopes otherwise', () => {
    clientStack().template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
    });
    clientStack({ scopes: [OAuthScope.OPENID, OAuthScope.PHONE] }).template.hasResourceProperties(
      'AWS::Cognito::UserPoolClient',
      { AllowedOAuthScopes: ['openid', 'phone'] }
    );
  });

  test('keeps users linked: 1 hour access tokens, 3650 day refresh tokens, no rotation', () => {
    const { template, stack } = clientStack();
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 3650 * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      RefreshTokenRotation: Match.absent(),
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('revokes tokens, hides whether a user exists, and allows no password-based sign-in API', () => {
    clientStack().template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  test('never reads the client secret (no DescribeUserPoolClient custom resource)', () => {
    const { template } = clientStack();
    template.resourceCountIs('Custom::DescribeCognitoUserPoolClient', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('accepts the 6 minute minimum access token lifetime', () => {
    clientStack({ accessTokenValidity: Duration.minutes(6) }).template.hasResourceProperties(
      'AWS::Cognito::UserPoolClient',
      { AccessTokenValidity: 6 }
    );
  });

  test('warns when refresh tokens live less than 365 days', () => {
    const { stack } = clientStack({ refreshTokenValidity: Duration.days(30) });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Client/Resource',
      Match.stringLikeRegexp(
        'Refresh tokens live 30 days: Alexa unlinks a user as soon as a refresh fails'
      )
    );
  });

  test('fails when the access token would live less than 6 minutes', () => {
    expect(() => clientStack({ accessTokenValidity: Duration.minutes(5) })).toThrow(
      /Invalid accessTokenValidity: received "5 minutes"\. Expected at least 6 minutes: Alexa rejects access tokens that live less than 360 seconds/
    );
  });

  test('fails when openid is missing from the scopes', () => {
    expect(() => clientStack({ scopes: [OAuthScope.EMAIL, OAuthScope.PROFILE] })).toThrow(
      /Invalid scopes: received "email,profile"\. Expected a list that includes "openid"/
    );
  });

  test('fails when an extra callback URL is not https', () => {
    expect(() => clientStack({ extraCallbackUrls: ['http://app.example.com/cb'] })).toThrow(
      /Invalid extraCallbackUrls: received "http:\/\/app\.example\.com\/cb"\. Expected absolute https:\/\/ URLs/
    );
  });

  test('fails when the vendor ID is malformed', () => {
    expect(() => clientStack({ alexaVendorId: 'not a vendor' })).toThrow(
      /Invalid alexaVendorId: received "not a vendor"/
    );
  });
});
