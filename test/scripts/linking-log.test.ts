/** npm run linking-log: the recorder's real log lines read back as a table, and what it needs. */
import * as os from 'node:os';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import type { execFile } from 'node:child_process';
import { recordExchange } from '../../lambda/token-recorder/exchange-record';
import { createExchangeReporter } from '../../lambda/token-recorder/report';
import { awsCliLogReader } from '../../scripts/linking-log/aws-cli-log-reader';
import { runLinkingLog, type ExchangeLogReader } from '../../scripts/linking-log/command';
import {
  exchangesOf,
  formatExchanges,
  sinceTime,
  summarizeExchanges,
  type LogEvent,
} from '../../scripts/linking-log/exchanges';
import { describeStacksAnswer } from '../support/cloudformation-fixtures';
import { captureOutput } from '../support/output-capture';

const cloudFormation = mockClient(CloudFormationClient);
const NOW = Date.parse('2026-03-01T12:00:00Z');
const REDIRECT = 'https://layla.amazon.com/api/skill/link/M2TESTVENDOR42';

/** The lines the real reporter writes for these exchanges, as CloudWatch Logs returns them. */
async function recordedEvents(): Promise<LogEvent[]> {
  const report = createExchangeReporter({
    stage: 'dev',
  });
  const exchanges = [
    recordExchange(
      {
        form: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'c0de-0001',
          redirect_uri: REDIRECT,
        }),
      },
      {
        kind: 'answered',
        status: 200,
        body: '{"access_token":"a","refresh_token":"r","expires_in":3600}',
      },
      120
    ),
    recordExchange(
      { form: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-0002' }) },
      {
        kind: 'answered',
        status: 400,
        body: '{"error":"invalid_grant","error_description":"revoked"}',
      },
      80
    ),
    recordExchange(
      { form: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt-0003' }) },
      { kind: 'timeout', status: 504 },
      4000
    ),
  ];
  const { output } = await captureOutput(async () => exchanges.forEach(report));
  // Every line the function writes (EMF included) lands in the log group.
  return output
    .split('\n')
    .filter(Boolean)
    .map((message, i) => ({ timestamp: NOW - 60_000 * (10 - i), message }));
}

beforeEach(() => cloudFormation.reset());

describe('the recorder log, read back', () => {
  test('only the exchange lines become rows, and the table shows each one', async () => {
    const rows = exchangesOf([
      ...(await recordedEvents()),
      { timestamp: NOW, message: 'START RequestId: x' },
    ]);
    expect(rows.map((r) => [r.grantType, r.outcome, r.latencyMs])).toEqual([
      ['authorization_code', 'ok', 120],
      ['refresh_token', 'invalid_grant', 80],
      ['refresh_token', 'timeout', 4000],
    ]);
    const table = formatExchanges(rows).split('\n');
    expect(table[0]).toMatch(
      /^time \(UTC\)\s+grant\s+outcome\s+status\s+error\s+latency\s+expires_in\s+region$/
    );
    expect(table[2]).toMatch(/authorization_code\s+ok\s+200\s+-\s+120 ms\s+3600\s+EU$/);
    expect(table[3]).toMatch(
      /refresh_token\s+invalid_grant\s+400\s+invalid_grant: revoked\s+80 ms\s+-\s+-$/
    );
    expect(summarizeExchanges(rows)).toEqual({
      total: 3,
      failures: 2,
      failuresByOutcome: [
        ['invalid_grant', 1],
        ['timeout', 1],
      ],
      unlinkingRefreshes: 1,
      slowest: rows[2],
    });
  });

  test.each([
    ['30m', NOW - 30 * 60_000],
    ['2h', NOW - 2 * 3_600_000],
    ['7d', NOW - 7 * 86_400_000],
    ['2026-02-28T08:00:00Z', Date.parse('2026-02-28T08:00:00Z')],
    ['1w', undefined],
    ['yesterday', undefined],
    ['2026-13-45', undefined],
  ])('--since %s starts at %s', (value, expected) => {
    expect(sinceTime(value, NOW)).toBe(expected);
  });
});

