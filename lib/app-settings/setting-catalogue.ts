/**
 * Every context key this project reads, with what docs/configuration.md says about it: the one
 * list of the project's settings. The unknown-key check accepts exactly these keys
 * (KNOWN_SETTING_KEYS), so a key cannot be read without an entry here, and `npm run docs`
 * writes the configuration reference from these entries (test/docs/configuration.test.ts fails
 * when the file differs). Pure data: no constructs.
 */
import { LINKING_SERVERS, type LinkingServerName } from './linking-server-settings';
import { SKILL_TYPES, type SkillType } from './skill-type-settings';

/** What the configuration reference says about one context key. */
export interface SettingEntry {
  /** The context key, as `cdk.json` and `-c key=value` spell it. */
  readonly key: string;
  /** The part of the reference it is listed under. */
  readonly group: SettingGroup;
  /** `yes`, `no`, or when it is required (Markdown). */
  readonly required: string;
  /** The value used when it is left out (Markdown), `–` when there is none. */
  readonly default: string;
  /** What a valid value looks like (Markdown). */
  readonly validForm: string;
  /** What it does (Markdown). */
  readonly description: string;
  /** The linking servers it has an effect with; the others ignore or refuse it. */
  readonly linkingServers: readonly LinkingServerName[];
  /** The skill types it has an effect with. */
  readonly skillTypes: readonly SkillType[];
}

/** The parts of the configuration reference, in order. */
export const SETTING_GROUPS = [
  'Skill and stack',
  'Linking server',
  'Cognito user pool',
  'Sign-in providers',
  'Login with Amazon',
  'OpenID Connect server',
  'Account-linking request',
  'App-to-app linking',
  'Smart home',
  'Operations',
] as const;
/** One of SETTING_GROUPS. */
export type SettingGroup = (typeof SETTING_GROUPS)[number];

const ANY_SERVER = LINKING_SERVERS;
const ANY_SKILL = SKILL_TYPES;
const COGNITO: readonly LinkingServerName[] = ['cognito'];
const SECRET_NAME_FORM =
  'a Secrets Manager secret name (letters, digits and `/_+=.@-`) or secret ARN; SSM parameters are refused';
const HTTPS_URL = 'an absolute `https://` URL';
const BOOLEAN = '`true` or `false`';

