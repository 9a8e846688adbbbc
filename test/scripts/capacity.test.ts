import * as path from 'node:path';
import {
  DEFAULT_ASSUMPTIONS,
  planCapacity,
  type CapacityAssumptions,
  type TokenLifetimes,
} from '../../lib/capacity/capacity-plan';
import {
  configuredTokenLifetimes,
  tokenLifetimesFromTemplate,
} from '../../lib/capacity/configured-token-lifetimes';
import { formatCapacityPlan } from '../../lib/capacity/format-capacity-plan';
import {
  CAPACITY_HELP,
  capacityPlanFor,
  parseRegionalSplit,
  runCapacity,
} from '../../scripts/capacity/command';
import { synthAccountLinkingStack } from '../support/infra';

const ROOT = path.join(__dirname, '..', '..');
const HOUR: TokenLifetimes = { accessTokenSeconds: 3600, source: 'test' };
const DAY: TokenLifetimes = { accessTokenSeconds: 86_400, source: 'test' };
const COGNITO_HOME = { linkingServer: 'cognito', regionalFunctions: false } as const;

/** Worked by hand: 864,000 users so that per-day figures divide evenly into per-second ones. */
const CASE_A: CapacityAssumptions = {
  linkedUsers: 864_000,
  dailyActiveShare: 0.5,
  sessionsPerUserDay: 4,
  requestsPerSession: 5,
  peakFactor: 2,
  regionalSplit: { NA: 0.5, EU: 0.25, FE: 0.25 },
  dailyLinkShare: 0.01,
  profileCallsPerSession: 1,
  functionDurationSeconds: 0.5,
};

const close = (value: number, expected: number) => expect(value).toBeCloseTo(expected, 9);

