import { InvalidSettingError } from './invalid-setting-error';
import { readObservabilitySettings, type ObservabilitySettings } from './observability-settings';
import { readSkillRegionsSettings, type SkillRegionsSettings } from './skill-regions-settings';
import { readLinkingServerSettings, type LinkingServerSettings } from './linking-server-settings';
import { readSignInSettings, type SignInSettings } from './sign-in-providers-settings';
import { readSkillTypeSettings, type SkillTypeSettings } from './skill-type-settings';
import { passwordMinLengthSetting } from './password-min-length';

/**
 * The app's settings, read from CDK context (`cdk.json` or `-c key=value`).
 * The key names are the project's public interface: see the README's configuration table.
 */
export interface AppSettings
  extends SkillTypeSettings, ObservabilitySettings, SkillRegionsSettings {
  readonly alexaVendorId: string;
  readonly skillId: string;
  readonly domainPrefix?: string;
  readonly customDomain?: { readonly domainName: string; readonly certificateArn: string };
  readonly scopes: readonly ScopeName[];
  readonly extraCallbackUrls: readonly string[];
  readonly stage: string;
  readonly retainUserPool: boolean;
  readonly deletionProtection: boolean;
  readonly mfa: MfaSetting;
  readonly featurePlan: FeaturePlanSetting;
  readonly loginUi: LoginUiSetting;
  /** Name or ARN of the Secrets Manager secret with Skill Management API credentials (automatic mode). */
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
}

export const SCOPE_NAMES = ['openid', 'email', 'profile', 'phone'] as const;
export type ScopeName = (typeof SCOPE_NAMES)[number];
export const MFA_SETTINGS = ['off', 'optional', 'required'] as const;
export type MfaSetting = (typeof MFA_SETTINGS)[number];
export const FEATURE_PLAN_SETTINGS = ['essentials', 'plus'] as const;
export type FeaturePlanSetting = (typeof FEATURE_PLAN_SETTINGS)[number];
export const LOGIN_UI_SETTINGS = ['managed', 'classic'] as const;
export type LoginUiSetting = (typeof LOGIN_UI_SETTINGS)[number];

/** The placeholders `cdk.json` ships with, so that `npm run synth` works out of the box. */
export const EXAMPLE_VALUES: Readonly<Record<string, string>> = {
  alexaVendorId: 'M0EXAMPLEVENDOR',
  skillId: 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000',
  domainPrefix: 'example-alexa-linking',
};

const SKILL_ID =
  /^amzn1\.ask\.skill\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/;

export function isSkillId(value: string): boolean {
  return SKILL_ID.test(value);
}

export function assertIsSkillId(value: string): void {
  if (!isSkillId(value)) {
    throw new InvalidSettingError(
      'skillId',
      value,
      'the skill ID from the Alexa developer console, "amzn1.ask.skill." followed by a lower-case UUID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")'
    );
  }
}

/** Reads and checks every setting; `read(key)` returns the raw context value. */
export function readAppSettings(readContext: (key: string) => unknown): AppSettings {
  const { linkingServer, ignoredKeys } = readLinkingServerSettings(readContext);
  // The keys of other servers are ignored (and warned about), not checked.
  const read = (key: string) => (ignoredKeys.includes(key) ? undefined : readContext(key));
  const alexaVendorId = requiredString(
    read,
    'alexaVendorId',
    'the Alexa developer vendor ID (e.g. "M2AAAAAAAAAAAA")'
  );
  const skillId = requiredString(
    read,
    'skillId',
    'the skill ID (e.g. "amzn1.ask.skill.1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")'
  );
  assertIsSkillId(skillId);

  const customDomainName = optionalString(read, 'customDomain');
  const certificateArn = optionalString(read, 'customDomainCertificateArn');
  if (customDomainName !== undefined && certificateArn === undefined) {
    throw new InvalidSettingError(
      'customDomainCertificateArn',
      undefined,
      `the ARN of an ACM certificate in us-east-1 covering customDomain "${customDomainName}" (e.g. "arn:aws:acm:us-east-1:123456789012:certificate/…")`
    );
  }
  if (certificateArn !== undefined && !CERTIFICATE_ARN.test(certificateArn)) {
    throw new InvalidSettingError(
      'customDomainCertificateArn',
      certificateArn,
      'an ACM certificate ARN in us-east-1, where Cognito requires custom domain certificates (e.g. "arn:aws:acm:us-east-1:123456789012:certificate/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d")'
    );
  }
  if (certificateArn !== undefined && customDomainName === undefined) {
    throw new InvalidSettingError(
      'customDomain',
      undefined,
      'the custom sign-in host name that customDomainCertificateArn is for (e.g. "login.example.com")'
    );
  }
  const customDomain =
    customDomainName !== undefined && certificateArn !== undefined
      ? { domainName: customDomainName, certificateArn }
      : undefined;
  // With a custom domain the prefix in cdk.json is ignored rather than an error: it is a default.
  const domainPrefix = customDomain ? undefined : optionalString(read, 'domainPrefix');

  const settings = {
    alexaVendorId,
    skillId,
    domainPrefix,
    customDomain,
    scopes: scopeList(read('scopes')),
    extraCallbackUrls: listSetting(read('extraCallbackUrls'), 'extraCallbackUrls') ?? [],
    stage: stageName(read('stage')),
    retainUserPool: booleanSetting(read, 'retainUserPool', true),
    deletionProtection: booleanSetting(read, 'deletionProtection', true),
    mfa: oneOf(read, 'mfa', MFA_SETTINGS, 'optional'),
    featurePlan: oneOf(read, 'featurePlan', FEATURE_PLAN_SETTINGS, 'essentials'),
    loginUi: oneOf(read, 'loginUi', LOGIN_UI_SETTINGS, 'managed'),
    smapiCredentialsSecret: secretReference(read('smapiCredentialsSecret')),
    ...readSkillTypeSettings(read),
    passwordMinLength: passwordMinLengthSetting(read('passwordMinLength')),
    ...readObservabilitySettings(read),
    ...readSkillRegionsSettings(read),
  };
  const exampleValuesInUse = Object.keys(EXAMPLE_VALUES).filter(
    (key) => (settings as Record<string, unknown>)[key] === EXAMPLE_VALUES[key]
  );
  const signIn = readSignInSettings(read);
  return { ...settings, exampleValuesInUse, linkingServer, signIn, ignoredKeys };
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

/** A list from cdk.json (a JSON array) or from `-c key=a,b` (a comma-separated string). */
function listSetting(value: unknown, key: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new InvalidSettingError(key, value, 'a comma-separated string or a JSON list of strings');
  }
  return (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
}

// Whether openid is among them, and whether extra callback URLs are https, is checked by
// AlexaAppClient, so the rules hold for construct users too.
function scopeList(value: unknown): ScopeName[] {
  const names = listSetting(value, 'scopes') ?? ['openid', 'email', 'profile'];
  for (const name of names) {
    if (!(SCOPE_NAMES as readonly string[]).includes(name)) {
      throw new InvalidSettingError(
        'scopes',
        value,
        `a comma-separated list of ${SCOPE_NAMES.join(', ')} that includes openid (e.g. "openid,email,profile")`
      );
    }
  }
  return [...new Set(names)] as ScopeName[];
}

// A secret name (letters, digits and /_+=.@-) or a Secrets Manager secret ARN.
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z]{2}-[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

function secretReference(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
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
  if (value === undefined || value === null || value === '') return 'dev';
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
  if (value === undefined || value === null || value === '') return fallback;
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
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw new InvalidSettingError(key, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
}
