import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AlexaAccountLinking } from '../../lib/identity/alexa-account-linking';
import type { AlexaLinkingServer } from '../../lib/identity/alexa-linking-server';
import {
  LWA_AUTHORIZATION_URL,
  LWA_TOKEN_URL,
  LoginWithAmazonLinkingServer,
} from '../../lib/identity/login-with-amazon-linking-server';
import { OidcLinkingServer } from '../../lib/identity/oidc-linking-server';
import { SkillFunction } from '../../lib/skill-functions/skill-function';
import { clientSecretReads, type Json } from '../support/template';
import {
  LWA_CLIENT_ID,
  LWA_CONTEXT,
  OIDC_CONTEXT,
  SKILL_ID,
  VENDOR_ID,
  newStack,
  onlyResource,
  synthAccountLinkingStack,
} from '../support/infra';

const REDIRECT_URLS = [
  `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`,
  `https://layla.amazon.com/api/skill/link/${VENDOR_ID}`,
  `https://alexa.amazon.co.jp/api/skill/link/${VENDOR_ID}`,
];
const COGNITO_TYPES = [
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolDomain',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::ManagedLoginBranding',
  'AWS::Cognito::UserPoolIdentityProvider',
];

const OIDC_PROPS = {
  alexaVendorId: VENDOR_ID,
  issuer: 'https://acme.eu.auth0.com/',
  audience: 'https://alexa.acme.example/api',
  clientId: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
  authorizationUrl: 'https://acme.eu.auth0.com/authorize',
  tokenUrl: 'https://acme.eu.auth0.com/oauth/token',
};

function environmentOf(template: Template): Record<string, Json> {
  const fn = onlyResource(template, 'AWS::Lambda::Function');
  return (fn.properties.Environment as { Variables: Record<string, Json> }).Variables;
}

describe('LoginWithAmazonLinkingServer', () => {
  test('gives the Login with Amazon endpoints, the client, profile as the scope, and its hosts', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const server = new LoginWithAmazonLinkingServer(stack, 'Lwa', {
      alexaVendorId: VENDOR_ID,
      clientId: LWA_CLIENT_ID,
    });
    // THEN
    expect(server).toMatchObject<Partial<AlexaLinkingServer>>({
      linkingServerName: 'login-with-amazon',
      authorizationUrl: 'https://www.amazon.com/ap/oa',
      accessTokenUrl: 'https://api.amazon.com/auth/o2/token',
      clientId: LWA_CLIENT_ID,
      scopes: ['profile'],
      domainNames: ['www.amazon.com', 'api.amazon.com'],
      alexaRedirectUrls: REDIRECT_URLS,
      functionEnvironment: { LINKING_SERVER: 'login-with-amazon', LWA_CLIENT_ID },
    });
    expect(server.clientSecretName).toBeUndefined();
    // Nothing is deployed for it. CDK's template validation says so on console.error (an empty
    // Resources section), with a code frame; it is expected here, so it is captured, not printed.
    const printed: unknown[] = [];
    const consoleError = jest
      .spyOn(console, 'error')
      .mockImplementation((...args: unknown[]) => void printed.push(...args));
    try {
      expect(Template.fromStack(stack).toJSON().Resources).toBeUndefined();
    } finally {
      consoleError.mockRestore();
    }
    expect(printed.join('\n')).toMatch(/Resources section must exist and be non-empty/);
  });

  test.each([
    [
      'the client ID is malformed',
      { clientId: 'amzn1.application-oa2-client.XYZ' },
      /Invalid clientId: received "amzn1\.application-oa2-client\.XYZ"/,
    ],
    ['a scope is unknown', { scopes: ['email'] }, /Invalid scopes: received "email"/],
    [
      'the secret name is an SSM parameter ARN',
      { clientSecretName: 'arn:aws:ssm:us-east-1:123456789012:parameter/lwa' },
      /Invalid clientSecretName: .*SSM parameters/,
    ],
    ['the vendor ID is malformed', { alexaVendorId: 'lower' }, /Invalid alexaVendorId/],
  ])('fails when %s', (_case, props, message) => {
    expect(
      () =>
        new LoginWithAmazonLinkingServer(newStack(), 'Lwa', {
          alexaVendorId: VENDOR_ID,
          clientId: LWA_CLIENT_ID,
          ...(props as object),
        })
    ).toThrow(message);
  });
});

