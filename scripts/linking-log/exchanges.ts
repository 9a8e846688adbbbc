/**
 * The token-exchange recorder's log lines, read back: parsed into rows, printed as a table, and
 * summarized (failures by error code, the slowest). Pure: the lines are fetched by the caller.
 */
import {
  EXCHANGE_LOG_MESSAGE,
  type ExchangeRecord,
} from '../../lambda/token-recorder/exchange-record';

/** A log event as CloudWatch Logs returns it. */
export interface LogEvent {
  readonly timestamp: number;
  readonly message: string;
}

export interface ExchangeRow extends Partial<ExchangeRecord> {
  readonly time: Date;
}

/** The exchanges among the events, oldest first; other lines (EMF, platform lines) are skipped. */
export function exchangesOf(events: readonly LogEvent[]): ExchangeRow[] {
  return events
    .flatMap((event) => {
      try {
        const line = JSON.parse(event.message) as { message?: unknown; exchange?: unknown };
        if (line.message !== EXCHANGE_LOG_MESSAGE || typeof line.exchange !== 'object') return [];
        return [{ ...(line.exchange as Partial<ExchangeRecord>), time: new Date(event.timestamp) }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.time.getTime() - b.time.getTime());
}

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The start time `--since` names: a duration back from `now` (`30m`, `2h`, `7d`) or an ISO 8601
 * time. Undefined for anything else.
 */
export function sinceTime(value: string, now: number): number | undefined {
  const duration = /^(\d{1,5})([mhd])$/.exec(value.trim());
  if (duration) return now - Number(duration[1]) * (UNITS[duration[2] as string] as number);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

const text = (value: unknown) => (value === undefined ? '-' : String(value));

/** The rows as a table: time, grant type, outcome, status, error, latency, expires_in, region. */
export function formatExchanges(rows: readonly ExchangeRow[]): string {
  const header = [
    'time (UTC)',
    'grant',
    'outcome',
    'status',
    'error',
    'latency',
    'expires_in',
    'region',
  ];
  const cells = rows.map((row) => [
    row.time.toISOString().replace('T', ' ').slice(0, 19),
    text(row.grantType),
    text(row.outcome),
    text(row.status),
    row.errorDescription ? `${text(row.error)}: ${row.errorDescription}` : text(row.error),
    row.latencyMs === undefined ? '-' : `${row.latencyMs} ms`,
    text(row.expiresIn),
    text(row.alexaRegion),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((cell) => (cell[i] ?? '').length))
  );
  const line = (cell: string[]) =>
    cell
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export interface ExchangeSummary {
  readonly total: number;
  readonly failures: number;
  /** Failed exchanges by outcome, most first. */
  readonly failuresByOutcome: readonly (readonly [string, number])[];
  /** Refreshes refused with invalid_grant: users Alexa unlinked. */
  readonly unlinkingRefreshes: number;
  readonly slowest?: ExchangeRow;
}

export function summarizeExchanges(rows: readonly ExchangeRow[]): ExchangeSummary {
  const failed = rows.filter((row) => row.outcome !== 'ok');
  const counts = new Map<string, number>();
  for (const row of failed) counts.set(text(row.outcome), (counts.get(text(row.outcome)) ?? 0) + 1);
  const slowest = rows.reduce<ExchangeRow | undefined>(
    (worst, row) => ((row.latencyMs ?? 0) > (worst?.latencyMs ?? -1) ? row : worst),
    undefined
  );
  return {
    total: rows.length,
    failures: failed.length,
    failuresByOutcome: [...counts.entries()].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0])
    ),
    unlinkingRefreshes: failed.filter(
      (row) => row.grantType === 'refresh_token' && row.outcome === 'invalid_grant'
    ).length,
    ...(slowest ? { slowest } : {}),
  };
}
