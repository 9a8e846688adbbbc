import type {
  AccountLinkingRequestExtras,
  SkillStage,
} from '../../lambda/link-settings/account-linking-request';
import { InvalidSettingError } from './invalid-setting-error';
import type { LinkingServerName } from './linking-server-settings';
import {
  STAGE_CLIENT_KEYS,
  assertStackClientServesAStage,
  readStageClient,
  type StageClient,
} from './stage-client-settings';

/**
 * The optional fields of Alexa's account-linking request (skip on enablement, voice-forward
 * linking, extra domains, a default token lifetime, app-to-app URLs) and the skill stages they are
 * written to. Pure functions only: the context keys and the construct props share these checks.
 * @see https://developer.amazon.com/docs/smapi/account-linking-operations.html
 */

/** The skill stages automatic mode and link-config can write. */
export const SKILL_STAGE_NAMES: readonly SkillStage[] = ['development', 'live'];
/** The values the `voiceForwardAccountLinking` setting accepts. */
export const VOICE_FORWARD_SETTINGS = ['enabled', 'disabled'] as const;
/** One of VOICE_FORWARD_SETTINGS: the `voiceForwardAccountLinking` setting. */
export type VoiceForwardSetting = (typeof VOICE_FORWARD_SETTINGS)[number];
/** The most domains `accountLinkingDomains` may list. */
export const MAX_ACCOUNT_LINKING_DOMAINS = 15;

/** The keys that may differ per skill stage, as context keys and construct props name them. */
export const ACCOUNT_LINKING_OPTION_KEYS = [
  'skipOnEnablement',
  'voiceForwardAccountLinking',
  'accountLinkingDomains',
  'defaultTokenExpirationInSeconds',
  'appLinkingIosUrl',
  'appLinkingAndroidUrl',
  'appRedirectUrls',
] as const;
type OptionKey = (typeof ACCOUNT_LINKING_OPTION_KEYS)[number];

/** Every context key this module reads. */
export const ACCOUNT_LINKING_REQUEST_KEYS = [
  ...ACCOUNT_LINKING_OPTION_KEYS,
  'skillStages',
] as const;

/** The optional account-linking fields of one skill stage, named as the settings are. */
export interface AccountLinkingOptions {
  /**
   * Users can enable the skill without linking; the skill asks for linking when it needs it.
   * @default - not sent: Amazon's default holds
   */
  readonly skipOnEnablement?: boolean;
  /**
   * Login with Amazon only: users can link by voice.
   * @default - not sent: Amazon's default holds
   */
  readonly voiceForwardAccountLinking?: VoiceForwardSetting;
  /**
   * Extra domains the login page loads content from (at most 15).
   * @default - not sent: Amazon's default holds
   */
  readonly accountLinkingDomains?: readonly string[];
  /**
   * The access token lifetime Alexa assumes when the token response lacks `expires_in`.
   * @default - not sent: Amazon's default holds
   */
  readonly defaultTokenExpirationInSeconds?: number;
  /**
   * App-to-app: the https Universal Link into your iOS app.
   * @default - not sent: Amazon's default holds
   */
  readonly appLinkingIosUrl?: string;
  /**
   * App-to-app: the https App Link into your Android app.
   * @default - not sent: Amazon's default holds
   */
  readonly appLinkingAndroidUrl?: string;
  /**
   * App-to-app: where your app is opened after consent (https).
   * @default - not sent: Amazon's default holds
   */
  readonly appRedirectUrls?: readonly string[];
}

/** One skill stage and the options written to it. */
export interface StageAccountLinkingOptions {
  /** The skill stage written. */
  readonly stage: SkillStage;
  /** The options written to it: the shared ones with the stage's own over them. */
  readonly options: AccountLinkingOptions;
  /**
   * The stage's own client (`separateClient`, or `oidcClientId` / `lwaClientId` and its secret).
   * @default - the linking server's one client
   */
  readonly client?: StageClient;
}

/** The optional account-linking fields and the stages they are written to (`skillStages`). */
export interface AccountLinkingRequestSettings {
  /**
   * `skillStages` with the other keys of this module: each stage written (default development
   * only), with the top-level options and that stage's own values over them.
   */
  readonly skillStages: readonly StageAccountLinkingOptions[];
}

/** The settings when none of the keys is given: the development stage, Amazon's defaults. */
export const DEFAULT_ACCOUNT_LINKING_REQUEST_SETTINGS: AccountLinkingRequestSettings = {
  skillStages: [{ stage: 'development', options: {} }],
};