/** Every context key this project reads, in the order the reference lists them. */
export const SETTING_CATALOGUE: readonly SettingEntry[] = [
  {
    key: 'alexaVendorId',
    group: 'Skill and stack',
    required: 'yes',
    default: '–',
    validForm:
      '6 to 32 upper-case letters and digits: your vendor ID from the Alexa developer console (Settings); the example `M0EXAMPLEVENDOR` in `cdk.json` is refused at deploy',
    description:
      'Your Alexa developer vendor ID: the three regional Alexa redirect URLs `https://pitangui.amazon.com/api/skill/link/<id>`, `https://layla.amazon.com/api/skill/link/<id>` and `https://alexa.amazon.co.jp/api/skill/link/<id>` are built from it.',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'skillId',
    group: 'Skill and stack',
    required: 'yes',
    default: '–',
    validForm:
      '`amzn1.ask.skill.` followed by a lower-case UUID; the example in `cdk.json` is refused at deploy',
    description:
      'The skill whose Lambda this stack runs: only this skill may invoke it, and every envelope must name it.',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'stage',
    group: 'Skill and stack',
    required: 'no',
    default: '`dev`',
    validForm: '1 to 20 characters of `a-z`, `0-9` and `-`, starting with a letter',
    description:
      'Part of the stack name (`AlexaAccountLinking-<stage>`), the pool name and the tags; the `Stage` dimension of the skill metrics.',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'skillType',
    group: 'Skill and stack',
    required: 'no',
    default: '`custom`',
    validForm: '`custom` or `smart-home`',
    description:
      '`custom`: the custom skill (greeting) function; `smart-home`: the smart home function and its device table instead.',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'smapiCredentialsSecret',
    group: 'Skill and stack',
    required: 'no',
    default: '–',
    validForm: `${SECRET_NAME_FORM}; the secret holds \`{"clientId", "clientSecret", "refreshToken"}\` for the Skill Management API`,
    description:
      "Turns on automatic mode: each deploy writes the skill's account-linking settings. With `login-with-amazon` or `oidc` it also needs `lwaClientSecretName` / `oidcClientSecretName` (without it automatic mode is skipped with a warning).",
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'linkingServer',
    group: 'Linking server',
    required: 'no',
    default: '`cognito`',
    validForm: '`cognito`, `login-with-amazon` or `oidc`',
    description:
      'The authorization server Alexa links against: a user pool deployed here, Login with Amazon, or any OpenID Connect server. Keys of the servers not selected are ignored with a synthesis warning that names them.',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'domainPrefix',
    group: 'Cognito user pool',
    required: 'unless `customDomain`',
    default: '–',
    validForm:
      '1 to 63 of `a-z 0-9 -`, no leading or trailing `-`, not containing `aws`, `amazon` or `cognito`; unique in the region; not beside `customDomain`',
    description: 'The Cognito hosted domain prefix of the sign-in pages.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'customDomain',
    group: 'Cognito user pool',
    required: 'no',
    default: '–',
    validForm: 'a host name, e.g. `login.example.com`',
    description: 'Your own sign-in host; replaces the prefix domain.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'customDomainCertificateArn',
    group: 'Cognito user pool',
    required: 'with `customDomain`',
    default: '–',
    validForm: 'an ACM certificate ARN in **us-east-1**',
    description: 'The certificate for `customDomain` (Cognito requires it in us-east-1).',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'scopes',
    group: 'Cognito user pool',
    required: 'no',
    default: '`openid,email,profile`',
    validForm: 'a list of `openid` (required), `email`, `profile`, `phone`',
    description: 'The OAuth scopes Alexa asks the pool for.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'extraCallbackUrls',
    group: 'Cognito user pool',
    required: 'no',
    default: 'none',
    validForm: `a list of ${HTTPS_URL}s, without a \`#fragment\``,
    description: 'More redirect URLs for the Alexa app client, e.g. for app-to-app linking.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'retainUserPool',
    group: 'Cognito user pool',
    required: 'no',
    default: '`true`',
    validForm: BOOLEAN,
    description: 'Keep the pool (and its users) when it leaves the stack. `false` is warned about.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'deletionProtection',
    group: 'Cognito user pool',
    required: 'no',
    default: '`true`',
    validForm: BOOLEAN,
    description: 'Cognito refuses to delete the pool. `false` is warned about.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'mfa',
    group: 'Cognito user pool',
    required: 'no',
    default: '`optional`',
    validForm: '`off`, `optional` or `required`',
    description: 'A second factor at sign-in: TOTP (an authenticator app), never SMS.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'featurePlan',
    group: 'Cognito user pool',
    required: 'no',
    default: '`essentials`',
    validForm: '`essentials` or `plus`',
    description: "The pool's feature plan; Plus turns on full-function threat protection.",
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'loginUi',
    group: 'Cognito user pool',
    required: 'no',
    default: '`managed`',
    validForm: '`managed` or `classic`',
    description:
      'Managed login (with a branding style for the Alexa client) or the classic hosted UI.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'passwordMinLength',
    group: 'Cognito user pool',
    required: 'no',
    default: '`8`',
    validForm: 'a whole number from 8 to 99',
    description:
      'The shortest password the pool accepts. NIST SP 800-63B-4 asks for 15 when the password is the only factor (`mfa` `off` or `optional`).',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'signInWith',
    group: 'Sign-in providers',
    required: 'no',
    default: '–',
    validForm:
      'a JSON object (a JSON string with `-c`) with any of `amazon`, `google`, `facebook` (each `{"clientId", "clientSecretName"}`) and `oidc` (also `"name"` and `"issuer"`)',
    description:
      'Sign-in providers on the login page ("Continue with ..."); each client secret is read from Secrets Manager by CloudFormation at deploy time.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'cognitoSignIn',
    group: 'Sign-in providers',
    required: 'no',
    default: '`true`',
    validForm: `${BOOLEAN}; \`false\` needs \`signInWith\``,
    description: "Keep email and password sign-in next to `signInWith`'s providers.",
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'directSignIn',
    group: 'Sign-in providers',
    required: 'no',
    default: '–',
    validForm: "`amazon`, `google`, `facebook` or `oidc`: one of `signInWith`'s",
    description:
      'The Authorization URI carries `identity_provider=<its name>`, so Alexa users go straight to that provider.',
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'lwaClientId',
    group: 'Login with Amazon',
    required: 'with `login-with-amazon`',
    default: '–',
    validForm: '`amzn1.application-oa2-client.` and 32 lower-case hex digits',
    description: "The security profile's Client ID.",
    linkingServers: ['login-with-amazon'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'lwaClientSecretName',
    group: 'Login with Amazon',
    required: 'no',
    default: '–',
    validForm: `${SECRET_NAME_FORM}; its JSON field \`clientSecret\` holds the secret`,
    description:
      "Where the security profile's Client Secret is kept; read by `link-config` and automatic mode, never at synthesis.",
    linkingServers: ['login-with-amazon'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'lwaScopes',
    group: 'Login with Amazon',
    required: 'no',
    default: '`profile`',
    validForm: 'a list of `profile`, `profile:user_id`, `postal_code`',
    description: 'The scopes Alexa asks for.',
    linkingServers: ['login-with-amazon'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcIssuer',
    group: 'OpenID Connect server',
    required: 'with `oidc`',
    default: '–',
    validForm: `${HTTPS_URL}, exactly as tokens carry it in \`iss\``,
    description: "The issuer: kept byte for byte, trailing slash included (Auth0's has one).",
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcAudience',
    group: 'OpenID Connect server',
    required: 'with `oidc`',
    default: '–',
    validForm: 'the API identifier, as tokens carry it in `aud`',
    description:
      'The API identifier access tokens are minted for; sent as `audience=` on the Authorization URI.',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcClientId',
    group: 'OpenID Connect server',
    required: 'with `oidc`',
    default: '–',
    validForm: "the server's client ID",
    description: 'The client ID of the application created for Alexa.',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcClientSecretName',
    group: 'OpenID Connect server',
    required: 'no',
    default: '–',
    validForm: `${SECRET_NAME_FORM}; its JSON field \`clientSecret\` holds the secret`,
    description:
      "Where that application's secret is kept; read by `link-config` and automatic mode, never at synthesis.",
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcAuthorizationUrl',
    group: 'OpenID Connect server',
    required: 'with `oidc`',
    default: '–',
    validForm: HTTPS_URL,
    description: 'The authorization endpoint (synthesis has no network to discover it).',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcTokenUrl',
    group: 'OpenID Connect server',
    required: 'with `oidc`',
    default: '–',
    validForm: HTTPS_URL,
    description: 'The token endpoint.',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcJwksUrl',
    group: 'OpenID Connect server',
    required: 'no',
    default: '`<issuer without trailing slash>/.well-known/jwks.json`',
    validForm: HTTPS_URL,
    description: 'Where the server publishes its signing keys.',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcUserInfoUrl',
    group: 'OpenID Connect server',
    required: 'no',
    default: '–',
    validForm: HTTPS_URL,
    description: 'The userInfo endpoint; the greeting reads the profile there when set.',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'oidcScopes',
    group: 'OpenID Connect server',
    required: 'no',
    default: '`openid,profile,email,offline_access`',
    validForm: 'a list of scope names',
    description:
      'The scopes Alexa asks for. Keep `offline_access`: without it most servers give Alexa no refresh token.',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'skipOnEnablement',
    group: 'Account-linking request',
    required: 'no',
    default: "– (Amazon's default holds)",
    validForm: BOOLEAN,
    description:
      '`true`: users can enable the skill without linking; the skill sends the LinkAccount card when a request needs linking (`skipOnEnablement`).',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'voiceForwardAccountLinking',
    group: 'Account-linking request',
    required: 'no',
    default: "– (Amazon's default holds)",
    validForm: '`enabled` or `disabled`; refused with another linking server',
    description:
      "Users link by voice (`ENABLED` / `DISABLED`). Enabled, the custom skill hands a user with no link to Amazon's linking skill (`Connections.StartConnection`, `AMAZON.AskForAccountLinking`) instead of sending the card; on the resumed session it greets the linked user, ends quietly on a no, and sends the card otherwise.",
    linkingServers: ['login-with-amazon'],
    skillTypes: ['custom'],
  },
  {
    key: 'accountLinkingDomains',
    group: 'Account-linking request',
    required: 'no',
    default: "– (Amazon's default holds)",
    validForm:
      'a list of up to 15 domain names (`fonts.example.com,cdn.example.com`): no scheme, port or path',
    description:
      "More domains the sign-in page loads content from, added after the server's own in `domains`.",
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'defaultTokenExpirationInSeconds',
    group: 'Account-linking request',
    required: 'no',
    default: "– (Amazon's default holds)",
    validForm: 'a whole number from 1 to 31536000',
    description:
      'The access token lifetime Alexa assumes when a token response lacks `expires_in`. Cognito and Login with Amazon send `expires_in`, so with them it does nothing and synthesis warns.',
    linkingServers: ['oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'appLinkingIosUrl',
    group: 'Account-linking request',
    required: 'no',
    default: "– (Amazon's default holds)",
    validForm: `${HTTPS_URL}, without a \`#fragment\``,
    description:
      'App-to-app: the Universal Link into your iOS app (`authorizationUrlsByPlatform`, `platformType` `iOS`).',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'appLinkingAndroidUrl',
    group: 'Account-linking request',
    required: 'no',
    default: "– (Amazon's default holds)",
    validForm: `${HTTPS_URL}, without a \`#fragment\``,
    description:
      'App-to-app: the App Link into your Android app (`authorizationUrlsByPlatform`, `platformType` `Android`).',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'appRedirectUrls',
    group: 'Account-linking request',
    required: 'with `appToAppLinking`',
    default: "– (Amazon's default holds)",
    validForm: `a list of ${HTTPS_URL}s, without a \`#fragment\``,
    description:
      'App-to-app: where your app is opened after consent (`redirectUrls`). The Cognito app client accepts them as callback URLs too, so your app can ask the pool for a code with one.',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'skillStages',
    group: 'Account-linking request',
    required: 'no',
    default: '`development`',
    validForm:
      '`development`, `live` or `development,live`; or a JSON object of stage to its own values of the seven keys above, e.g. `{"development": {"appLinkingIosUrl": "https://beta.example.com/link"}, "live": {}}`',
    description:
      "The stages automatic mode writes and `link-config` writes a file for; a stage's own values apply over the shared ones.",
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'appToAppLinking',
    group: 'App-to-app linking',
    required: 'no',
    default: '`false`',
    validForm: `${BOOLEAN}; refused with another linking server`,
    description:
      "`true` deploys the app-to-app endpoint your app's backend calls to link the skill. Needs `appRedirectUrls` for every stage in `skillStages`.",
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'appToAppLinkingSecret',
    group: 'App-to-app linking',
    required: 'with `appToAppLinking`',
    default: '–',
    validForm: `${SECRET_NAME_FORM}; the secret holds \`{"clientId", "clientSecret"}\``,
    description:
      "The skill's **Alexa Client ID** and **Alexa Client Secret** from the console's Account Linking page (app-to-app). Read by the function at run time, never put in the template.",
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'appToAppLinkingClientIds',
    group: 'App-to-app linking',
    required: 'no',
    default: '–',
    validForm: 'a list of app client IDs of the user pool',
    description:
      "Your own app clients of the user pool whose tokens the endpoint accepts besides the Alexa client's.",
    linkingServers: COGNITO,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'alexaEventsSecretName',
    group: 'Smart home',
    required: 'no',
    default: '–',
    validForm: `${SECRET_NAME_FORM}; the secret holds the skill's Alexa Skill Messaging \`{"clientId", "clientSecret"}\`; refused with \`skillType\` \`custom\``,
    description:
      'Lets AcceptGrant exchange its code for Amazon tokens, for proactive events. Without it, AcceptGrant is acknowledged without an exchange and proactive events are off.',
    linkingServers: ANY_SERVER,
    skillTypes: ['smart-home'],
  },
  {
    key: 'alarmEmail',
    group: 'Operations',
    required: 'no',
    default: '–',
    validForm: 'an email address, e.g. `oncall@example.com`',
    description:
      'Subscribed to the alarm topic (SNS mails a confirmation link first; nothing arrives until it is clicked).',
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
  {
    key: 'skillRegions',
    group: 'Operations',
    required: 'no',
    default: "the stack's region",
    validForm: 'a list of `us-east-1`, `eu-west-1`, `us-west-2`',
    description:
      'A skill function in each, so Alexa answers users from the region nearest them (see Regional endpoints in docs/operations.md).',
    linkingServers: ANY_SERVER,
    skillTypes: ['custom'],
  },
  {
    key: 'recordTokenExchanges',
    group: 'Operations',
    required: 'no',
    default: '`false`',
    validForm: BOOLEAN,
    description:
      "`true` puts the token-exchange recorder in front of the Cognito or OIDC token endpoint: Alexa's Access Token URI becomes the recorder's, and every exchange is logged and counted. Ignored, with a warning, for `login-with-amazon`.",
    linkingServers: ['cognito', 'oidc'],
    skillTypes: ANY_SKILL,
  },
  {
    key: 'nag',
    group: 'Operations',
    required: 'no',
    default: '`true`',
    validForm: BOOLEAN,
    description:
      "`false` leaves cdk-nag's AwsSolutions checks out of that synth, while iterating; `npm test` runs them regardless.",
    linkingServers: ANY_SERVER,
    skillTypes: ANY_SKILL,
  },
];