describe('OidcLinkingServer', () => {
  test('puts the audience on the Authorization URI and takes the domains from the endpoints', () => {
    const server = new OidcLinkingServer(newStack(), 'Oidc', {
      ...OIDC_PROPS,
      tokenUrl: 'https://tokens.acme.example/oauth/token',
    });
    expect(server.authorizationUrl).toBe(
      'https://acme.eu.auth0.com/authorize?audience=https%3A%2F%2Falexa.acme.example%2Fapi'
    );
    expect(new URL(server.authorizationUrl).searchParams.get('audience')).toBe(OIDC_PROPS.audience);
    expect(server.accessTokenUrl).toBe('https://tokens.acme.example/oauth/token');
    expect(server.domainNames).toEqual(['acme.eu.auth0.com', 'tokens.acme.example']);
    expect(server.scopes).toEqual(['openid', 'profile', 'email', 'offline_access']);
  });

  test('keeps the query an authorization URL already has', () => {
    const server = new OidcLinkingServer(newStack(), 'Oidc', {
      ...OIDC_PROPS,
      authorizationUrl: 'https://acme.eu.auth0.com/authorize?prompt=login',
    });
    expect(server.authorizationUrl).toBe(
      'https://acme.eu.auth0.com/authorize?prompt=login&audience=https%3A%2F%2Falexa.acme.example%2Fapi'
    );
  });

  test('gives the function the issuer byte for byte, the audience, the client ID and the JWKS URL; the userInfo URL only when set', () => {
    const without = new OidcLinkingServer(newStack(), 'Oidc', OIDC_PROPS);
    expect(without.functionEnvironment).toEqual({
      LINKING_SERVER: 'oidc',
      OIDC_ISSUER: 'https://acme.eu.auth0.com/',
      OIDC_AUDIENCE: 'https://alexa.acme.example/api',
      OIDC_CLIENT_ID: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
      OIDC_JWKS_URL: 'https://acme.eu.auth0.com/.well-known/jwks.json',
    });
    const withUserInfo = new OidcLinkingServer(newStack(), 'Oidc', {
      ...OIDC_PROPS,
      userInfoUrl: 'https://acme.eu.auth0.com/userinfo',
      jwksUrl: 'https://keys.acme.example/jwks.json',
    });
    expect(withUserInfo.functionEnvironment).toMatchObject({
      OIDC_JWKS_URL: 'https://keys.acme.example/jwks.json',
      OIDC_USERINFO_URL: 'https://acme.eu.auth0.com/userinfo',
    });
  });

  test.each([
    [
      'the issuer is http',
      { issuer: 'http://acme.eu.auth0.com/' },
      /Invalid issuer: received "http:/,
    ],
    ['the audience is blank', { audience: ' ' }, /Invalid audience: received " "/],
    [
      'the token URL is http',
      { tokenUrl: 'http://acme.eu.auth0.com/oauth/token' },
      /Invalid tokenUrl/,
    ],
    [
      'the authorization URL is relative',
      { authorizationUrl: '/authorize' },
      /Invalid authorizationUrl/,
    ],
    [
      'the userInfo URL is http',
      { userInfoUrl: 'http://acme.eu.auth0.com/userinfo' },
      /Invalid userInfoUrl/,
    ],
    ['the JWKS URL is http', { jwksUrl: 'http://acme.eu.auth0.com/jwks' }, /Invalid jwksUrl/],
  ])('fails when %s', (_case, props, message) => {
    expect(() => new OidcLinkingServer(newStack(), 'Oidc', { ...OIDC_PROPS, ...props })).toThrow(
      message
    );
  });
});

describe('AlexaAccountLinking as a linking server', () => {
  test('has the same read-only shape, and the environment the Cognito skill has always had', () => {
    const stack = newStack();
    const linking = new AlexaAccountLinking(stack, 'AccountLinking', {
      alexaVendorId: VENDOR_ID,
      domainPrefix: 'acme-alexa-sign-in',
    });
    new SkillFunction(stack, 'Skill', { skillId: SKILL_ID, linkingServer: linking });
    const resolve = (value: unknown) => stack.resolve(value) as Json;
    expect(linking.linkingServerName).toBe('cognito');
    expect(resolve(linking.clientId)).toEqual({ Ref: 'AccountLinkingAlexaClientEAFF6DFA' });
    expect(linking.alexaRedirectUrls).toEqual(REDIRECT_URLS);
    expect(environmentOf(Template.fromStack(stack))).toEqual({
      SKILL_ID,
      USER_POOL_ID: { Ref: 'AccountLinkingUserPool851FFDA4' },
      USER_POOL_CLIENT_ID: { Ref: 'AccountLinkingAlexaClientEAFF6DFA' },
      SIGN_IN_DOMAIN_URL: resolve(linking.userPoolDomain.baseUrl()),
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // No stage given: the stack's name keeps its metrics apart.
      SKILL_STAGE: 'TestStack',
    });
    expect(Object.keys(environmentOf(Template.fromStack(stack)))).not.toContain('LINKING_SERVER');
  });
});

