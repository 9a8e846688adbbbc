/**
 * npm run linking-log: the last token exchanges the recorder saw, as a table. See
 * LINKING_LOG_COMMAND for the options.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { helpText, parseCommandLine, UsageError, type CommandSpec } from '../cli';
import { defaultStackName, deployedOutputs } from '../link-config/command';
import { exchangesOf, formatExchanges, sinceTime, type LogEvent } from './exchanges';

/** Reads a log group's token-exchange lines since a time, newest `limit` at most. */
export type ExchangeLogReader = (
  logGroup: string,
  startTime: number,
  limit: number
) => Promise<LogEvent[]>;

export interface LinkingLogDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly readLog: ExchangeLogReader;
  readonly cwd: string;
  readonly print: (text: string) => void;
  readonly now?: () => number;
}

/** What the command needs, said when it cannot get it (no credentials, no network, recorder off). */
export const LINKING_LOG_NEEDS = [
  'linking-log reads the deployed stack and its recorder log group, so it needs:',
  '  - the stack deployed with -c recordTokenExchanges=true (its TokenExchangeLogGroup output),',
  '  - AWS credentials and a region for that account (AWS_PROFILE / AWS_REGION),',
  '  - the AWS CLI v2 on the PATH (it runs `aws logs filter-log-events`), and',
  '  - permission for cloudformation:DescribeStacks and logs:FilterLogEvents.',
].join('\n');

export const LINKING_LOG_COMMAND: CommandSpec = {
  usage: 'npm run linking-log --',
  summary: [
    'Prints the token exchanges between Alexa and the linking server that the recorder logged',
    '(time, grant type, outcome, status, error, latency, expires_in, Alexa region), oldest first.',
    'Never a code, token or secret: the recorder does not log them.',
  ].join('\n'),
  options: {
    stack: {
      type: 'string',
      value: '<name>',
      description: 'the deployed stack (default: AlexaAccountLinking-<stage from cdk.json>)',
    },
    'log-group': {
      type: 'string',
      value: '<name>',
      description: "the recorder's log group, instead of the stack's TokenExchangeLogGroup output",
    },
    since: {
      type: 'string',
      value: '<30m|2h|7d|ISO time>',
      default: '1h',
      description: 'how far back to read',
    },
    limit: {
      type: 'string',
      value: '<n>',
      default: '50',
      description: 'the most exchanges to print (the newest)',
    },
  },
  examples: [
    'npm run linking-log',
    'npm run linking-log -- --since 1d --stack AlexaAccountLinking-prod',
  ],
};

export async function runLinkingLog(
  argv: readonly string[],
  deps: LinkingLogDependencies
): Promise<number> {
  const parsed = parseCommandLine(argv, LINKING_LOG_COMMAND);
  if (parsed.help) {
    deps.print(helpText(LINKING_LOG_COMMAND));
    return 0;
  }
  const values = parsed.values;
  const now = (deps.now ?? Date.now)();
  const since = sinceTime(String(values.since), now);
  if (since === undefined) {
    throw new UsageError(
      `--since must be a duration (30m, 2h, 7d) or an ISO 8601 time (2026-01-31T08:00:00Z); received "${String(values.since)}". Run with --help to see the options.`
    );
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new UsageError(
      `--limit must be a whole number from 1 to 10000; received "${String(values.limit)}". Run with --help to see the options.`
    );
  }
  let logGroup = values['log-group'] as string | undefined;
  if (logGroup === undefined) {
    const stackName = (values.stack as string | undefined) ?? defaultStackName(deps.cwd);
    const outputs = await deployedOutputs(deps.cloudFormation, stackName);
    logGroup = outputs.TokenExchangeLogGroup;
    if (!logGroup) {
      deps.print(
        `Stack ${stackName} has no TokenExchangeLogGroup output: the recorder is off. Deploy with -c recordTokenExchanges=true, let Alexa link or refresh, then run this again.`
      );
      return 1;
    }
  }
  const rows = exchangesOf(await deps.readLog(logGroup, since, limit)).slice(-limit);
  if (rows.length === 0) {
    deps.print(`No token exchanges in ${logGroup} since ${new Date(since).toISOString()}.`);
    return 0;
  }
  deps.print(formatExchanges(rows));
  return 0;
}
