import { assertIsAlexaVendorId } from '../identity/alexa-redirect-urls';
import { assertIsValidDomainPrefix } from '../identity/domain-prefix';
import { isHttpsUrl } from './https-url';
import { InvalidSettingError } from './invalid-setting-error';
import { assertIsKnownContextKey } from './context-keys';
import { exampleValuesIn } from './example-values';
import { listSetting } from './list-setting';
import { SettingProblems } from './setting-problems';
import { readLinkingServerSettings, type LinkingServerSettings } from './linking-server-settings';
import { passwordMinLengthSetting } from './password-min-length';
import { readObservabilitySettings, type ObservabilitySettings } from './observability-settings';
import { readRecorderSettings, type RecorderSettings } from './recorder-settings';
import { SETTING_CATALOGUE } from './setting-catalogue';
import { readSkillRegionsSettings, type SkillRegionsSettings } from './skill-regions-settings';
import { readSignInSettings, type SignInSettings } from './sign-in-providers-settings';
import { readSkillTypeSettings, type SkillTypeSettings } from './skill-type-settings';
// Issue 21: the optional fields of the account-linking request, per skill stage (own module).
import {
  DEFAULT_ACCOUNT_LINKING_REQUEST_SETTINGS,
  readAccountLinkingRequestSettings,
  type AccountLinkingRequestSettings,
} from './account-linking-request-settings';
// Issue 21: app-to-app linking started from your app (own module).
import {
  assertAppRedirectUrlsFor,
  readAppToAppSettings,
  type AppToAppSettings,
} from './app-to-app-settings';

/**
 * The app's settings, read from CDK context (`cdk.json` or `-c key=value`).
 * The key names are the project's public interface: see docs/configuration.md.
 */
export interface AppSettings
  extends
    SkillTypeSettings,
    ObservabilitySettings,
    SkillRegionsSettings,
    AccountLinkingRequestSettings,
    AppToAppSettings,
    RecorderSettings {
  /**
   * Your Alexa developer vendor ID (`alexaVendorId`): the Alexa redirect URLs are built from it.
   */
  readonly alexaVendorId: string;
  /** The skill whose requests the function answers (`skillId`). */
  readonly skillId: string;
  /**
   * The Cognito prefix domain of the sign-in pages (`domainPrefix`).
   * @default - none: `customDomain` is required instead
   */
  readonly domainPrefix?: string;
  /**
   * Your own sign-in host and its us-east-1 certificate (`customDomain`, `customDomainCertificateArn`).
   * @default - the prefix domain from `domainPrefix`
   */
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  /** The OAuth scopes Alexa asks the pool for (`scopes`, default openid, email, profile). */
  readonly scopes: readonly ScopeName[];
  /** More https redirect URLs for the Alexa app client (`extraCallbackUrls`). */
  readonly extraCallbackUrls: readonly string[];
  /** Part of the stack name, the pool name and the tags (`stage`, default `dev`). */
  readonly stage: string;
  /** Keep the pool and its users when it leaves the stack (`retainUserPool`, default true). */
  readonly retainUserPool: boolean;
  /** Cognito refuses to delete the pool (`deletionProtection`, default true). */
  readonly deletionProtection: boolean;
  /** Second factor (TOTP, never SMS) on the pool (`mfa`, default `optional`). */
  readonly mfa: MfaSetting;
  /** The pool's feature plan (`featurePlan`, default `essentials`). */
  readonly featurePlan: FeaturePlanSetting;
  /** Managed login or the classic hosted UI (`loginUi`, default `managed`). */
  readonly loginUi: LoginUiSetting;
  /**
   * Name or ARN of the Secrets Manager secret with Skill Management API credentials (automatic mode).
   * @default - none: the link is finished with `link-config` or in the console
   */
  readonly smapiCredentialsSecret?: string;
  /** The shortest password the user pool accepts (8 to 99). @default 8 */
  readonly passwordMinLength?: number;
  /** Keys still holding the example values from `cdk.json`, which must be replaced before deploying. */
  readonly exampleValuesInUse: readonly string[];
  /** The authorization server Alexa links against (`linkingServer` and its keys). */
  readonly linkingServer: LinkingServerSettings;
  /** Federated sign-in on the Cognito login page (`signInWith`, `cognitoSignIn`, `directSignIn`). */
  readonly signIn: SignInSettings;
  /** Keys given that the selected linking server ignores (warned about at synthesis). */
  readonly ignoredKeys: readonly string[];
  /** Whether synthesis runs cdk-nag's AwsSolutions checks (`nag`). @default true */
  readonly nag: boolean;
}

