import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  DEFAULT_OIDC_SCOPES,
  assertIsHttpsSetting,
  defaultJwksUrl,
  secretNameSetting,
} from '../app-settings/linking-server-settings';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import { alexaRedirectUrls } from './alexa-redirect-urls';
import type { SkillStage } from '../../lambda/link-settings/account-linking-request';
import {
  assertStageClients,
  hostsOf,
  stageClientEnvironment,
  stageClientIdsOf,
  type AlexaLinkingServer,
  type StageServerClient,
} from './alexa-linking-server';

/** Props of OidcLinkingServer: the OpenID Connect server and application Alexa links against. */
export interface OidcLinkingServerProps {
  /**
   * Your Alexa developer vendor ID: the three regional Alexa redirect URLs are built from it.
   * @see https://developer.amazon.com/settings/console/mycid
   */
  readonly alexaVendorId: string;

  /**
   * The issuer, https, exactly as the server's tokens carry it in `iss` (Auth0's ends with `/`).
   * Kept byte for byte: the skill compares it with `iss`.
   * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
   */
  readonly issuer: string;

  /**
   * The API identifier the access tokens are minted for. Sent to the authorization endpoint as
   * `audience=`: without it Auth0 issues opaque access tokens that cannot be verified.
   * @see https://auth0.com/docs/get-started/apis
   */
  readonly audience: string;

  /** The client ID of the application created for Alexa on the server. */
  readonly clientId: string;

  /**
   * Name or ARN of the Secrets Manager secret whose JSON field `clientSecret` holds the
   * application's client secret. Never read at synthesis.
   * @default - none; paste the secret into the Alexa console yourself
   */
  readonly clientSecretName?: string;

  /**
   * The authorization endpoint, https (synthesis has no network to discover it).
   * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthorizationEndpoint
   */
  readonly authorizationUrl: string;

  /**
   * The token endpoint, https.
   * @see https://openid.net/specs/openid-connect-core-1_0.html#TokenEndpoint
   */
  readonly tokenUrl: string;

  /**
   * Where the server publishes its signing keys.
   * @default - `<issuer without trailing slash>/.well-known/jwks.json`
   */
  readonly jwksUrl?: string;

  /**
   * The userInfo endpoint the skill reads the user's name and email from.
   * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
   * @default - none; the skill greets without a name
   */
  readonly userInfoUrl?: string;

  /**
   * The scopes Alexa asks for. Keep `offline_access`: without it most servers issue no refresh
   * token, and Alexa unlinks the user when the access token expires.
   * @default ['openid', 'profile', 'email', 'offline_access']
   */
  readonly scopes?: string[];

  /**
   * Skill stages with a client of their own on this server (a separate client for live): each
   * stage's client ID and secret name. The skill accepts tokens of each; automatic mode and
   * link-config write each stage's client.
   * @see https://developer.amazon.com/docs/smapi/account-linking-operations.html
   * @default - every stage uses `clientId`
   */
  readonly stageClients?: Partial<Record<SkillStage, StageServerClient>>;
}

/**
 * Alexa links to an existing OpenID Connect server (Auth0, Okta, Keycloak, ...). Nothing is
 * deployed for it: the application lives on that server, whose allowed callback URLs must list
 * `alexaRedirectUrls`. The skill verifies each access token as a JWT (issuer, audience, JWKS).
 */
