import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AlexaAccountLinking } from '../../lib/identity/alexa-account-linking';
import { AlexaSignInProviders } from '../../lib/identity/alexa-sign-in-providers';
import type { SignInProviderName } from '../../lib/app-settings/sign-in-providers-settings';
import { normalizeTemplate, type Json } from '../support/template';
import { describeRiskyChanges, riskyChanges } from '../support/replacement-guard';
import { readTemplateSnapshot } from '../support/template-snapshot';
import {
  SIGN_IN_WITH,
  VENDOR_ID,
  newStack,
  onlyResource,
  synthAccountLinkingStack,
} from '../support/infra';

type ProviderResource = {
  logicalId: string;
  properties: {
    ProviderName: string;
    ProviderType: string;
    ProviderDetails: Record<string, string>;
    AttributeMapping: Record<string, string>;
  };
};

const PROVIDERS: {
  name: SignInProviderName;
  providerName: string;
  providerType: string;
  scopes: string;
  /**
   * What the provider returns for those scopes (the attributes a mapping may rely on).
   * amazon: https://developer.amazon.com/docs/login-with-amazon/customer-profile.html (profile: user_id, name, email)
   * google: https://developers.google.com/identity/openid-connect/openid-connect#obtainuserinfo
   * facebook: https://developers.facebook.com/docs/graph-api/reference/user (public_profile, email)
   * oidc: https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims (email, profile: name)
   */
  returns: string[];
}[] = [
  {
    name: 'amazon',
    providerName: 'LoginWithAmazon',
    providerType: 'LoginWithAmazon',
    scopes: 'profile',
    returns: ['user_id', 'name', 'email'],
  },
  {
    name: 'google',
    providerName: 'Google',
    providerType: 'Google',
    scopes: 'openid email profile',
    returns: ['sub', 'email', 'email_verified', 'name', 'given_name', 'family_name'],
  },
  {
    name: 'facebook',
    providerName: 'Facebook',
    providerType: 'Facebook',
    scopes: 'public_profile,email',
    returns: ['id', 'name', 'first_name', 'last_name', 'email'],
  },
  {
    name: 'oidc',
    providerName: 'Auth0',
    providerType: 'OIDC',
    scopes: 'openid email profile',
    returns: ['sub', 'email', 'name'],
  },
];

const synthWith = (
  providers: readonly SignInProviderName[],
  context: Record<string, unknown> = {}
) =>
  synthAccountLinkingStack({
    signInWith: Object.fromEntries(providers.map((name) => [name, SIGN_IN_WITH[name]])),
    ...context,
  });

/** The pool's required attributes, read from the synthesized schema. */
function requiredAttributes(template: Template): string[] {
  const pool = onlyResource(template, 'AWS::Cognito::UserPool');
  return (pool.properties.Schema as { Name: string; Required?: boolean }[])
    .filter((attribute) => attribute.Required === true)
    .map((attribute) => attribute.Name);
}