describe('capacity arithmetic, worked by hand', () => {
  test('864,000 users, half active, 4 sessions, 1 h tokens: 40 refreshes/s at peak', () => {
    // active = 432,000; refreshes/day = 432,000 × min(4, 24) = 1,728,000 = 20/s; peak × 2 = 40/s
    const plan = planCapacity(CASE_A, HOUR, COGNITO_HOME);
    expect(plan.activeUsers).toBe(432_000);
    expect(plan.refreshesPerActiveUserDay).toBe(4);
    expect(plan.figures.tokenRefreshes.perDay).toBe(1_728_000);
    close(plan.figures.tokenRefreshes.peakPerSecond, 40);
    close(plan.figures.tokenRefreshes.peakPerSecondByRegion.NA, 20);
    close(plan.figures.tokenRefreshes.peakPerSecondByRegion.EU, 10);
    close(plan.figures.tokenRefreshes.peakPerSecondByRegion.FE, 10);
    // sign-ins: 864,000 × 0.01 = 8,640/day = 0.1/s; peak 0.2/s
    close(plan.figures.signIns.peakPerSecond, 0.2);
    // profile calls: one per session, 1,728,000/day; peak 40/s
    close(plan.figures.profileCalls.peakPerSecond, 40);
    // requests: 1,728,000 sessions × 5 = 8,640,000/day = 100/s; peak 200/s
    close(plan.figures.skillRequests.peakPerSecond, 200);
    close(plan.figures.skillRequests.peakPerSecondByRegion.NA, 100);
    close(plan.figures.skillRequests.peakPerSecondByRegion.FE, 50);
    // concurrency: 200/s × 0.5 s = 100
    close(plan.figures.concurrency.peakPerSecond, 100);
  });

  test('the quotas each figure is set against (Cognito, one function in the home region)', () => {
    const checks = planCapacity(CASE_A, HOUR, COGNITO_HOME).checks.map((c) => ({
      id: c.quota.id,
      limit: c.quota.limit,
      load: Number(c.load.toFixed(6)),
      status: c.status,
    }));
    expect(checks).toEqual([
      // refreshes 40 + sign-ins 0.2, all regions against the home region's UserAuthentication
      { id: 'tokenEndpoint', limit: 120, load: 40.2, status: 'ok' },
      { id: 'profile', limit: 120, load: 40, status: 'ok' },
      // one function takes every region's 100 concurrent executions
      { id: 'lambdaConcurrency', limit: 1000, load: 100, status: 'ok' },
    ]);
  });

  test('with a function per Alexa region, concurrency is the busiest region’s (NA: 50)', () => {
    const plan = planCapacity(CASE_A, HOUR, { linkingServer: 'cognito', regionalFunctions: true });
    close(plan.checks.find((c) => c.quota.id === 'lambdaConcurrency')?.load ?? NaN, 50);
  });

  test('a 1-day access token caps refreshes at one per active user per day: 10/s', () => {
    // min(4 sessions, 86,400 / 86,400) = 1; 432,000/day = 5/s; peak 10/s
    const plan = planCapacity(CASE_A, DAY, COGNITO_HOME);
    expect(plan.refreshesPerActiveUserDay).toBe(1);
    close(plan.figures.tokenRefreshes.peakPerSecond, 10);
  });

  test('8,640,000 users at 30 sessions a day are 20 times over UserAuthentication; 1-day tokens bring it near', () => {
    const heavy = {
      ...CASE_A,
      linkedUsers: 8_640_000,
      sessionsPerUserDay: 30,
      dailyLinkShare: 0.001,
    };
    // active 4,320,000 × min(30, 24) = 103,680,000/day = 1,200/s; peak 2,400/s (+ 0.2 sign-ins)
    const hourly = planCapacity(heavy, HOUR, COGNITO_HOME).checks[0];
    close(hourly?.load ?? NaN, 2400.2);
    expect(hourly?.status).toBe('over');
    // 4,320,000 × 1 = 50/s; peak 100/s + 0.2 = 100.2, which is ≥ 96 (80% of 120)
    const daily = planCapacity(heavy, DAY, COGNITO_HOME).checks[0];
    close(daily?.load ?? NaN, 100.2);
    expect(daily?.status).toBe('near');
  });

  test('Login with Amazon has no published token-endpoint quota', () => {
    const plan = planCapacity(CASE_A, HOUR, {
      linkingServer: 'login-with-amazon',
      regionalFunctions: false,
    });
    expect(plan.checks.map((c) => [c.quota.id, c.status])).toEqual([
      ['tokenEndpoint', 'no published quota'],
      ['profile', 'no published quota'],
      ['lambdaConcurrency', 'ok'],
    ]);
  });

  test.each([
    [{ linkedUsers: 0 }, /linkedUsers must be a number above 0; received 0/],
    [{ dailyActiveShare: 1.5 }, /dailyActiveShare must be a share between 0 and 1; received 1.5/],
    [{ peakFactor: 0.5 }, /peakFactor must be 1 or more/],
    [
      { regionalSplit: { NA: 0.5, EU: 0.3, FE: 0.1 } },
      /regionalSplit must add up to 1 .*NA=0.5,EU=0.3,FE=0.1, which adds up to 0.9/,
    ],
  ])('fails when an assumption is out of range: %j', (change, message) => {
    expect(() => planCapacity({ ...CASE_A, ...change }, HOUR, COGNITO_HOME)).toThrow(message);
  });
});

describe('token lifetimes', () => {
  test('are read from the synthesized template: 1 h access, 3650 days refresh', () => {
    const { template } = synthAccountLinkingStack();
    const lifetimes = tokenLifetimesFromTemplate(
      template.toJSON() as Parameters<typeof tokenLifetimesFromTemplate>[0],
      'test'
    );
    expect(lifetimes).toEqual({
      accessTokenSeconds: 3600,
      refreshTokenSeconds: 3650 * 86_400,
      source: 'test AccountLinkingAlexaClientEAFF6DFA',
    });
  });

  test('Login with Amazon tokens live one hour; a stated lifetime wins', () => {
    expect(configuredTokenLifetimes('login-with-amazon', undefined).accessTokenSeconds).toBe(3600);
    expect(configuredTokenLifetimes('oidc', undefined, 300).accessTokenSeconds).toBe(300);
  });
});

