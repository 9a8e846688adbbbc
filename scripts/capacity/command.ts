/**
 * npm run capacity: the capacity plan for a number of linked users, from the app's configured
 * token lifetimes and linking server. See lib/capacity/capacity-plan.ts for the model.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { App } from 'aws-cdk-lib';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { InvalidSettingError } from '../../lib/app-settings/invalid-setting-error';
import { readSkillRegionsSettings } from '../../lib/app-settings/skill-regions-settings';
import {
  ALEXA_REGIONS,
  DEFAULT_ASSUMPTIONS,
  planCapacity,
  type AlexaRegion,
  type CapacityAssumptions,
  type CapacityPlan,
} from '../../lib/capacity/capacity-plan';
import {
  configuredTokenLifetimes,
  tokenLifetimesFromTemplate,
} from '../../lib/capacity/configured-token-lifetimes';
import { formatCapacityPlan } from '../../lib/capacity/format-capacity-plan';

export const CAPACITY_HELP = `Usage: npm run capacity -- --linked-users N [options]

Prints, per Alexa region and at peak, token refreshes, sign-ins, profile calls and skill requests
per second next to the quota each spends, and what to change when one is over.

Options (defaults in brackets):
  --linked-users N                   linked users (required)
  --daily-active-share S             share of linked users active on a day [${DEFAULT_ASSUMPTIONS.dailyActiveShare}]
  --sessions-per-user-day K          sessions per active user per day [${DEFAULT_ASSUMPTIONS.sessionsPerUserDay}]
  --requests-per-session R           skill requests per session [${DEFAULT_ASSUMPTIONS.requestsPerSession}]
  --peak-factor P                    busiest hour's rate over the day's mean [${DEFAULT_ASSUMPTIONS.peakFactor}]
  --regional-split NA=a,EU=b,FE=c    share of users per Alexa region, adding up to 1 [NA=0.6,EU=0.3,FE=0.1]
  --daily-link-share L               share of linked users signing in (linking, relinking) per day [${DEFAULT_ASSUMPTIONS.dailyLinkShare}]
  --profile-calls-per-session C      userInfo/profile calls per session after the cache [${DEFAULT_ASSUMPTIONS.profileCallsPerSession}]
  --function-duration-seconds D      mean skill request duration, for concurrency [${DEFAULT_ASSUMPTIONS.functionDurationSeconds}]
  --access-token-seconds T           override the access token lifetime read from the app
  -c, --context key=value            app settings as for cdk (linkingServer, skillRegions, ...); cdk.json is read first
  --help                             this text`;

export interface CapacityDependencies {
  readonly cwd: string;
  readonly print: (text: string) => void;
}

const NUMBER_FLAGS = {
  'daily-active-share': 'dailyActiveShare',
  'sessions-per-user-day': 'sessionsPerUserDay',
  'requests-per-session': 'requestsPerSession',
  'peak-factor': 'peakFactor',
  'daily-link-share': 'dailyLinkShare',
  'profile-calls-per-session': 'profileCallsPerSession',
  'function-duration-seconds': 'functionDurationSeconds',
} as const;

function numberFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) {
    throw new InvalidSettingError(`--${flag}`, value, 'a number, e.g. 0.2 or 1000000');
  }
  return parsed;
}

export function parseRegionalSplit(value: string): Record<AlexaRegion, number> {
  const expected = 'NA=<share>,EU=<share>,FE=<share>, e.g. NA=0.6,EU=0.3,FE=0.1';
  const entries = value.split(',').map((pair) => pair.split('=').map((part) => part.trim()));
  const split: Partial<Record<AlexaRegion, number>> = {};
  for (const [region, share] of entries) {
    const parsed = Number(share);
    if (
      !(ALEXA_REGIONS as readonly string[]).includes(region ?? '') ||
      share === undefined ||
      share === '' ||
      !Number.isFinite(parsed)
    ) {
      throw new InvalidSettingError('--regional-split', value, expected);
    }
    split[region as AlexaRegion] = parsed;
  }
  return { NA: split.NA ?? 0, EU: split.EU ?? 0, FE: split.FE ?? 0 };
}

/** cdk.json's context, then each `-c key=value` over it, as cdk itself does. */
export function appContext(cwd: string, overrides: readonly string[]): Record<string, unknown> {
  const file = path.join(cwd, 'cdk.json');
  const context = fs.existsSync(file)
    ? {
        ...((JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> })
          .context ?? {}),
      }
    : {};
  for (const pair of overrides) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InvalidSettingError('--context', pair, 'key=value');
    context[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return context;
}

