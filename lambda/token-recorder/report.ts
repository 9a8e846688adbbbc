/**
 * Writes each exchange record as one line on stdout, which Lambda sends to the function's log
 * group as is: the structured record and, in the same line, its metrics (exchange-log-line.ts).
 */
import { METRICS_STAGE_VARIABLE } from '../core/metric-names';
import type { ExchangeRecord } from './exchange-record';
import { exchangeLogLine } from './exchange-log-line';

export function createExchangeReporter(
  options: {
    readonly stage?: string;
    readonly write?: (line: string) => void;
    readonly now?: () => number;
  } = {}
): (record: ExchangeRecord) => void {
  const stage = options.stage ?? process.env[METRICS_STAGE_VARIABLE];
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  return (record) => {
    write(`${JSON.stringify(exchangeLogLine(record, { stage, timestamp: now() }))}\n`);
  };
}
