/** The capacity plan as the text `npm run capacity` prints. Pure: no I/O. */
import {
  ALEXA_REGIONS,
  NEAR_QUOTA_SHARE,
  type CapacityPlan,
  type Figure,
  type QuotaCheck,
} from './capacity-plan';

/** A rate with as many decimals as make it readable: 1234, 12.3, 0.035. */
export function formatRate(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 1) return value.toFixed(1);
  return value.toPrecision(2);
}

const pad = (text: string, width: number) => text.padStart(width);

function figureRow(figure: Figure, unit: string): string {
  const regions = ALEXA_REGIONS.map((r) => pad(formatRate(figure.peakPerSecondByRegion[r]), 9));
  return `  ${figure.name.padEnd(24)}${pad(formatRate(figure.peakPerSecond), 10)}${regions.join('')}  ${unit}`;
}

function checkLines(check: QuotaCheck): string[] {
  const { quota, load, status } = check;
  const limit = quota.limit === undefined ? 'none published' : `${quota.limit} ${quota.unit}`;
  const share =
    quota.limit === undefined ? '' : ` (${Math.round((load / quota.limit) * 100)}% of it)`;
  const lines = [
    `  [${status.toUpperCase()}] ${quota.name}: ${formatRate(load)} ${quota.unit} at peak${quota.scope === 'home region' ? ', all regions together' : ''}; quota ${limit}${share}`,
    `         source: ${quota.source}`,
  ];
  if (status === 'over' || status === 'near' || status === 'no published quota') {
    lines.push(`         what to change: ${quota.whenOver}`);
  }
  return lines;
}

export function formatCapacityPlan(plan: CapacityPlan): string {
  const a = plan.assumptions;
  const f = plan.figures;
  const hours = plan.lifetimes.accessTokenSeconds / 3600;
  const split = ALEXA_REGIONS.map((r) => `${r} ${a.regionalSplit[r]}`).join(', ');
  const over = plan.checks.filter((c) => c.status === 'over').length;
  return [
    `Capacity plan for ${a.linkedUsers.toLocaleString('en-US')} linked users (linking server: ${plan.deployment.linkingServer})`,
    '',
    'Assumptions (change with the flags in --help):',
    `  daily active share ${a.dailyActiveShare}, sessions per active user per day ${a.sessionsPerUserDay}, requests per session ${a.requestsPerSession}`,
    `  peak factor ${a.peakFactor} (busiest hour over the day's mean), regional split ${split}`,
    `  daily link share ${a.dailyLinkShare}, profile calls per session ${a.profileCallsPerSession}, function duration ${a.functionDurationSeconds} s`,
    `  access token lifetime ${plan.lifetimes.accessTokenSeconds} s (${Number(hours.toFixed(2))} h), from ${plan.lifetimes.source}`,
    `  skill functions: ${plan.deployment.regionalFunctions ? 'one per Alexa region (skillRegions)' : 'one, in the home region'}`,
    '',
    `Active users per day: ${Math.round(plan.activeUsers).toLocaleString('en-US')}; token refreshes per active user per day: ${Number(plan.refreshesPerActiveUserDay.toFixed(2))} (min of sessions per day and 86,400 / access token lifetime)`,
    '',
    `  ${'at peak'.padEnd(24)}${pad('total', 10)}${ALEXA_REGIONS.map((r) => pad(r, 9)).join('')}`,
    figureRow(f.tokenRefreshes, 'refreshes/s'),
    figureRow(f.signIns, 'sign-ins/s'),
    figureRow(f.profileCalls, 'profile calls/s'),
    figureRow(f.skillRequests, 'requests/s'),
    figureRow(f.concurrency, 'concurrent executions'),
    '',
    `Quotas (defaults; "near" means at or above ${NEAR_QUOTA_SHARE * 100}%):`,
    ...plan.checks.flatMap(checkLines),
    '',
    over === 0
      ? 'Every figure with a published quota is under it.'
      : `${over} figure(s) over their quota: see "what to change" above.`,
  ].join('\n');
}