export class OidcLinkingServer extends Construct implements AlexaLinkingServer {
  readonly linkingServerName = 'oidc' as const;
  /** The authorization endpoint with `audience=<audience>` added. */
  readonly authorizationUrl: string;
  readonly accessTokenUrl: string;
  readonly clientId: string;
  /**
   * Where the application's client secret is kept, when given: read by `link-config` and automatic
   * mode.
   */
  readonly clientSecretName?: string;
  /** Each stage's own client (skillStages), where one is set: its ID and secret name. */
  readonly stageClients: Partial<Record<SkillStage, StageServerClient>>;
  /** Each stage's own client ID, where one is set: the functions accept its tokens too. */
  readonly stageClientIds: Partial<Record<SkillStage, string>>;
  /** The issuer, exactly as tokens carry it in `iss`. */
  readonly issuer: string;
  /** The API identifier access tokens are minted for, checked in `aud`. */
  readonly audience: string;
  /** Where the server publishes its signing keys. */
  readonly jwksUrl: string;
  /** The userInfo endpoint, when given: the greeting reads the profile there. */
  readonly userInfoUrl?: string;
  readonly scopes: string[];
  readonly domainNames: string[];
  readonly alexaRedirectUrls: string[];
  readonly functionEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: OidcLinkingServerProps) {
    super(scope, id);
    const example = 'https://tenant.eu.auth0.com';
    const jwksUrl = props.jwksUrl ?? defaultJwksUrl(props.issuer);
    const urls: [string, string | undefined, string][] = [
      ['issuer', props.issuer, `${example}/`],
      ['authorizationUrl', props.authorizationUrl, `${example}/authorize`],
      ['tokenUrl', props.tokenUrl, `${example}/oauth/token`],
      ['jwksUrl', jwksUrl, `${example}/.well-known/jwks.json`],
      ['userInfoUrl', props.userInfoUrl, `${example}/userinfo`],
    ];
    for (const [key, value, sample] of urls) {
      if (value !== undefined && !Token.isUnresolved(value))
        assertIsHttpsSetting(key, value, sample);
    }
    if (!Token.isUnresolved(props.audience) && props.audience.trim() === '') {
      throw new InvalidSettingError(
        'audience',
        props.audience,
        'the API identifier the access tokens are minted for (e.g. "https://alexa.example.com/api")'
      );
    }
    if (props.clientSecretName !== undefined && !Token.isUnresolved(props.clientSecretName)) {
      secretNameSetting('clientSecretName', props.clientSecretName);
    }
    assertStageClients(props.stageClients);
    const scopes = props.scopes ?? [...DEFAULT_OIDC_SCOPES];

    this.authorizationUrl = withAudience(props.authorizationUrl, props.audience);
    this.accessTokenUrl = props.tokenUrl;
    this.clientId = props.clientId;
    this.clientSecretName = props.clientSecretName;
    this.stageClients = { ...props.stageClients };
    this.stageClientIds = stageClientIdsOf(props.stageClients);
    this.issuer = props.issuer;
    this.audience = props.audience;
    this.jwksUrl = jwksUrl;
    this.userInfoUrl = props.userInfoUrl;
    this.scopes = [...new Set(scopes)];
    this.domainNames = [props.authorizationUrl, props.tokenUrl].some((u) => Token.isUnresolved(u))
      ? []
      : hostsOf(props.authorizationUrl, props.tokenUrl);
    this.alexaRedirectUrls = alexaRedirectUrls(props.alexaVendorId);
    this.functionEnvironment = {
      LINKING_SERVER: this.linkingServerName,
      OIDC_ISSUER: props.issuer,
      OIDC_AUDIENCE: props.audience,
      // A token's azp / client_id / cid must name this client: same server and API is not enough.
      OIDC_CLIENT_ID: props.clientId,
      OIDC_JWKS_URL: jwksUrl,
      ...(props.userInfoUrl !== undefined ? { OIDC_USERINFO_URL: props.userInfoUrl } : {}),
      ...stageClientEnvironment(props.stageClients),
    };
  }
}

/** The authorization URL with `audience=` added (replacing one it already has). */
function withAudience(authorizationUrl: string, audience: string): string {
  if (Token.isUnresolved(authorizationUrl) || Token.isUnresolved(audience)) {
    const separator = authorizationUrl.includes('?') ? '&' : '?';
    return `${authorizationUrl}${separator}audience=${audience}`;
  }
  const url = new URL(authorizationUrl);
  url.searchParams.set('audience', audience);
  return url.toString();
}
