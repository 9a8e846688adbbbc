/**
 * Reads the recorder's lines with the AWS CLI (`aws logs filter-log-events`): this project ships
 * no CloudWatch Logs SDK client, and the CLI is what the docs' other commands use. Thin glue.
 */
import { execFile } from 'node:child_process';
import { EXCHANGE_LOG_MESSAGE } from '../../lambda/token-recorder/exchange-record';
import type { ExchangeLogReader } from './command';
import type { LogEvent } from './exchanges';

export function awsCliLogReader(run: typeof execFile = execFile): ExchangeLogReader {
  return (logGroup, startTime, limit) =>
    new Promise((resolve, reject) => {
      run(
        'aws',
        [
          'logs',
          'filter-log-events',
          '--log-group-name',
          logGroup,
          '--start-time',
          String(startTime),
          '--filter-pattern',
          `{ $.message = "${EXCHANGE_LOG_MESSAGE}" }`,
          // The CLI pages through everything since --start-time; --max-items bounds a busy day.
          '--max-items',
          String(Math.max(limit, 1000)),
          '--output',
          'json',
        ],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) {
            const why = String(stderr).trim() || error.message;
            return reject(new Error(`aws logs filter-log-events failed: ${why}`));
          }
          const parsed = JSON.parse(String(stdout)) as { events?: LogEvent[] };
          resolve(parsed.events ?? []);
        }
      );
    });
}