/**
 * Reads the keys from context; `read(key)` returns the raw value. Each invalid key is given to
 * `report` (one line per key, so one synth lists them all) and the defaults are returned; without
 * `report`, the first one is thrown.
 */
export function readAccountLinkingRequestSettings(
  read: (key: string) => unknown,
  linkingServer: LinkingServerName,
  report?: (error: InvalidSettingError) => void
): AccountLinkingRequestSettings {
  const problems: InvalidSettingError[] = [];
  const attempt = <T>(check: () => T, fallback: T): T => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof InvalidSettingError) || !report) throw error;
      problems.push(error);
      return fallback;
    }
  };
  const top = readOptions((key) => read(key), '', attempt);
  const stages = attempt(
    () => readStages(read('skillStages')),
    [{ stage: 'development' as const, values: {} }]
  );
  const skillStages: StageAccountLinkingOptions[] = stages.map(({ stage, values }) => {
    const client = attempt(() => readStageClient(values, stage, linkingServer), undefined);
    return {
      stage,
      options: {
        ...top,
        ...readOptions((key) => values[key], `skillStages.${stage}.`, attempt),
      },
      ...(client !== undefined && { client }),
    };
  });
  attempt(() => assertStackClientServesAStage(skillStages), undefined);
  // One line per key: a top-level value refused once, not once per stage.
  const checked = new Set<string>();
  for (const { stage, options } of skillStages) {
    const key =
      top.voiceForwardAccountLinking !== undefined
        ? 'voiceForwardAccountLinking'
        : `skillStages.${stage}.voiceForwardAccountLinking`;
    if (checked.has(key)) continue;
    checked.add(key);
    attempt(() => assertVoiceForwardFits(options, linkingServer, key), undefined);
  }
  for (const problem of problems) report?.(problem);
  return problems.length > 0 ? DEFAULT_ACCOUNT_LINKING_REQUEST_SETTINGS : { skillStages };
}

/** Checks construct props of the same names; `prefix` goes before each key in a message. */
export function assertValidAccountLinkingOptions(
  options: AccountLinkingOptions,
  linkingServer: LinkingServerName,
  prefix = ''
): void {
  readOptions(
    (key) => options[key as OptionKey],
    prefix,
    (check) => check()
  );
  assertVoiceForwardFits(options, linkingServer, `${prefix}voiceForwardAccountLinking`);
}

/** The options as the fields Amazon's model names, for the request body. */
export function requestExtrasOf(options: AccountLinkingOptions): AccountLinkingRequestExtras {
  const platforms = [
    ...(options.appLinkingIosUrl
      ? [{ platformType: 'iOS' as const, platformAuthorizationUrl: options.appLinkingIosUrl }]
      : []),
    ...(options.appLinkingAndroidUrl
      ? [
          {
            platformType: 'Android' as const,
            platformAuthorizationUrl: options.appLinkingAndroidUrl,
          },
        ]
      : []),
  ];
  return {
    ...(options.skipOnEnablement !== undefined && { skipOnEnablement: options.skipOnEnablement }),
    ...(options.voiceForwardAccountLinking !== undefined && {
      voiceForwardAccountLinking:
        options.voiceForwardAccountLinking === 'enabled' ? 'ENABLED' : 'DISABLED',
    }),
    ...(options.accountLinkingDomains?.length
      ? { extraDomains: [...options.accountLinkingDomains] }
      : {}),
    ...(options.defaultTokenExpirationInSeconds !== undefined && {
      defaultTokenExpirationInSeconds: options.defaultTokenExpirationInSeconds,
    }),
    ...(platforms.length > 0 ? { authorizationUrlsByPlatform: platforms } : {}),
    ...(options.appRedirectUrls?.length ? { redirectUrls: [...options.appRedirectUrls] } : {}),
  };
}

/**
 * The custom skill's VOICE_FORWARD_ACCOUNT_LINKING variable: `enabled` when any stage enables
 * voice-forward linking (one function serves both stages; where the stage has it off, Alexa
 * answers the hand-over with an error and the skill sends the card), else undefined.
 */
export function voiceForwardLinkingVariable(
  stages: readonly StageAccountLinkingOptions[]
): 'enabled' | undefined {
  return stages.some((s) => s.options.voiceForwardAccountLinking === 'enabled')
    ? 'enabled'
    : undefined;
}

/**
 * A warning when defaultTokenExpirationInSeconds is set for a server whose token responses carry
 * `expires_in` (Cognito, Login with Amazon): Alexa reads that instead, so the setting does nothing.
 */
