/**
 * The capacity plan: how many token refreshes, sign-ins, profile calls and skill requests a number
 * of linked users makes per second at peak, per Alexa region, set against the quota each one
 * spends. Pure arithmetic: no constructs, no I/O. `npm run capacity` feeds it the token lifetime
 * read from the synthesized app and prints `formatCapacityPlan`'s text.
 *
 * The model, per day, then per second at peak (÷ 86,400 × peakFactor), then per region (× share):
 *   active users        = linkedUsers × dailyActiveShare
 *   sessions            = active users × sessionsPerUserDay
 *   token refreshes     = active users × min(sessionsPerUserDay, 86,400 / accessTokenSeconds)
 *                         (Alexa refreshes an expired access token when the user next speaks, so
 *                         at most once per access-token lifetime, and never more than once per session)
 *   sign-ins            = linkedUsers × dailyLinkShare (people linking or relinking)
 *   profile calls       = sessions × profileCallsPerSession (the profile cache answers the rest of
 *                         the session; an upper bound, as a warm container may still hold the user)
 *   skill requests      = sessions × requestsPerSession
 *   concurrency         = skill requests per second × functionDurationSeconds
 */
import { quotasFor, type LinkingServer, type Quota, type QuotaId } from './quotas';

/** The Alexa endpoint regions a plan splits its figures over. */
export const ALEXA_REGIONS = ['NA', 'EU', 'FE'] as const;
/** Alexa's three endpoint regions: North America, Europe and India, Far East. */
export type AlexaRegion = (typeof ALEXA_REGIONS)[number];

/** Seconds in a day: the plan turns daily counts into rates with it. */
export const SECONDS_PER_DAY = 86_400;

/** What the plan assumes about the users; every figure is a named, overridable parameter. */
export interface CapacityAssumptions {
  /** Users who have linked their account: the number the plan scales with. */
  readonly linkedUsers: number;
  /** Share of linked users who speak to the skill on a given day. */
  readonly dailyActiveShare: number;
  /** Sessions an active user opens per day. */
  readonly sessionsPerUserDay: number;
  /** Requests (launch, intents, session end) per session. */
  readonly requestsPerSession: number;
  /** Busiest hour's rate over the day's mean rate. */
  readonly peakFactor: number;
  /** Share of users served by each Alexa region; the shares add up to 1. */
  readonly regionalSplit: Readonly<Record<AlexaRegion, number>>;
  /** Share of linked users who go through sign-in (link or relink) on a given day. */
  readonly dailyLinkShare: number;
  /** userInfo / profile calls per session after the profile cache. */
  readonly profileCallsPerSession: number;
  /** Mean duration of one skill request, for Lambda concurrency. */
  readonly functionDurationSeconds: number;
}

/** The assumptions `npm run capacity` uses unless told otherwise (all but `linkedUsers`). */
export const DEFAULT_ASSUMPTIONS: Omit<CapacityAssumptions, 'linkedUsers'> = {
  dailyActiveShare: 0.2,
  sessionsPerUserDay: 2,
  requestsPerSession: 3,
  peakFactor: 3,
  regionalSplit: { NA: 0.6, EU: 0.3, FE: 0.1 },
  dailyLinkShare: 0.001,
  profileCallsPerSession: 1,
  functionDurationSeconds: 0.25,
};

/** The token lifetimes the plan works from, and where they were read. */
export interface TokenLifetimes {
  /** How long an access token lives: Alexa refreshes at most once per lifetime. */
  readonly accessTokenSeconds: number;
  /**
   * How long a refresh token lives.
   * @default - the linking server decides it (Login with Amazon, an OIDC server)
   */
  readonly refreshTokenSeconds?: number;
  /** Where the lifetimes were read (the synthesized template, or the server's documented value). */
  readonly source: string;
}

/** One figure: its rate per second at peak, in total and per Alexa region. */
export interface Figure {
  /** What is counted, e.g. "token refreshes". */
  readonly name: string;
  /** How many per day. */
  readonly perDay: number;
  /** Per second in the busiest hour (per day ÷ 86,400 × peakFactor). */
  readonly peakPerSecond: number;
  /** The peak rate split over the Alexa regions by `regionalSplit`. */
  readonly peakPerSecondByRegion: Readonly<Record<AlexaRegion, number>>;
}

/** How a load compares with its quota: `near` from NEAR_QUOTA_SHARE of it. */
export type QuotaStatus = 'ok' | 'near' | 'over' | 'no published quota';

/** A quota and the load set against it. */
export interface QuotaCheck {
  /** The quota checked. */
  readonly quota: Quota;
  /** Load on the quota at peak: the sum over regions for a home-region quota, the busiest region's otherwise. */
  readonly load: number;
  /** How the load compares with the quota's limit. */
  readonly status: QuotaStatus;
}

/** What planCapacity works out for a number of linked users. */
export interface CapacityPlan {
  /** The deployment the plan is for. */
  readonly deployment: DeploymentShape;
  /** The assumptions it was worked out from. */
  readonly assumptions: CapacityAssumptions;
  /** The token lifetimes it was worked out from. */
  readonly lifetimes: TokenLifetimes;
  /** Linked users who speak to the skill on a given day. */
  readonly activeUsers: number;
  /** Token refreshes per active user per day: the fewer of sessions and lifetimes per day. */
  readonly refreshesPerActiveUserDay: number;
  /** The rates, each per day and at peak, in total and per region. */
  readonly figures: {
    readonly tokenRefreshes: Figure;
    readonly signIns: Figure;
    readonly profileCalls: Figure;
    readonly skillRequests: Figure;
    readonly concurrency: Figure;
  };
  /** Each quota the deployment spends, with its load and status. */
  readonly checks: readonly QuotaCheck[];
}