/** The scope names the `scopes` setting accepts. */
export const SCOPE_NAMES = ['openid', 'email', 'profile', 'phone'] as const;
/** One of SCOPE_NAMES. */
export type ScopeName = (typeof SCOPE_NAMES)[number];
/** The values the `mfa` setting accepts. */
export const MFA_SETTINGS = ['off', 'optional', 'required'] as const;
/** One of MFA_SETTINGS. */
export type MfaSetting = (typeof MFA_SETTINGS)[number];
/** The values the `featurePlan` setting accepts. */
export const FEATURE_PLAN_SETTINGS = ['essentials', 'plus'] as const;
/** One of FEATURE_PLAN_SETTINGS. */
export type FeaturePlanSetting = (typeof FEATURE_PLAN_SETTINGS)[number];
/** The values the `loginUi` setting accepts. */
export const LOGIN_UI_SETTINGS = ['managed', 'classic'] as const;
/** One of LOGIN_UI_SETTINGS. */
export type LoginUiSetting = (typeof LOGIN_UI_SETTINGS)[number];

export { EXAMPLE_VALUES } from './example-values';

const SKILL_ID =
  /^amzn1\.ask\.skill\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

/** True for an Alexa skill ID: "amzn1.ask.skill." followed by a lower-case UUID. */
export function isSkillId(value: string): boolean {
  return SKILL_ID.test(value);
}

/** Throws an InvalidSettingError naming skillId unless the value is a skill ID. */
export function assertIsSkillId(value: string): void {
  if (!isSkillId(value)) {
    throw new InvalidSettingError(
      'skillId',
      value,
      'the skill ID from the Alexa developer console, "amzn1.ask.skill." followed by a lower-case UUID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")'
    );
  }
}

/**
 * Every context key this project reads: the project's whole settings interface. Any other key
 * that is not the CDK's own is refused, naming the closest of these. A new setting's key gets its
 * entry in SETTING_CATALOGUE (setting-catalogue.ts), which docs/configuration.md is written from.
 */
export const KNOWN_SETTING_KEYS: string[] = SETTING_CATALOGUE.map((entry) => entry.key);

/**
 * Reads and checks every setting; `read(key)` returns the raw context value, and `presentKeys`
 * (when given) every context key set, so that a key that is no setting (nor the CDK's) is refused
 * rather than ignored.
 *
 * Every invalid setting is found before anything throws: one problem throws its
 * InvalidSettingError, several throw an InvalidSettingsError holding each of them.
 */
