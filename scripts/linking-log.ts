/** Entry of `npm run linking-log`; see linking-log/command.ts. */
import './quiet-sdk-notice';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { describeFailure } from './aws-errors';
import { UsageError } from './cli';
import { awsCliLogReader } from './linking-log/aws-cli-log-reader';
import { LINKING_LOG_NEEDS, runLinkingLog } from './linking-log/command';

runLinkingLog(process.argv.slice(2), {
  cloudFormation: new CloudFormationClient({}),
  readLog: awsCliLogReader(),
  cwd: process.cwd(),
  print: (text) => console.log(text),
}).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`linking-log: ${describeFailure(error)}`);
    if (!(error instanceof UsageError)) console.error(LINKING_LOG_NEEDS);
    process.exitCode = 1;
  }
);
