import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  LWA_SCOPE_NAMES,
  assertIsLwaClientId,
  secretNameSetting,
  type LwaScopeName,
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

/** Login with Amazon's authorization endpoint, the same for every region. */
export const LWA_AUTHORIZATION_URL = 'https://www.amazon.com/ap/oa';
/** Login with Amazon's token endpoint. */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/** Props of LoginWithAmazonLinkingServer: the security profile Alexa links against. */
export interface LoginWithAmazonLinkingServerProps {
  /**
   * Your Alexa developer vendor ID: the three regional Alexa redirect URLs are built from it.
   * @see https://developer.amazon.com/settings/console/mycid
   */
  readonly alexaVendorId: string;

  /**
   * The Client ID of the Login with Amazon security profile Alexa links with
   * (`amzn1.application-oa2-client.` and 32 lower-case hex digits).
   * @see https://developer.amazon.com/docs/login-with-amazon/register-web.html
   */
  readonly clientId: string;

  /**
   * Name or ARN of the Secrets Manager secret whose JSON field `clientSecret` holds the security
   * profile's client secret. Never read at synthesis; link-config and automatic mode read it.
   * @default - none; paste the secret into the Alexa console yourself
   */
  readonly clientSecretName?: string;

  /**
   * The scopes Alexa asks for.
   * @see https://developer.amazon.com/docs/login-with-amazon/customer-profile.html
   * @default ['profile']
   */
  readonly scopes?: LwaScopeName[];

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
 * Alexa links straight to Login with Amazon, as the most-read walkthroughs do: every Alexa user
 * already has an Amazon account. Nothing is deployed for it (no user pool, domain or client): the
 * security profile lives in the Login with Amazon console, whose Allowed Return URLs must list
 * `alexaRedirectUrls`.
 *
 * The skill verifies each access token (opaque `Atza|...`) with Amazon's token-info endpoint and
 * refuses one minted for another client, so it needs only `LWA_CLIENT_ID`.
 */
export class LoginWithAmazonLinkingServer extends Construct implements AlexaLinkingServer {
  readonly linkingServerName = 'login-with-amazon' as const;
  readonly authorizationUrl = LWA_AUTHORIZATION_URL;
  readonly accessTokenUrl = LWA_TOKEN_URL;
  readonly clientId: string;
  /**
   * Where the security profile's client secret is kept, when given: read by `link-config` and
   * automatic mode.
   */
  readonly clientSecretName?: string;
  /** Each stage's own security profile (skillStages), where one is set: its ID and secret name. */
  readonly stageClients: Partial<Record<SkillStage, StageServerClient>>;
  readonly stageClientIds: Partial<Record<SkillStage, string>>;
  readonly scopes: string[];
  readonly domainNames: string[];
  readonly alexaRedirectUrls: string[];
  readonly functionEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, props: LoginWithAmazonLinkingServerProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.clientId)) assertIsLwaClientId(props.clientId, 'clientId');
    if (props.clientSecretName !== undefined && !Token.isUnresolved(props.clientSecretName)) {
      secretNameSetting('clientSecretName', props.clientSecretName);
    }
    assertStageClients(props.stageClients, (key, id) => assertIsLwaClientId(id, key));
    const scopes = props.scopes ?? ['profile'];
    const unknown = scopes.filter((s) => !(LWA_SCOPE_NAMES as readonly string[]).includes(s));
    if (scopes.length === 0 || unknown.length > 0) {
      throw new InvalidSettingError(
        'scopes',
        scopes.join(','),
        `one or more of ${LWA_SCOPE_NAMES.join(', ')} (e.g. "profile")`
      );
    }

    this.clientId = props.clientId;
    this.clientSecretName = props.clientSecretName;
    this.stageClients = { ...props.stageClients };
    this.stageClientIds = stageClientIdsOf(props.stageClients);
    this.scopes = [...new Set(scopes)];
    this.domainNames = hostsOf(LWA_AUTHORIZATION_URL, LWA_TOKEN_URL);
    this.alexaRedirectUrls = alexaRedirectUrls(props.alexaVendorId);
    this.functionEnvironment = {
      LINKING_SERVER: this.linkingServerName,
      LWA_CLIENT_ID: props.clientId,
      ...stageClientEnvironment(props.stageClients),
    };
  }
}
