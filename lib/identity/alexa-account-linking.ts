import {
  CfnManagedLoginBranding,
  ManagedLoginVersion,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { SkillStage } from '../../lambda/link-settings/account-linking-request';
import type { SignInProviderName } from '../app-settings/sign-in-providers-settings';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import { AlexaAppClient, type AlexaAppClientProps } from './alexa-app-client';
import type { AlexaLinkingServer } from './alexa-linking-server';
import { AlexaSignInProviders, type AlexaSignInProvidersProps } from './alexa-sign-in-providers';
import { SignInDomain, type SignInDomainProps } from './sign-in-domain';
import { SkillUserPool, type SkillUserPoolProps } from './skill-user-pool';

/** Props of AlexaAccountLinking: those of the user pool, the Alexa app client and the sign-in domain. */
export interface AlexaAccountLinkingProps
  extends
    SkillUserPoolProps,
    Omit<AlexaAppClientProps, 'userPool'>,
    Omit<SignInDomainProps, 'userPool'> {
  /**
   * Federated sign-in on the managed login page: Login with Amazon, Google, Facebook or an OIDC
   * server. The Alexa client then lists these instead of `identityProviders`.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html
   * @default - email and password only
   */
  readonly signInWith?: Omit<AlexaSignInProvidersProps, 'userPool'>;

  /**
   * Whether email and password sign-in stays on the login page next to `signInWith`'s providers.
   * @default true
   */
  readonly cognitoSignIn?: boolean;

  /**
   * A provider of `signInWith` that Alexa users are sent straight to: the Authorization URI
   * carries `identity_provider=<its name>` and skips the choice page.
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html
   * @default - the login page offers every provider
   */
  readonly directSignIn?: SignInProviderName;

  /**
   * Skill stages that get an Alexa app client of their own (a separate client for live): a second
   * client on the same pool with the same settings and its own secret. The skill accepts tokens
   * of each client; automatic mode and link-config write each stage's client.
   * @see https://developer.amazon.com/docs/smapi/account-linking-operations.html
   * @default - every stage uses `userPoolClient`
   */
  readonly separateClientStages?: readonly SkillStage[];
}

/** The construct ID of a stage's own Alexa client: `AlexaClientLive`, `AlexaClientDevelopment`. */
export function stageClientId(stage: SkillStage): string {
  return `AlexaClient${stage.charAt(0).toUpperCase()}${stage.slice(1)}`;
}

/**
 * Everything on the identity side of Alexa account linking: the user pool, its sign-in domain and
 * managed login pages, and the app client Alexa uses, with the values the Alexa console asks for.
 *
 * Construct IDs inside are a contract: renaming one replaces the user pool and loses every user.
 */
export class AlexaAccountLinking extends Construct implements AlexaLinkingServer {
  readonly linkingServerName = 'cognito' as const;
  /** The user pool whose users link their accounts. */
  readonly userPool: SkillUserPool;
  /** The app client Alexa signs in with, and its redirect URLs. */
  readonly userPoolClient: AlexaAppClient;
  /** The sign-in domain Alexa sends users to. */
  readonly userPoolDomain: SignInDomain;
  /** Managed login branding for the Alexa client; absent with the classic hosted UI. */
  readonly managedLoginBranding?: CfnManagedLoginBranding;
  /** The Alexa clients of stages with their own (`separateClientStages`), by stage. */
  readonly stageClients: Partial<Record<SkillStage, AlexaAppClient>> = {};
  /** Their client IDs, by stage (Alexa console: that stage's "Your Client ID"). */
  readonly stageClientIds: Partial<Record<SkillStage, string>> = {};

  /** Alexa console: "Your Web Authorization URI". */
  readonly authorizationUrl: string;
  /** Alexa console: "Access Token URI". */
  readonly accessTokenUrl: string;
  /** Cognito's OpenID userInfo endpoint, which the skill asks for the user's name and email. */
  readonly userInfoUrl: string;
  /** Alexa console: "Scope", one entry per name. */
  readonly scopes: string[];
  /** Alexa console: "Domain List", the host the sign-in pages load from. */
  readonly domainNames: string[];
  /** Alexa console: "Your Client ID", the Alexa app client's ID. */
  readonly clientId: string;
  /** The three regional Alexa redirect URLs the app client allows. */
  readonly alexaRedirectUrls: string[];
  /** The skill function's environment for verifying this pool's tokens. */
  readonly functionEnvironment: Record<string, string>;
  /** The federated sign-in providers; absent without `signInWith`. */
  readonly signInProviders?: AlexaSignInProviders;
  /**
   * The redirect URL to register at each sign-in provider (`<sign-in domain>/oauth2/idpresponse`).
   * @see https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-social-idp.html
   */
  readonly signInProviderRedirectUrl: string;
  /** The sign-in domain's origin, for a provider's allowed JavaScript origins. */
  readonly signInOrigin: string;

  constructor(scope: Construct, id: string, props: AlexaAccountLinkingProps) {
    super(scope, id);

    this.userPool = new SkillUserPool(this, 'UserPool', props);
    this.userPoolDomain = new SignInDomain(this, 'Domain', { ...props, userPool: this.userPool });
    if (props.signInWith) {
      this.signInProviders = new AlexaSignInProviders(this, 'SignInProviders', {
        ...props.signInWith,
        userPool: this.userPool,
      });
    } else if (props.cognitoSignIn === false || props.directSignIn !== undefined) {
      throw new InvalidSettingError(
        props.directSignIn !== undefined ? 'directSignIn' : 'cognitoSignIn',
        props.directSignIn ?? props.cognitoSignIn,
        'a value only together with signInWith, which names the providers'
      );
    }
    const clientProps: AlexaAppClientProps = {
      ...props,
      userPool: this.userPool,
      identityProviders: this.signInProviders
        ? [
            ...(props.cognitoSignIn === false ? [] : [UserPoolClientIdentityProvider.COGNITO]),
            ...this.signInProviders.clientIdentityProviders,
          ]
        : props.identityProviders,
    };
    this.userPoolClient = new AlexaAppClient(this, 'AlexaClient', clientProps);
    this.managedLoginBranding = this.readyForSignIn(this.userPoolClient, 'AlexaClientBranding');
    for (const stage of new Set(props.separateClientStages ?? [])) {
      // New construct IDs beside 'AlexaClient', which stays as it is.
      const id = stageClientId(stage);
      const client = new AlexaAppClient(this, id, {
        ...clientProps,
        userPoolClientName: `${clientProps.userPoolClientName ?? 'alexa'}-${stage}`,
      });
      this.readyForSignIn(client, `${id}Branding`);
      this.stageClients[stage] = client;
      this.stageClientIds[stage] = client.userPoolClientId;
    }

    const baseUrl = this.userPoolDomain.baseUrl();
    const direct =
      props.directSignIn !== undefined && this.signInProviders
        ? `?identity_provider=${encodeURIComponent(this.signInProviders.providerName(props.directSignIn))}`
        : '';
    this.authorizationUrl = `${baseUrl}/oauth2/authorize${direct}`;
    this.accessTokenUrl = `${baseUrl}/oauth2/token`;
    this.userInfoUrl = `${baseUrl}/oauth2/userInfo`;
    this.scopes = this.userPoolClient.scopeNames;
    this.domainNames = [this.userPoolDomain.hostName];
    this.clientId = this.userPoolClient.userPoolClientId;
    this.alexaRedirectUrls = this.userPoolClient.alexaRedirectUrls;
    this.signInProviderRedirectUrl = `${baseUrl}/oauth2/idpresponse`;
    this.signInOrigin = baseUrl;
    const stageClientIds = Object.values(this.stageClientIds);
    this.functionEnvironment = {
      USER_POOL_ID: this.userPool.userPoolId,
      USER_POOL_CLIENT_ID: this.userPoolClient.userPoolClientId,
      SIGN_IN_DOMAIN_URL: baseUrl,
      // Only with a stage client, so a stack without one keeps its template.
      ...(stageClientIds.length > 0 && { STAGE_CLIENT_IDS: stageClientIds.join(',') }),
    };
  }

  /** The sign-in providers before the client, and its managed login branding. */
  private readyForSignIn(
    client: AlexaAppClient,
    brandingId: string
  ): CfnManagedLoginBranding | undefined {
    // CloudFormation must create the providers before a client that names them.
    this.signInProviders?.dependOn(client);
    if (this.userPoolDomain.managedLoginVersion !== ManagedLoginVersion.NEWER_MANAGED_LOGIN) {
      return undefined;
    }
    // Without a branding style for the client, managed login shows "Login pages unavailable".
    const branding = new CfnManagedLoginBranding(this, brandingId, {
      userPoolId: this.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(this.userPoolDomain);
    return branding;
  }
}
