import { Token } from 'aws-cdk-lib';
import { SKILL_STAGES, type SkillStage } from '../../lambda/link-settings/account-linking-request';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import { secretNameSetting, type LinkingServerName } from '../app-settings/linking-server-settings';

/** A skill stage's own client on a linking server that is not deployed here (Login with Amazon, OIDC). */
export interface StageServerClient {
  /** The client ID on that server: the stage's "Your Client ID". */
  readonly clientId: string;
  /**
   * Name or ARN of the Secrets Manager secret whose JSON field `clientSecret` holds its secret.
   * @default - none; paste that stage's secret into the Alexa console yourself
   */
  readonly clientSecretName?: string;
}

/**
 * The read-only shape every linking server has, whichever authorization server it is: the values
 * the Alexa developer console's Account Linking page asks for, and the environment a skill
 * function needs to verify that server's tokens.
 *
 * Implemented by `AlexaAccountLinking` (Cognito), `LoginWithAmazonLinkingServer` and
 * `OidcLinkingServer`.
 */
export interface AlexaLinkingServer {
  /** Which kind of authorization server this is. */
  readonly linkingServerName: LinkingServerName;
  /** Alexa console: "Your Web Authorization URI". */
  readonly authorizationUrl: string;
  /** Alexa console: "Access Token URI". */
  readonly accessTokenUrl: string;
  /** Alexa console: "Your Client ID" (of every stage without a client of its own). */
  readonly clientId: string;
  /**
   * The client IDs of skill stages with a client of their own, by stage.
   * @default - every stage links with `clientId`
   */
  readonly stageClientIds?: Partial<Record<SkillStage, string>>;
  /** Alexa console: "Scope", one entry per name. */
  readonly scopes: string[];
  /** Alexa console: "Domain List". */
  readonly domainNames: string[];
  /** The three regional Alexa redirect URLs the server must allow as callbacks. */
  readonly alexaRedirectUrls: string[];
  /**
   * Environment variables that tell a skill function (custom skill or smart home) which server
   * verifies its tokens, and how. `LINKING_SERVER` is absent for Cognito (the Lambda side reads
   * its absence as `cognito`), so the Cognito template stays as it was.
   *
   * - cognito: `USER_POOL_ID`, `USER_POOL_CLIENT_ID`, `SIGN_IN_DOMAIN_URL`
   * - login-with-amazon: `LINKING_SERVER`, `LWA_CLIENT_ID`
   * - oidc: `LINKING_SERVER`, `OIDC_ISSUER`, `OIDC_AUDIENCE`, `OIDC_CLIENT_ID`, `OIDC_JWKS_URL`,
   *   and `OIDC_USERINFO_URL` when set
   * - any server with stage clients: `STAGE_CLIENT_IDS`, their client IDs, comma-separated
   */
  readonly functionEnvironment: Record<string, string>;
}

/** The hosts of some https URLs, unique, in order: the Domain List for a server's endpoints. */
export function hostsOf(...urls: string[]): string[] {
  return [...new Set(urls.map((url) => new URL(url).hostname))];
}

/** STAGE_CLIENT_IDS for the stage clients, or nothing without one (the template stays as it was). */
export function stageClientEnvironment(
  stageClients: Partial<Record<SkillStage, StageServerClient>> | undefined
): Record<string, string> {
  const ids = [...new Set(Object.values(stageClients ?? {}).map((client) => client.clientId))];
  return ids.length > 0 ? { STAGE_CLIENT_IDS: ids.join(',') } : {};
}

/** The stage clients' IDs, by stage. */
export function stageClientIdsOf(
  stageClients: Partial<Record<SkillStage, StageServerClient>> | undefined
): Partial<Record<SkillStage, string>> {
  return Object.fromEntries(
    Object.entries(stageClients ?? {}).map(([stage, client]) => [stage, client.clientId])
  );
}

/**
 * Checks the `stageClients` prop: a skill stage each, a client ID (of the server's form, by
 * `checkId`) without a comma (STAGE_CLIENT_IDS is a comma-separated list), a secret name.
 */
export function assertStageClients(
  stageClients: Partial<Record<SkillStage, StageServerClient>> | undefined,
  checkId: (key: string, clientId: string) => void = () => undefined
): void {
  for (const [stage, client] of Object.entries(stageClients ?? {})) {
    if (!(SKILL_STAGES as readonly string[]).includes(stage)) {
      throw new InvalidSettingError(
        `stageClients.${stage}`,
        client,
        'a stage "development" or "live"'
      );
    }
    const key = `stageClients.${stage}`;
    if (!Token.isUnresolved(client.clientId)) {
      if (!/^[^\s,]{1,512}$/.test(client.clientId)) {
        throw new InvalidSettingError(
          `${key}.clientId`,
          client.clientId,
          "that stage's client ID on the linking server (no spaces or commas)"
        );
      }
      checkId(`${key}.clientId`, client.clientId);
    }
    if (client.clientSecretName !== undefined && !Token.isUnresolved(client.clientSecretName)) {
      secretNameSetting(`${key}.clientSecretName`, client.clientSecretName);
    }
  }
}