/** A load at or above this share of a quota is reported as near it. */
export const NEAR_QUOTA_SHARE = 0.8;

/**
 * An assumption out of range (a share outside 0 to 1, a count not above 0): the message names it.
 */
export class CapacityAssumptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityAssumptionError';
  }
}

/** What the deployment looks like. */
export interface DeploymentShape {
  /** The linking server, whose token endpoint quota the refreshes and sign-ins spend. */
  readonly linkingServer: LinkingServer;
  /**
   * True when each Alexa region has its own skill function (`skillRegions`); otherwise one
   * function in the home region takes every region's requests.
   */
  readonly regionalFunctions: boolean;
}

/**
 * The capacity plan for `assumptions`; throws a CapacityAssumptionError on an assumption out of
 * range.
 */
export function planCapacity(
  assumptions: CapacityAssumptions,
  lifetimes: TokenLifetimes,
  deployment: DeploymentShape
): CapacityPlan {
  assertValidAssumptions(assumptions, lifetimes);
  const a = assumptions;
  const activeUsers = a.linkedUsers * a.dailyActiveShare;
  const sessions = activeUsers * a.sessionsPerUserDay;
  const refreshesPerActiveUserDay = Math.min(
    a.sessionsPerUserDay,
    SECONDS_PER_DAY / lifetimes.accessTokenSeconds
  );
  const figure = (name: string, perDay: number): Figure => {
    const peakPerSecond = (perDay / SECONDS_PER_DAY) * a.peakFactor;
    return { name, perDay, peakPerSecond, peakPerSecondByRegion: split(peakPerSecond, a) };
  };
  const skillRequests = figure('skill requests', sessions * a.requestsPerSession);
  const figures = {
    tokenRefreshes: figure('token refreshes', activeUsers * refreshesPerActiveUserDay),
    signIns: figure('sign-ins', a.linkedUsers * a.dailyLinkShare),
    profileCalls: figure('profile calls', sessions * a.profileCallsPerSession),
    skillRequests,
    concurrency: figure(
      'concurrent executions',
      sessions * a.requestsPerSession * a.functionDurationSeconds
    ),
  };

  const loadOn: Record<QuotaId, Figure[]> = {
    tokenEndpoint: [figures.tokenRefreshes, figures.signIns],
    profile: [figures.profileCalls],
    lambdaConcurrency: [figures.concurrency],
  };
  const checks = quotasFor(deployment.linkingServer).map((quota): QuotaCheck => {
    const spent = loadOn[quota.id];
    const load =
      quota.scope === 'home region' || !deployment.regionalFunctions
        ? sum(spent.map((f) => f.peakPerSecond))
        : Math.max(...ALEXA_REGIONS.map((r) => sum(spent.map((f) => f.peakPerSecondByRegion[r]))));
    return { quota, load, status: statusOf(load, quota.limit) };
  });

  return {
    deployment,
    assumptions,
    lifetimes,
    activeUsers,
    refreshesPerActiveUserDay,
    figures,
    checks,
  };
}

function split(total: number, a: CapacityAssumptions): Record<AlexaRegion, number> {
  return {
    NA: total * a.regionalSplit.NA,
    EU: total * a.regionalSplit.EU,
    FE: total * a.regionalSplit.FE,
  };
}

const sum = (values: number[]): number => values.reduce((total, v) => total + v, 0);

function statusOf(load: number, limit: number | undefined): QuotaStatus {
  if (limit === undefined) return 'no published quota';
  if (load > limit) return 'over';
  return load >= limit * NEAR_QUOTA_SHARE ? 'near' : 'ok';
}

function assertValidAssumptions(a: CapacityAssumptions, lifetimes: TokenLifetimes): void {
  const positive = (name: string, value: number) => {
    if (!Number.isFinite(value) || value <= 0) {
      throw new CapacityAssumptionError(`${name} must be a number above 0; received ${value}.`);
    }
  };
  const share = (name: string, value: number) => {
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new CapacityAssumptionError(
        `${name} must be a share between 0 and 1; received ${value}.`
      );
    }
  };
  positive('linkedUsers', a.linkedUsers);
  share('dailyActiveShare', a.dailyActiveShare);
  positive('sessionsPerUserDay', a.sessionsPerUserDay);
  positive('requestsPerSession', a.requestsPerSession);
  if (!(a.peakFactor >= 1)) {
    throw new CapacityAssumptionError(
      `peakFactor must be 1 or more (the busiest hour over the mean); received ${a.peakFactor}.`
    );
  }
  share('dailyLinkShare', a.dailyLinkShare);
  positive('functionDurationSeconds', a.functionDurationSeconds);
  if (!Number.isFinite(a.profileCallsPerSession) || a.profileCallsPerSession < 0) {
    throw new CapacityAssumptionError(
      `profileCallsPerSession must be 0 or more; received ${a.profileCallsPerSession}.`
    );
  }
  for (const region of ALEXA_REGIONS) share(`regionalSplit.${region}`, a.regionalSplit[region]);
  const total = sum(ALEXA_REGIONS.map((r) => a.regionalSplit[r]));
  if (Math.abs(total - 1) > 1e-9) {
    throw new CapacityAssumptionError(
      `regionalSplit must add up to 1 (NA + EU + FE); received ${ALEXA_REGIONS.map((r) => `${r}=${a.regionalSplit[r]}`).join(',')}, which adds up to ${total}.`
    );
  }
  positive('accessTokenSeconds', lifetimes.accessTokenSeconds);
}