describe('npm run capacity', () => {
  test('prints the plan for 1,000,000 users with the figures of docs/operations.md', () => {
    const printed: string[] = [];
    runCapacity(['--linked-users', '1000000'], { cwd: ROOT, print: (t) => printed.push(t) });
    const text = printed.join('\n');
    expect(text).toContain('Capacity plan for 1,000,000 linked users (linking server: cognito)');
    expect(text).toContain('access token lifetime 3600 s (1 h)');
    expect(text).toMatch(/token refreshes\s+13\.9\s+8\.3\s+4\.2\s+1\.4 {2}refreshes\/s/);
    expect(text).toMatch(/skill requests\s+41\.7\s+25\.0\s+12\.5\s+4\.2 {2}requests\/s/);
    expect(text).toContain(
      '[OK] Cognito UserAuthentication (token refreshes + sign-ins): 13.9 requests/s at peak, all regions together; quota 120 requests/s (12% of it)'
    );
    expect(text).toContain(
      'source: https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#category_operations'
    );
  });

  test('docs/operations.md: UserAuthentication and UserRead run out first, at about 8.6 million users', () => {
    const text = (users: number) =>
      formatCapacityPlan(
        capacityPlanFor(['--linked-users', String(users)], ROOT) as NonNullable<
          ReturnType<typeof capacityPlanFor>
        >
      );
    const at = text(8_600_000);
    expect(at).toMatch(/\[NEAR\] Cognito UserAuthentication .*\(100% of it\)/);
    expect(at).toMatch(/\[NEAR\] Cognito UserRead .*\(100% of it\)/);
    expect(text(9_000_000)).toMatch(/\[OVER\] Cognito UserAuthentication/);
    expect(text(8_000_000)).not.toMatch(/\[OVER\]/);
  });

  test('says what to change when a figure is over its quota', () => {
    const plan = capacityPlanFor(
      ['--linked-users', '8640000', '--sessions-per-user-day', '30', '--daily-active-share', '0.5'],
      ROOT
    );
    const text = formatCapacityPlan(plan as NonNullable<typeof plan>);
    expect(text).toMatch(/\[OVER\] Cognito UserAuthentication/);
    expect(text).toContain('what to change: raise the access token lifetime');
  });

  test('reads linkingServer from -c, and --help prints the usage', () => {
    const plan = capacityPlanFor(
      [
        '--linked-users',
        '1000',
        '-c',
        'linkingServer=login-with-amazon',
        '-c',
        `lwaClientId=amzn1.application-oa2-client.${'0'.repeat(32)}`,
      ],
      ROOT
    );
    expect(plan?.deployment.linkingServer).toBe('login-with-amazon');
    const printed: string[] = [];
    runCapacity(['--help'], { cwd: ROOT, print: (t) => printed.push(t) });
    expect(printed).toEqual([CAPACITY_HELP]);
  });

  test.each([
    [[], /Invalid --linked-users: received nothing/],
    [['--linked-users', 'many'], /Invalid --linked-users: received "many". Expected a number/],
    [
      ['--linked-users', '10', '-c', 'linkingServer=saml'],
      /Invalid linkingServer: received "saml". Expected one of "cognito", "login-with-amazon", "oidc"/,
    ],
  ])('fails when the arguments are wrong: %j', (argv, message) => {
    expect(() => capacityPlanFor(argv, ROOT)).toThrow(message);
  });

  test('fails when the regional split names an unknown region', () => {
    expect(() => parseRegionalSplit('NA=0.5,SA=0.5')).toThrow(
      /Invalid --regional-split: received "NA=0.5,SA=0.5". Expected NA=<share>/
    );
    expect(parseRegionalSplit('NA=0.7,EU=0.3')).toEqual({ NA: 0.7, EU: 0.3, FE: 0 });
  });

  test('the defaults are the assumptions docs/operations.md states', () => {
    expect(DEFAULT_ASSUMPTIONS).toEqual({
      dailyActiveShare: 0.2,
      sessionsPerUserDay: 2,
      requestsPerSession: 3,
      peakFactor: 3,
      regionalSplit: { NA: 0.6, EU: 0.3, FE: 0.1 },
      dailyLinkShare: 0.001,
      profileCallsPerSession: 1,
      functionDurationSeconds: 0.25,
    });
  });
});