/** True when skillRegions names more than one region: each Alexa region then has its own function. */
function hasRegionalFunctions(context: Record<string, unknown>): boolean {
  return readSkillRegionsSettings((key) => context[key]).skillRegions.length > 1;
}

/** The home stack's template, synthesized in memory with bundling skipped (no esbuild, no AWS). */
function synthesizedHomeTemplate(context: Record<string, unknown>) {
  // Annotations stay out of the report (the plan prints what matters), and nothing is bundled.
  const quiet = { ...context, '@aws-cdk/core:annotationsInValidationReport': false };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'capacity-'));
  try {
    const app = new App({ outdir, context: { ...quiet, 'aws:cdk:bundling-stacks': [] } });
    const settings = readAppSettings((key) => app.node.tryGetContext(key));
    const name = `AlexaAccountLinking-${settings.stage}`;
    const stack = new AccountLinkingStack(app, name, { settings });
    const template = app.synth().getStackByName(stack.stackName).template as Parameters<
      typeof tokenLifetimesFromTemplate
    >[0];
    return { name, template, linkingServer: settings.linkingServer.kind };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function capacityPlanFor(argv: string[], cwd: string): CapacityPlan | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      'linked-users': { type: 'string' },
      ...Object.fromEntries(Object.keys(NUMBER_FLAGS).map((k) => [k, { type: 'string' }])),
      'regional-split': { type: 'string' },
      'access-token-seconds': { type: 'string' },
      context: { type: 'string', short: 'c', multiple: true },
      help: { type: 'boolean' },
    },
  }) as { values: Record<string, string | string[] | boolean | undefined> };
  if (values.help) return undefined;

  const linkedUsers = numberFlag('linked-users', values['linked-users'] as string | undefined);
  if (linkedUsers === undefined) {
    throw new InvalidSettingError(
      '--linked-users',
      undefined,
      'a number of linked users, e.g. 1000000'
    );
  }
  const assumptions: Record<string, unknown> = { ...DEFAULT_ASSUMPTIONS, linkedUsers };
  for (const [flag, key] of Object.entries(NUMBER_FLAGS)) {
    const value = numberFlag(flag, values[flag] as string | undefined);
    if (value !== undefined) assumptions[key] = value;
  }
  if (typeof values['regional-split'] === 'string') {
    assumptions.regionalSplit = parseRegionalSplit(values['regional-split']);
  }

  const context = appContext(cwd, (values.context as string[] | undefined) ?? []);
  const { name, template, linkingServer } = synthesizedHomeTemplate(context);
  const lifetimes = configuredTokenLifetimes(
    linkingServer,
    tokenLifetimesFromTemplate(template, name),
    numberFlag('access-token-seconds', values['access-token-seconds'] as string | undefined)
  );
  return planCapacity(assumptions as unknown as CapacityAssumptions, lifetimes, {
    linkingServer,
    regionalFunctions: hasRegionalFunctions(context),
  });
}

export function runCapacity(argv: string[], deps: CapacityDependencies): number {
  const plan = capacityPlanFor(argv, deps.cwd);
  deps.print(plan === undefined ? CAPACITY_HELP : formatCapacityPlan(plan));
  return 0;
}