describe('AccountLinkingStack with linkingServer=login-with-amazon', () => {
  const synth = (context: Record<string, unknown> = {}) =>
    synthAccountLinkingStack({ ...LWA_CONTEXT, ...context });

  test('deploys no user pool, domain or client: only the skill function', () => {
    const { template } = synth();
    for (const type of COGNITO_TYPES) template.resourceCountIs(type, 0);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(clientSecretReads(template.toJSON() as Json)).toEqual([]);
  });

  test('outputs the Login with Amazon console page and where the secret is kept', () => {
    const { template } = synth();
    template.hasOutput('AuthorizationUri', {
      Value: LWA_AUTHORIZATION_URL,
      Description: Match.stringLikeRegexp('Your Web Authorization URI'),
    });
    template.hasOutput('AccessTokenUri', { Value: LWA_TOKEN_URL });
    template.hasOutput('ClientId', { Value: LWA_CLIENT_ID });
    template.hasOutput('AuthenticationScheme', { Value: 'HTTP Basic' });
    template.hasOutput('Scopes', { Value: 'profile' });
    template.hasOutput('DomainList', { Value: 'www.amazon.com,api.amazon.com' });
    template.hasOutput('AlexaRedirectUrls', {
      Value: REDIRECT_URLS.join(','),
      Description: Match.stringLikeRegexp("security profile's Allowed Return URLs"),
    });
    template.hasOutput('LinkingServer', { Value: 'login-with-amazon' });
    template.hasOutput('ClientSecretName', { Value: 'alexa/lwa-linking' });
    template.hasOutput('ClientSecretCommand', {
      Value: {
        'Fn::Join': [
          '',
          [
            'aws secretsmanager get-secret-value --region ',
            { Ref: 'AWS::Region' },
            ' --secret-id alexa/lwa-linking --query SecretString --output text | jq -r .clientSecret',
          ],
        ],
      },
    });
    for (const cognitoOnly of ['UserPoolId', 'SignInDomainCloudFrontTarget']) {
      expect(template.findOutputs(cognitoOnly)).toEqual({});
    }
  });

  test('the secret command reads a secret ARN in its own region', () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/lwa-AbCdEf';
    const { template } = synth({ lwaClientSecretName: arn });
    template.hasOutput('ClientSecretCommand', {
      Value: `aws secretsmanager get-secret-value --region eu-west-1 --secret-id ${arn} --query SecretString --output text | jq -r .clientSecret`,
    });
  });

  test('without a secret name there is no secret output', () => {
    const { template } = synth({ lwaClientSecretName: undefined });
    expect(template.findOutputs('ClientSecretName')).toEqual({});
    expect(template.findOutputs('ClientSecretCommand')).toEqual({});
  });

  test('gives the skill function LINKING_SERVER and LWA_CLIENT_ID, and nothing of Cognito', () => {
    expect(environmentOf(synth().template)).toEqual({
      SKILL_ID,
      LINKING_SERVER: 'login-with-amazon',
      LWA_CLIENT_ID,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      SKILL_STAGE: 'dev',
    });
  });

  test('warns that the keys of other servers are ignored, naming them', () => {
    const { stack } = synth({ domainPrefix: 'example-alexa-linking', oidcAudience: 'aud' });
    Annotations.fromStack(stack).hasWarning(
      '/AlexaAccountLinking-test',
      Match.stringLikeRegexp(
        'domainPrefix, oidcAudience are ignored: linkingServer is "login-with-amazon".*Remove them, or set linkingServer'
      )
    );
  });

  test('gives no warning with only its own keys', () => {
    const { stack } = synth({ domainPrefix: undefined });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('automatic mode sends the console values and reads the client secret from its secret', () => {
    const { template } = synth({
      domainPrefix: undefined,
      smapiCredentialsSecret: 'alexa/smapi-credentials',
    });
    template.resourceCountIs('Custom::AlexaSkillAccountLinking', 1);
    template.hasResourceProperties('Custom::AlexaSkillAccountLinking', {
      AuthorizationUrl: 'https://www.amazon.com/ap/oa',
      AccessTokenUrl: 'https://api.amazon.com/auth/o2/token',
      ClientId: LWA_CLIENT_ID,
      Scopes: ['profile'],
      Domains: ['www.amazon.com', 'api.amazon.com'],
      ClientSecretId: 'alexa/lwa-linking',
      SmapiCredentialsSecretId: 'alexa/smapi-credentials',
      UserPoolId: Match.absent(),
    });
    // Both secrets are read by name: the statement must match the real ARN's random suffix.
    const statements = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(statements).toContain(':secret:alexa/lwa-linking-??????');
    expect(statements).toContain(':secret:alexa/smapi-credentials-??????');
    expect(statements).not.toContain('cognito-idp:DescribeUserPoolClient');
  });

  test('automatic mode without lwaClientSecretName is warned about and left off', () => {
    const { stack, template } = synth({
      domainPrefix: undefined,
      lwaClientSecretName: undefined,
      smapiCredentialsSecret: 'alexa/smapi-credentials',
    });
    template.resourceCountIs('Custom::AlexaSkillAccountLinking', 0);
    Annotations.fromStack(stack).hasWarning(
      '/AlexaAccountLinking-test',
      Match.stringLikeRegexp(
        'smapiCredentialsSecret is ignored: automatic mode with linkingServer "login-with-amazon" sends the client secret too, so it needs lwaClientSecretName'
      )
    );
  });
});

describe('AccountLinkingStack with linkingServer=oidc', () => {
  const synth = (context: Record<string, unknown> = {}) =>
    synthAccountLinkingStack({ ...OIDC_CONTEXT, domainPrefix: undefined, ...context });

  test('deploys no user pool, domain or client', () => {
    const { template } = synth();
    for (const type of COGNITO_TYPES) template.resourceCountIs(type, 0);
  });

  test('outputs the issuer exactly as given, for doctor', () => {
    synth().template.hasOutput('Issuer', { Value: 'https://acme.eu.auth0.com/' });
  });

  test('automatic mode sends the audience-carrying Authorization URI and reads the secret by name', () => {
    const { template } = synth({ smapiCredentialsSecret: 'alexa/smapi-credentials' });
    template.hasResourceProperties('Custom::AlexaSkillAccountLinking', {
      AuthorizationUrl:
        'https://acme.eu.auth0.com/authorize?audience=https%3A%2F%2Falexa.acme.example%2Fapi',
      AccessTokenUrl: 'https://acme.eu.auth0.com/oauth/token',
      ClientId: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
      ClientSecretId: 'alexa/auth0-linking',
      UserPoolId: Match.absent(),
    });
  });

  test('outputs the console page with the audience on the Authorization URI', () => {
    const { template, stack } = synth();
    template.hasOutput('AuthorizationUri', {
      Value: 'https://acme.eu.auth0.com/authorize?audience=https%3A%2F%2Falexa.acme.example%2Fapi',
    });
    template.hasOutput('AccessTokenUri', { Value: 'https://acme.eu.auth0.com/oauth/token' });
    template.hasOutput('ClientId', { Value: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234' });
    template.hasOutput('AuthenticationScheme', { Value: 'HTTP Basic' });
    template.hasOutput('Scopes', { Value: 'openid,profile,email,offline_access' });
    template.hasOutput('DomainList', { Value: 'acme.eu.auth0.com' });
    template.hasOutput('AlexaRedirectUrls', {
      Value: REDIRECT_URLS.join(','),
      Description: Match.stringLikeRegexp("OIDC application's allowed callback URLs"),
    });
    template.hasOutput('LinkingServer', { Value: 'oidc' });
    template.hasOutput('ClientSecretName', { Value: 'alexa/auth0-linking' });
    template.hasOutput('ClientSecretCommand', {
      Value: Match.objectLike({
        'Fn::Join': [
          '',
          Match.arrayWith([
            ' --secret-id alexa/auth0-linking --query SecretString --output text | jq -r .clientSecret',
          ]),
        ],
      }),
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('gives the skill function the OIDC environment', () => {
    expect(environmentOf(synth().template)).toEqual({
      SKILL_ID,
      LINKING_SERVER: 'oidc',
      OIDC_ISSUER: 'https://acme.eu.auth0.com/',
      OIDC_AUDIENCE: 'https://alexa.acme.example/api',
      OIDC_CLIENT_ID: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
      OIDC_JWKS_URL: 'https://acme.eu.auth0.com/.well-known/jwks.json',
      OIDC_USERINFO_URL: 'https://acme.eu.auth0.com/userinfo',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      SKILL_STAGE: 'dev',
    });
  });

  test('warns about Cognito and Login with Amazon keys given with it', () => {
    const { stack } = synth({ mfa: 'required', lwaClientId: LWA_CLIENT_ID });
    Annotations.fromStack(stack).hasWarning(
      '/AlexaAccountLinking-test',
      Match.stringLikeRegexp('mfa, lwaClientId are ignored: linkingServer is "oidc"')
    );
  });
});

describe('AccountLinkingStack with linkingServer=cognito', () => {
  test('warns that keys of the other servers are ignored, and emits no LinkingServer output', () => {
    const { stack, template } = synthAccountLinkingStack({ lwaClientId: LWA_CLIENT_ID });
    Annotations.fromStack(stack).hasWarning(
      '/AlexaAccountLinking-test',
      Match.stringLikeRegexp(
        'lwaClientId is ignored: linkingServer is "cognito" and this setting belongs to another linking server'
      )
    );
    expect(template.findOutputs('LinkingServer')).toEqual({});
    expect(template.findOutputs('ClientSecretName')).toEqual({});
  });
});