export function tokenExpirationIgnoredWarning(
  stages: readonly StageAccountLinkingOptions[],
  linkingServer: LinkingServerName
): string | undefined {
  if (linkingServer === 'oidc') return undefined;
  const set = stages.filter((s) => s.options.defaultTokenExpirationInSeconds !== undefined);
  if (set.length === 0) return undefined;
  return `defaultTokenExpirationInSeconds is ignored: linkingServer "${linkingServer}" sends expires_in in every token response, which Alexa uses instead (stage ${set.map((s) => s.stage).join(', ')}). Remove it; it is for a server whose token response lacks expires_in.`;
}

function assertVoiceForwardFits(
  options: AccountLinkingOptions,
  linkingServer: LinkingServerName,
  key: string
): void {
  if (options.voiceForwardAccountLinking === undefined || linkingServer === 'login-with-amazon')
    return;
  throw new InvalidSettingError(
    key,
    options.voiceForwardAccountLinking,
    `no value with linkingServer "${linkingServer}": voice-forward account linking works with Login with Amazon only (linkingServer "login-with-amazon"); remove the setting`
  );
}

const isGiven = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Runs one key's check; the reader decides whether a failure throws or is collected. */
type Attempt = <T>(check: () => T, fallback: T) => T;

function readOptions(
  read: (key: string) => unknown,
  prefix: string,
  attempt: Attempt
): AccountLinkingOptions {
  const key = (name: OptionKey) => `${prefix}${name}`;
  const value = (name: OptionKey) => read(name);
  const options: Record<string, unknown> = {};
  // Each key on its own, so every bad one is reported.
  const set = (name: OptionKey, parsed: () => unknown) => {
    const result = attempt(parsed, undefined);
    if (result !== undefined) options[name] = result;
  };
  set('skipOnEnablement', () => booleanValue(key('skipOnEnablement'), value('skipOnEnablement')));
  set('voiceForwardAccountLinking', () =>
    voiceForwardValue(key('voiceForwardAccountLinking'), value('voiceForwardAccountLinking'))
  );
  set('accountLinkingDomains', () =>
    domainList(key('accountLinkingDomains'), value('accountLinkingDomains'))
  );
  set('defaultTokenExpirationInSeconds', () =>
    secondsValue(key('defaultTokenExpirationInSeconds'), value('defaultTokenExpirationInSeconds'))
  );
  set('appLinkingIosUrl', () =>
    appUrl(key('appLinkingIosUrl'), value('appLinkingIosUrl'), 'Universal Link into your iOS app')
  );
  set('appLinkingAndroidUrl', () =>
    appUrl(
      key('appLinkingAndroidUrl'),
      value('appLinkingAndroidUrl'),
      'App Link into your Android app'
    )
  );
  set('appRedirectUrls', () => redirectUrls(key('appRedirectUrls'), value('appRedirectUrls')));
  return options as AccountLinkingOptions;
}

function booleanValue(key: string, value: unknown): boolean | undefined {
  if (!isGiven(value)) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new InvalidSettingError(key, value, 'true or false');
}

function voiceForwardValue(key: string, value: unknown): VoiceForwardSetting | undefined {
  if (!isGiven(value)) return undefined;
  if ((VOICE_FORWARD_SETTINGS as readonly unknown[]).includes(value))
    return value as VoiceForwardSetting;
  throw new InvalidSettingError(key, value, '"enabled" or "disabled"');
}

// Alexa assumes this lifetime for every token; a year is longer than any sensible access token.
const MAX_TOKEN_SECONDS = 365 * 24 * 3600;

function secondsValue(key: string, value: unknown): number | undefined {
  if (!isGiven(value)) return undefined;
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value)
        ? +value
        : NaN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TOKEN_SECONDS) {
    throw new InvalidSettingError(
      key,
      value,
      `a whole number of seconds from 1 to ${MAX_TOKEN_SECONDS} (e.g. 3600), for a server whose token response lacks expires_in`
    );
  }
  return seconds;
}

/** A list from cdk.json (a JSON array) or from `-c key=a,b` (a comma-separated string). */
function listValue(key: string, value: unknown, example: string): string[] | undefined {
  if (!isGiven(value)) return undefined;
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new InvalidSettingError(
      key,
      value,
      `a comma-separated string or a JSON list of strings (e.g. "${example}")`
    );
  }
  const trimmed = (items as string[]).map((item) => item.trim());
  if (trimmed.some((item) => item === '')) {
    throw new InvalidSettingError(key, value, `a list without blank entries (e.g. "${example}")`);
  }
  return [...new Set(trimmed)];
}

// A host name: two or more dot-separated labels of letters, digits and inner hyphens, checked
// label by label (one regular expression over the whole name would backtrack on long input).
const LABEL = /^[a-z0-9-]{1,63}$/i;