export function readAppSettings(
  readContext: (key: string) => unknown,
  presentKeys: readonly string[] = []
): AppSettings {
  const problems = new SettingProblems();
  const attempt = <T>(check: () => T, fallback: T): T => problems.attempt(check, fallback);
  const { linkingServer, ignoredKeys } = attempt(() => readLinkingServerSettings(readContext), {
    linkingServer: { kind: 'cognito' } as LinkingServerSettings,
    ignoredKeys: [] as string[],
  });
  // The keys of other linking servers are ignored (and warned about), not checked.
  const read = (key: string) => (ignoredKeys.includes(key) ? undefined : readContext(key));
  // An empty value is a mistake (`-c key=` with the value left out), not a way to ask for a default.
  const readChecked = (key: string): unknown => {
    const value = read(key);
    // A required key's own check says what it needs.
    if (key === 'alexaVendorId' || key === 'skillId') return value;
    if (typeof value === 'string' && value.trim() === '') {
      problems.add(
        new InvalidSettingError(
          key,
          value,
          `a value: an empty one is refused; leave ${key} out entirely to use its default`
        )
      );
      return undefined;
    }
    return value;
  };

  for (const key of presentKeys) {
    attempt(() => assertIsKnownContextKey(key, readContext(key), KNOWN_SETTING_KEYS), undefined);
  }

  // The two IDs from the Alexa console: required, not a placeholder from the docs, and well formed.
  const consoleId = (
    key: string,
    example: string,
    what: string,
    assertShape: (v: string) => void
  ) =>
    attempt(() => {
      const value = requiredString(readChecked, key, example);
      if (isPlaceholder(value)) throw placeholderError(key, value, what);
      assertShape(value);
      return value;
    }, '');
  const alexaVendorId = consoleId(
    'alexaVendorId',
    'the Alexa developer vendor ID (e.g. "M2AAAAAAAAAAAA")',
    'vendor ID',
    assertIsAlexaVendorId
  );
  const skillId = consoleId(
    'skillId',
    'the skill ID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")',
    'skill ID',
    assertIsSkillId
  );

  const customDomainName = attempt(() => optionalString(readChecked, 'customDomain'), undefined);
  const certificateArn = attempt(
    () => optionalString(readChecked, 'customDomainCertificateArn'),
    undefined
  );
  if (customDomainName !== undefined && certificateArn === undefined) {
    problems.add(
      new InvalidSettingError(
        'customDomainCertificateArn',
        undefined,
        `the ARN of an ACM certificate in us-east-1 covering customDomain "${customDomainName}" (e.g. "arn:aws:acm:us-east-1:123456789012:certificate/…")`
      )
    );
  }
  if (certificateArn !== undefined && !CERTIFICATE_ARN.test(certificateArn)) {
    problems.add(
      new InvalidSettingError(
        'customDomainCertificateArn',
        certificateArn,
        'an ACM certificate ARN in us-east-1, where Cognito requires custom domain certificates (e.g. "arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")'
      )
    );
  }
  if (certificateArn !== undefined && customDomainName === undefined) {
    problems.add(
      new InvalidSettingError(
        'customDomain',
        undefined,
        'the custom sign-in host name that customDomainCertificateArn is for (e.g. "login.example.com")'
      )
    );
  }
  const customDomain =
    customDomainName !== undefined && certificateArn !== undefined
      ? { domainName: customDomainName, certificateArn }
      : undefined;
  const domainPrefix = attempt(() => {
    const value = optionalString(readChecked, 'domainPrefix');
    // The custom domain replaces the prefix domain: a prefix beside it would be silently unused.
    if (value !== undefined && customDomainName !== undefined) {
      throw new InvalidSettingError(
        'domainPrefix',
        value,
        `no value beside customDomain "${customDomainName}", which replaces the prefix domain: remove domainPrefix (from cdk.json's context too), or remove customDomain to keep the prefix domain`
      );
    }
    if (value !== undefined) assertIsValidDomainPrefix(value);
    return value;
  }, undefined);

  const settings = {
    alexaVendorId,
    skillId,
    domainPrefix,
    customDomain,
    scopes: attempt(() => scopeList(readChecked('scopes')), []),
    extraCallbackUrls: attempt(() => callbackUrls(readChecked('extraCallbackUrls')), []),
    stage: attempt(() => stageName(readChecked('stage')), 'dev'),
    retainUserPool: attempt(() => booleanSetting(readChecked, 'retainUserPool', true), true),
    deletionProtection: attempt(
      () => booleanSetting(readChecked, 'deletionProtection', true),
      true
    ),
    mfa: attempt(() => oneOf(readChecked, 'mfa', MFA_SETTINGS, 'optional'), 'optional'),
    featurePlan: attempt(
      () => oneOf(readChecked, 'featurePlan', FEATURE_PLAN_SETTINGS, 'essentials'),
      'essentials'
    ),
    loginUi: attempt(() => oneOf(readChecked, 'loginUi', LOGIN_UI_SETTINGS, 'managed'), 'managed'),
    smapiCredentialsSecret: attempt(
      () => secretReference(readChecked('smapiCredentialsSecret')),
      undefined
    ),
    ...attempt(() => readSkillTypeSettings(readChecked), { skillType: 'custom' as const }),
    passwordMinLength: attempt(
      () => passwordMinLengthSetting(readChecked('passwordMinLength')),
      undefined
    ),
    linkingServer,
    ignoredKeys,
    signIn: attempt(() => readSignInSettings(readChecked), { cognitoSignIn: true }),
    ...attempt(() => readObservabilitySettings(readChecked), {}),
    ...attempt(() => readSkillRegionsSettings(readChecked), { skillRegions: [] }),
    nag: attempt(() => booleanSetting(readChecked, 'nag', true), true),
    ...attempt(
      () =>
        readAccountLinkingRequestSettings(readChecked, linkingServer.kind, (e) => problems.add(e)),
      DEFAULT_ACCOUNT_LINKING_REQUEST_SETTINGS
    ),
    ...attempt(() => readRecorderSettings(readChecked), { recordTokenExchanges: false }),
  };
  const appToApp = attempt(() => {
    const read = readAppToAppSettings(readChecked, linkingServer.kind);
    if (read.appToAppLinking) assertAppRedirectUrlsFor(settings.skillStages);
    return read;
  }, {});
  const withAppToApp = {
    ...settings,
    ...appToApp,
  } satisfies Omit<AppSettings, 'exampleValuesInUse'>;

  problems.throwIfAny();
  const exampleValuesInUse = exampleValuesIn(
    (key) => (withAppToApp as Record<string, unknown>)[key]
  );
  return { ...withAppToApp, exampleValuesInUse };
}