describe.each(PROVIDERS)('signInWith.$name', (provider) => {
  const synth = () => synthWith([provider.name]);

  test('adds one provider with its client ID, scopes and the secret as a Secrets Manager dynamic reference', () => {
    const { template } = synth();
    const resource = onlyResource(
      template,
      'AWS::Cognito::UserPoolIdentityProvider'
    ) as unknown as ProviderResource;
    const entry = SIGN_IN_WITH[provider.name];
    expect(resource.properties).toMatchObject({
      ProviderName: provider.providerName,
      ProviderType: provider.providerType,
      ProviderDetails: {
        client_id: entry.clientId,
        client_secret: `{{resolve:secretsmanager:${entry.clientSecretName}:SecretString:clientSecret::}}`,
        authorize_scopes: provider.scopes,
      },
    });
    if (provider.name === 'oidc') {
      expect(resource.properties.ProviderDetails.oidc_issuer).toBe(SIGN_IN_WITH.oidc.issuer);
    }
  });

  test('fills every attribute the pool requires, and email, from what the provider returns (a federated sign-up cannot fail for a missing attribute)', () => {
    const { template } = synth();
    const required = requiredAttributes(template);
    // The check must be able to fail: the pool requires at least email and given_name.
    expect(required).toEqual(expect.arrayContaining(['email', 'given_name']));
    const { AttributeMapping: mapping } = (
      onlyResource(
        template,
        'AWS::Cognito::UserPoolIdentityProvider'
      ) as unknown as ProviderResource
    ).properties;
    expect(Object.keys(mapping)).toEqual(expect.arrayContaining([...required, 'email']));
    for (const source of Object.values(mapping)) expect(provider.returns).toContain(source);
  });

  test('the Alexa client offers it next to email and password, and waits for it', () => {
    const { template } = synth();
    const idp = onlyResource(template, 'AWS::Cognito::UserPoolIdentityProvider');
    template.hasResource('AWS::Cognito::UserPoolClient', {
      Properties: Match.objectLike({
        SupportedIdentityProviders: ['COGNITO', provider.providerName],
      }),
      DependsOn: [idp.logicalId],
    });
  });

  test('directSignIn sends Alexa users straight to it', () => {
    const { template } = synthWith([provider.name], { directSignIn: provider.name });
    template.hasOutput('AuthorizationUri', {
      Value: {
        'Fn::Join': [
          '',
          [
            'https://',
            { Ref: 'AccountLinkingDomainEE54AF78' },
            '.auth.',
            { Ref: 'AWS::Region' },
            `.amazoncognito.com/oauth2/authorize?identity_provider=${provider.providerName}`,
          ],
        ],
      },
    });
  });
});

describe('signInWith', () => {
  test('all four providers: the client lists each, depends on each, and the pool keeps its logical IDs', () => {
    const { template } = synthWith(['amazon', 'google', 'facebook', 'oidc']);
    const providers = template.findResources('AWS::Cognito::UserPoolIdentityProvider');
    expect(Object.keys(providers)).toHaveLength(4);
    template.hasResource('AWS::Cognito::UserPoolClient', {
      Properties: Match.objectLike({
        SupportedIdentityProviders: ['COGNITO', 'LoginWithAmazon', 'Google', 'Facebook', 'Auth0'],
      }),
      DependsOn: Object.keys(providers).sort(),
    });
    expect(onlyResource(template, 'AWS::Cognito::UserPool').logicalId).toBe(
      'AccountLinkingUserPool851FFDA4'
    );
    expect(onlyResource(template, 'AWS::Cognito::UserPoolClient').logicalId).toBe(
      'AccountLinkingAlexaClientEAFF6DFA'
    );
  });

  test('outputs the redirect URL and origin to register at each provider', () => {
    const { template } = synthWith(['google']);
    const domain = (suffix: string) => ({
      'Fn::Join': [
        '',
        [
          'https://',
          { Ref: 'AccountLinkingDomainEE54AF78' },
          '.auth.',
          { Ref: 'AWS::Region' },
          `.amazoncognito.com${suffix}`,
        ],
      ],
    });
    template.hasOutput('SignInProviderRedirectUrl', { Value: domain('/oauth2/idpresponse') });
    template.hasOutput('SignInProviderAllowedOrigin', { Value: domain('') });
  });

  test('cognitoSignIn=false leaves only the providers on the login page', () => {
    const { template } = synthWith(['google', 'facebook'], { cognitoSignIn: 'false' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      SupportedIdentityProviders: ['Google', 'Facebook'],
    });
  });

  test('adds nothing without signInWith: no provider, no output, the committed template', () => {
    const { template } = synthAccountLinkingStack();
    template.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 0);
    expect(template.findOutputs('SignInProviderRedirectUrl')).toEqual({});
    template.hasResource('AWS::Cognito::UserPoolClient', {
      Properties: Match.objectLike({ SupportedIdentityProviders: ['COGNITO'] }),
      DependsOn: Match.absent(),
    });
  });

  test('adding providers to a deployed stack replaces nothing that holds users or links', () => {
    const synthesized = normalizeTemplate(
      synthWith(['amazon', 'google', 'facebook', 'oidc']).template.toJSON() as Json
    ) as Record<string, Json>;
    expect(describeRiskyChanges(riskyChanges(readTemplateSnapshot(), synthesized))).toBe('');
  });

  test('is ignored, with a warning, with another linking server', () => {
    const { stack, template } = synthAccountLinkingStack({
      linkingServer: 'login-with-amazon',
      lwaClientId: SIGN_IN_WITH.amazon.clientId,
      domainPrefix: undefined,
      signInWith: { google: SIGN_IN_WITH.google },
      directSignIn: 'google',
    });
    template.resourceCountIs('AWS::Cognito::UserPoolIdentityProvider', 0);
    Annotations.fromStack(stack).hasWarning(
      '/AlexaAccountLinking-test',
      Match.stringLikeRegexp(
        'signInWith, directSignIn are ignored: linkingServer is "login-with-amazon"'
      )
    );
  });
});