describe('runLinkingLog', () => {
  const run = async (argv: string[], readLog: ExchangeLogReader) => {
    const printed: string[] = [];
    const code = await runLinkingLog(argv, {
      cloudFormation: cloudFormation as unknown as CloudFormationClient,
      readLog,
      cwd: os.tmpdir(),
      print: (text) => printed.push(text),
      now: () => NOW,
    });
    return { code, text: printed.join('\n') };
  };

  test("reads the stack's recorder log group since --since and prints the newest --limit exchanges", async () => {
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'AlexaAccountLinking-prod' })
      .resolves(
        describeStacksAnswer('AlexaAccountLinking-prod', { TokenExchangeLogGroup: 'rec-logs' })
      );
    const events = await recordedEvents();
    const calls: unknown[][] = [];
    const { code, text } = await run(
      ['--stack', 'AlexaAccountLinking-prod', '--since', '2h', '--limit', '2'],
      async (...args) => {
        calls.push(args);
        return events;
      }
    );
    expect(code).toBe(0);
    expect(calls).toEqual([['rec-logs', NOW - 7_200_000, 2]]);
    expect(text).not.toMatch(/authorization_code/);
    expect(text.match(/refresh_token/g)).toHaveLength(2);
  });

  test('says the recorder is off when the stack has no TokenExchangeLogGroup output', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(describeStacksAnswer('AlexaAccountLinking-dev', {}));
    const { code, text } = await run([], async () => []);
    expect(code).toBe(1);
    expect(text).toMatch(
      /no TokenExchangeLogGroup output: the recorder is off. Deploy with -c recordTokenExchanges=true/
    );
  });

  test('fails when --since or --limit is malformed, naming the option and the valid forms', async () => {
    await expect(run(['--log-group', 'g', '--since', 'soon'], async () => [])).rejects.toThrow(
      /--since must be a duration \(30m, 2h, 7d\) or an ISO 8601 time .*received "soon"/
    );
    await expect(run(['--log-group', 'g', '--limit', '0'], async () => [])).rejects.toThrow(
      /--limit must be a whole number from 1 to 10000; received "0"/
    );
  });

  test('with --log-group it reads that group without the stack', async () => {
    const { code, text } = await run(['--log-group', 'g'], async () => []);
    expect(code).toBe(0);
    expect(text).toBe(`No token exchanges in g since ${new Date(NOW - 3_600_000).toISOString()}.`);
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});

describe('awsCliLogReader', () => {
  test('asks the AWS CLI for the exchange lines since the start time, and reports its error text', async () => {
    const seen: unknown[] = [];
    const fake = ((
      file: string,
      args: string[],
      _options: unknown,
      callback: (e: Error | null, out: string, err: string) => void
    ) => {
      seen.push([file, ...args]);
      if (args.includes('broken'))
        callback(new Error('exit 255'), '', 'Unable to locate credentials.');
      else callback(null, JSON.stringify({ events: [{ timestamp: 1, message: 'x' }] }), '');
    }) as unknown as typeof execFile;
    await expect(awsCliLogReader(fake)('rec-logs', 1234, 50)).resolves.toEqual([
      { timestamp: 1, message: 'x' },
    ]);
    expect(seen[0]).toEqual([
      'aws',
      'logs',
      'filter-log-events',
      '--log-group-name',
      'rec-logs',
      '--start-time',
      '1234',
      '--filter-pattern',
      '{ $.message = "token exchange" }',
      '--max-items',
      '1000',
      '--output',
      'json',
    ]);
    await expect(awsCliLogReader(fake)('broken', 1, 1)).rejects.toThrow(
      'aws logs filter-log-events failed: Unable to locate credentials.'
    );
  });
});