function isDomainName(value: string): boolean {
  const labels = value.split('.');
  return (
    value.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label) && !label.startsWith('-') && !label.endsWith('-')) &&
    // A last label of digits alone makes an IP address, not a name.
    !/\.\d+$/.test(value)
  );
}

function domainList(key: string, value: unknown): string[] | undefined {
  const example = 'fonts.example.com,cdn.example.com';
  const domains = listValue(key, value, example);
  if (domains === undefined) return undefined;
  for (const domain of domains) {
    if (!isDomainName(domain)) {
      throw new InvalidSettingError(
        key,
        domain,
        `domain names without scheme, port or path, comma-separated (e.g. "${example}")`
      );
    }
  }
  if (domains.length > MAX_ACCOUNT_LINKING_DOMAINS) {
    throw new InvalidSettingError(
      key,
      value,
      `at most ${MAX_ACCOUNT_LINKING_DOMAINS} domains, the most Alexa's domain list takes (received ${domains.length})`
    );
  }
  return domains;
}

/** The way an app URL can be wrong, in words, or undefined when it is an https URL without a fragment. */
function appUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol !== 'https:') return `${parsed.protocol} is not https`;
  if (url.includes('#')) return 'it has a #fragment';
  if (/\s/.test(url)) return 'it holds a space';
  return undefined;
}

function appUrl(key: string, value: unknown, what: string): string | undefined {
  if (!isGiven(value)) return undefined;
  const problem = typeof value === 'string' ? appUrlProblem(value) : 'not a string';
  if (problem) {
    throw new InvalidSettingError(
      key,
      value,
      `an https:// ${what}, without a #fragment (e.g. "https://app.example.com/alexa/link"): ${problem}`
    );
  }
  return value as string;
}

function redirectUrls(key: string, value: unknown): string[] | undefined {
  const example = 'https://app.example.com/alexa/linked';
  const urls = listValue(key, value, example);
  for (const url of urls ?? []) {
    const problem = appUrlProblem(url);
    if (problem) {
      throw new InvalidSettingError(
        key,
        url,
        `https:// URLs without a #fragment where your app is opened after consent, comma-separated (e.g. "${example}"): ${problem}`
      );
    }
  }
  return urls;
}

/** `skillStages`: a list of stage names, or a JSON object of stage name to that stage's own values. */
function readStages(
  value: unknown
): { stage: SkillStage; values: Readonly<Record<string, unknown>> }[] {
  const key = 'skillStages';
  const expected = `"development", "live" or both ("development,live"), or a JSON object of stage to its own values (e.g. {"development": {}, "live": {"appLinkingIosUrl": "https://app.example.com/alexa/link"}})`;
  if (!isGiven(value)) return [{ stage: 'development', values: {} }];
  let parsed = value;
  if (typeof value === 'string' && value.trim().startsWith('{')) {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      throw new InvalidSettingError(key, value, expected);
    }
  }
  const entries: [string, unknown][] =
    typeof parsed === 'string'
      ? parsed.split(',').map((name) => [name.trim(), {}])
      : Array.isArray(parsed)
        ? parsed.map((name) => [typeof name === 'string' ? name.trim() : String(name), {}])
        : typeof parsed === 'object' && parsed !== null
          ? Object.entries(parsed)
          : [];
  if (entries.length === 0) throw new InvalidSettingError(key, value, expected);
  const stages: { stage: SkillStage; values: Record<string, unknown> }[] = [];
  for (const [name, values] of entries) {
    if (!(SKILL_STAGE_NAMES as readonly string[]).includes(name)) {
      throw new InvalidSettingError(key, name, expected);
    }
    // null is an object here: a stage given as null takes the shared values alone.
    if (typeof values !== 'object' || Array.isArray(values)) {
      throw new InvalidSettingError(
        `${key}.${name}`,
        values,
        `a JSON object of ${name}'s own values, e.g. {"skipOnEnablement": true}`
      );
    }
    const own = (values ?? {}) as Record<string, unknown>;
    const perStage = [...ACCOUNT_LINKING_OPTION_KEYS, ...STAGE_CLIENT_KEYS];
    const unknown = Object.keys(own).find((k) => !perStage.includes(k));
    if (unknown !== undefined) {
      throw new InvalidSettingError(
        `${key}.${name}.${unknown}`,
        own[unknown],
        `one of the keys that may differ per stage: ${perStage.join(', ')}`
      );
    }
    if (!stages.some((s) => s.stage === name))
      stages.push({ stage: name as SkillStage, values: own });
  }
  return stages;
}
