import { SecretValue, Token } from 'aws-cdk-lib';
import {
  ProviderAttribute,
  UserPoolClientIdentityProvider,
  UserPoolIdentityProviderAmazon,
  UserPoolIdentityProviderFacebook,
  UserPoolIdentityProviderGoogle,
  UserPoolIdentityProviderOidc,
  type IUserPool,
  type IUserPoolIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { secretNameSetting } from '../app-settings/linking-server-settings';
import type { SignInProviderName } from '../app-settings/sign-in-providers-settings';
import { isHttpsUrl } from '../app-settings/https-url';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';

/**
 * The app registered at a social provider for the pool: its client ID and where its secret is kept.
 */
export interface SignInProviderClientProps {
  /** The client (app) ID registered at the provider. */
  readonly clientId: string;
  /**
   * Name or ARN of the Secrets Manager secret whose JSON field `clientSecret` holds the client
   * secret. It reaches the template only as a `{{resolve:secretsmanager:...}}` reference, which
   * CloudFormation resolves at deploy time.
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
   */
  readonly clientSecretName: string;
}

/**
 * The app registered at an OpenID Connect provider for the pool, with the provider's name and
 * issuer.
 */
export interface OidcSignInProviderProps extends SignInProviderClientProps {
  /** The provider name: the sign-in button's label and the value of `identity_provider=`. */
  readonly name: string;
  /**
   * The issuer, https; Cognito discovers the endpoints from it at deploy time.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-idp.html
   */
  readonly issuer: string;
}

/** Props of AlexaSignInProviders: the pool and the providers its login page offers. */
export interface AlexaSignInProvidersProps {
  /** The user pool whose login page offers the providers. */
  readonly userPool: IUserPool;
  /**
   * Login with Amazon (a security profile).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-social-idp.html
   * @default - not offered
   */
  readonly amazon?: SignInProviderClientProps;
  /**
   * Google (an OAuth client of type Web application).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-social-idp.html
   * @default - not offered
   */
  readonly google?: SignInProviderClientProps;
  /**
   * Facebook (a Meta app with Facebook Login).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-social-idp.html
   * @default - not offered
   */
  readonly facebook?: SignInProviderClientProps;
  /**
   * Any OpenID Connect server (Auth0, Okta, Keycloak, ...).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-oidc-idp.html
   * @default - not offered
   */
  readonly oidc?: OidcSignInProviderProps;
}

/**
 * Federated sign-in for the Alexa user pool: "Continue with Amazon / Google / Facebook / <OIDC>"
 * on the managed login page. Client secrets come from Secrets Manager as dynamic references, so no
 * secret value is ever in a template.
 *
 * Every provider fills every attribute the pool requires (`email`, `given_name`): Cognito refuses
 * a federated sign-up that lacks a required attribute. Login with Amazon and many OIDC servers
 * return only `name`, so `given_name` is mapped from it there.
 *
 * Add `dependOn(client)` for each app client that lists the providers: CloudFormation otherwise
 * may create the client first and fail with "The provider ... does not exist".
 */
export class AlexaSignInProviders extends Construct {
  /** The provider resources, in the order amazon, google, facebook, oidc. */
  readonly providers: IUserPoolIdentityProvider[] = [];
  /** What an app client lists to offer the providers, in the same order. */
  readonly clientIdentityProviders: UserPoolClientIdentityProvider[] = [];
  private readonly names = new Map<SignInProviderName, string>();

  constructor(scope: Construct, id: string, props: AlexaSignInProvidersProps) {
    super(scope, id);
    const { userPool, amazon, google, facebook, oidc } = props;
    if (!amazon && !google && !facebook && !oidc) {
      throw new InvalidSettingError(
        'signInWith',
        {},
        'at least one of amazon, google, facebook, oidc'
      );
    }

    if (amazon) {
      const provider = new UserPoolIdentityProviderAmazon(this, 'Amazon', {
        userPool,
        clientId: amazon.clientId,
        clientSecret: clientSecret('amazon', amazon).unsafeUnwrap(),
        // profile returns name, email and user_id.
        scopes: ['profile'],
        attributeMapping: {
          email: ProviderAttribute.AMAZON_EMAIL,
          // Login with Amazon has no given name; the pool requires one.
          givenName: ProviderAttribute.AMAZON_NAME,
          fullname: ProviderAttribute.AMAZON_NAME,
        },
      });
      this.add('amazon', provider, UserPoolClientIdentityProvider.AMAZON);
    }
    if (google) {
      const provider = new UserPoolIdentityProviderGoogle(this, 'Google', {
        userPool,
        clientId: google.clientId,
        clientSecretValue: clientSecret('google', google),
        scopes: ['openid', 'email', 'profile'],
        attributeMapping: {
          email: ProviderAttribute.GOOGLE_EMAIL,
          emailVerified: ProviderAttribute.GOOGLE_EMAIL_VERIFIED,
          givenName: ProviderAttribute.GOOGLE_GIVEN_NAME,
          fullname: ProviderAttribute.GOOGLE_NAME,
        },
      });
      this.add('google', provider, UserPoolClientIdentityProvider.GOOGLE);
    }
    if (facebook) {
      const provider = new UserPoolIdentityProviderFacebook(this, 'Facebook', {
        userPool,
        clientId: facebook.clientId,
        clientSecret: clientSecret('facebook', facebook).unsafeUnwrap(),
        scopes: ['public_profile', 'email'],
        attributeMapping: {
          email: ProviderAttribute.FACEBOOK_EMAIL,
          givenName: ProviderAttribute.FACEBOOK_FIRST_NAME,
          fullname: ProviderAttribute.FACEBOOK_NAME,
        },
      });
      this.add('facebook', provider, UserPoolClientIdentityProvider.FACEBOOK);
    }
    if (oidc) {
      if (!Token.isUnresolved(oidc.issuer) && !isHttpsUrl(oidc.issuer)) {
        throw new InvalidSettingError(
          'signInWith.oidc.issuer',
          oidc.issuer,
          'the issuer as an https:// URL (e.g. "https://tenant.eu.auth0.com/")'
        );
      }
      const provider = new UserPoolIdentityProviderOidc(this, 'Oidc', {
        userPool,
        name: oidc.name,
        issuerUrl: oidc.issuer,
        clientId: oidc.clientId,
        clientSecret: clientSecret('oidc', oidc).unsafeUnwrap(),
        scopes: ['openid', 'email', 'profile'],
        attributeMapping: {
          email: ProviderAttribute.other('email'),
          // name is the profile claim servers fill for every user (Auth0 database users have no
          // given_name); the pool requires a given name.
          givenName: ProviderAttribute.other('name'),
          fullname: ProviderAttribute.other('name'),
        },
      });
      this.add('oidc', provider, UserPoolClientIdentityProvider.custom(oidc.name));
    }
  }

  /** The Cognito provider name for a provider configured here (`LoginWithAmazon`, `Google`, ...). */
  providerName(provider: SignInProviderName): string {
    const name = this.names.get(provider);
    if (name === undefined) {
      throw new InvalidSettingError(
        'directSignIn',
        provider,
        `one of the configured providers: ${[...this.names.keys()].join(', ')}`
      );
    }
    return name;
  }

  /** Makes a construct (an app client) wait for every provider resource. */
  dependOn(client: Construct): void {
    for (const provider of this.providers) client.node.addDependency(provider);
  }

  private add(
    name: SignInProviderName,
    provider: IUserPoolIdentityProvider,
    clientProvider: UserPoolClientIdentityProvider
  ): void {
    this.providers.push(provider);
    this.clientIdentityProviders.push(clientProvider);
    this.names.set(name, clientProvider.name);
  }
}

/** A dynamic reference to the secret's `clientSecret` field: never its value. */
function clientSecret(
  provider: SignInProviderName,
  client: SignInProviderClientProps
): SecretValue {
  if (!Token.isUnresolved(client.clientSecretName)) {
    secretNameSetting(`signInWith.${provider}.clientSecretName`, client.clientSecretName);
  }
  return SecretValue.secretsManager(client.clientSecretName, { jsonField: 'clientSecret' });
}
