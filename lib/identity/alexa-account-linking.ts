import { CfnManagedLoginBranding, ManagedLoginVersion } from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { AlexaAppClient, type AlexaAppClientProps } from './alexa-app-client';
import { SignInDomain, type SignInDomainProps } from './sign-in-domain';
import { SkillUserPool, type SkillUserPoolProps } from './skill-user-pool';

/** Props of AlexaAccountLinking: those of the user pool, the Alexa app client and the sign-in domain. */
export interface AlexaAccountLinkingProps
  extends
    SkillUserPoolProps,
    Omit<AlexaAppClientProps, 'userPool'>,
    Omit<SignInDomainProps, 'userPool'> {}

/**
 * Everything on the identity side of Alexa account linking: the user pool, its sign-in domain and
 * managed login pages, and the app client Alexa uses, with the values the Alexa console asks for.
 *
 * Construct IDs inside are a contract: renaming one replaces the user pool and loses every user.
 */
export class AlexaAccountLinking extends Construct {
  readonly userPool: SkillUserPool;
  readonly userPoolClient: AlexaAppClient;
  readonly userPoolDomain: SignInDomain;
  /** Managed login branding for the Alexa client; absent with the classic hosted UI. */
  readonly managedLoginBranding?: CfnManagedLoginBranding;

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

  constructor(scope: Construct, id: string, props: AlexaAccountLinkingProps) {
    super(scope, id);

    this.userPool = new SkillUserPool(this, 'UserPool', props);
    this.userPoolDomain = new SignInDomain(this, 'Domain', { ...props, userPool: this.userPool });
    this.userPoolClient = new AlexaAppClient(this, 'AlexaClient', {
      ...props,
      userPool: this.userPool,
    });

    if (this.userPoolDomain.managedLoginVersion === ManagedLoginVersion.NEWER_MANAGED_LOGIN) {
      // Without a branding style for the client, managed login shows "Login pages unavailable".
      this.managedLoginBranding = new CfnManagedLoginBranding(this, 'AlexaClientBranding', {
        userPoolId: this.userPool.userPoolId,
        clientId: this.userPoolClient.userPoolClientId,
        useCognitoProvidedValues: true,
      });
      this.managedLoginBranding.node.addDependency(this.userPoolDomain);
    }

    const baseUrl = this.userPoolDomain.baseUrl();
    this.authorizationUrl = `${baseUrl}/oauth2/authorize`;
    this.accessTokenUrl = `${baseUrl}/oauth2/token`;
    this.userInfoUrl = `${baseUrl}/oauth2/userInfo`;
    this.scopes = this.userPoolClient.scopeNames;
    this.domainNames = [this.userPoolDomain.hostName];
  }
}