describe('AlexaSignInProviders', () => {
  test('takes a secret by name only, so no plain value can reach the template', () => {
    const stack = newStack();
    const linking = new AlexaAccountLinking(stack, 'Linking', {
      alexaVendorId: VENDOR_ID,
      domainPrefix: 'acme-alexa-sign-in',
      signInWith: { facebook: SIGN_IN_WITH.facebook },
    });
    expect(linking.signInProviders).toBeInstanceOf(AlexaSignInProviders);
    expect(linking.signInProviders?.providerName('facebook')).toBe('Facebook');
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderDetails: Match.objectLike({
        client_secret: '{{resolve:secretsmanager:alexa/facebook:SecretString:clientSecret::}}',
      }),
    });
  });

  test.each([
    [
      'a secret name is an SSM parameter',
      {
        google: {
          ...SIGN_IN_WITH.google,
          clientSecretName: 'arn:aws:ssm:us-east-1:123456789012:parameter/g',
        },
      },
      /Invalid signInWith\.google\.clientSecretName: .*SSM parameters/,
    ],
    [
      'the oidc issuer is http',
      { oidc: { ...SIGN_IN_WITH.oidc, issuer: 'http://acme.eu.auth0.com/' } },
      /Invalid signInWith\.oidc\.issuer: received "http:/,
    ],
    [
      'no provider is given',
      {},
      /Invalid signInWith: .*at least one of amazon, google, facebook, oidc/,
    ],
  ])('fails when %s', (_case, signInWith, message) => {
    expect(
      () =>
        new AlexaAccountLinking(newStack(), 'Linking', {
          alexaVendorId: VENDOR_ID,
          domainPrefix: 'acme-alexa-sign-in',
          signInWith,
        })
    ).toThrow(message);
  });

  test.each([
    [
      'directSignIn is set without signInWith',
      { directSignIn: 'google' as const },
      /Invalid directSignIn: received "google"\. Expected a value only together with signInWith/,
    ],
    [
      'cognitoSignIn is false without signInWith',
      { cognitoSignIn: false },
      /Invalid cognitoSignIn: received false/,
    ],
    [
      'directSignIn names a provider not configured',
      { signInWith: { google: SIGN_IN_WITH.google }, directSignIn: 'amazon' as const },
      /Invalid directSignIn: received "amazon"\. Expected one of the configured providers: google/,
    ],
  ])('AlexaAccountLinking fails when %s', (_case, props, message) => {
    expect(
      () =>
        new AlexaAccountLinking(newStack(), 'Linking', {
          alexaVendorId: VENDOR_ID,
          domainPrefix: 'acme-alexa-sign-in',
          ...props,
        })
    ).toThrow(message);
  });
});