// The docs' command lines show "M2..." and "amzn1.ask.skill...."; angle brackets and
// runs of X are the other usual placeholders.
const PLACEHOLDER = /\.\.\.|…|[<>]|XXXX/i;

function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

function placeholderError(key: string, value: string, what: string): InvalidSettingError {
  return new InvalidSettingError(
    key,
    value,
    `your own ${what}: this is a placeholder (docs/getting-started.md names the placeholders refused, "M2..." and "amzn1.ask.skill...."); copy yours from the Alexa developer console`
  );
}

function optionalString(read: (key: string) => unknown, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidSettingError(key, value, 'a string');
  return value.trim();
}

function requiredString(read: (key: string) => unknown, key: string, expected: string): string {
  const value = optionalString(read, key);
  if (value === undefined) throw new InvalidSettingError(key, read(key), expected);
  return value;
}

// Cognito refuses a callback URL with a fragment; a space means several URLs were given the way a
// shell separates words, where the setting wants commas.
function callbackUrls(value: unknown): string[] {
  const urls = listSetting('extraCallbackUrls', value) ?? [];
  for (const url of urls) {
    if (/\s/.test(url)) {
      throw new InvalidSettingError(
        'extraCallbackUrls',
        value,
        'URLs separated by commas, not spaces (e.g. "https://a.example.com/cb,https://b.example.com/cb")'
      );
    }
    if (!isHttpsUrl(url)) {
      throw new InvalidSettingError(
        'extraCallbackUrls',
        url,
        'absolute https:// URLs, comma-separated in context (e.g. "https://app.example.com/alexa/link")'
      );
    }
    if (url.includes('#')) {
      throw new InvalidSettingError(
        'extraCallbackUrls',
        url,
        'URLs without a #fragment, which Cognito refuses in a callback URL (e.g. "https://app.example.com/alexa/link")'
      );
    }
  }
  return urls;
}

// Whether openid is among them, and whether extra callback URLs are https, is checked by
// AlexaAppClient, so the rules hold for construct users too.
function scopeList(value: unknown): ScopeName[] {
  const names = listSetting('scopes', value) ?? ['openid', 'email', 'profile'];
  for (const name of names) {
    if (!(SCOPE_NAMES as readonly string[]).includes(name)) {
      throw new InvalidSettingError(
        'scopes',
        value,
        `a comma-separated list of ${SCOPE_NAMES.join(', ')} that includes openid (e.g. "openid,email,profile")`
      );
    }
  }
  return names as ScopeName[];
}

// A secret name (letters, digits and /_+=.@-) or a Secrets Manager secret ARN.
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}-[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

// secretReference, stageName, booleanSetting and oneOf read through readChecked, which has
// refused an empty value already.
function secretReference(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(SECRET_NAME.test(value) || SECRET_ARN.test(value))) {
    throw new InvalidSettingError(
      'smapiCredentialsSecret',
      value,
      'the name or ARN of a Secrets Manager secret holding {"clientId", "clientSecret", "refreshToken"} for the Skill Management API (e.g. "alexa/smapi-credentials")'
    );
  }
  return value;
}

function stageName(value: unknown): string {
  if (value === undefined || value === null) return 'dev';
  if (typeof value !== 'string' || !STAGE.test(value)) {
    throw new InvalidSettingError(
      'stage',
      value,
      '1 to 20 characters of a-z, 0-9 and -, starting with a letter (e.g. "dev" or "prod")'
    );
  }
  return value;
}

function booleanSetting(read: (key: string) => unknown, key: string, fallback: boolean): boolean {
  const value = read(key);
  if (value === undefined || value === null) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new InvalidSettingError(key, value, 'true or false');
}

function oneOf<T extends string>(
  read: (key: string) => unknown,
  key: string,
  allowed: readonly T[],
  fallback: T
): T {
  const value = read(key);
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new InvalidSettingError(key, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
}
