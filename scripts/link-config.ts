/** Entry of `npm run link-config`; see link-config/command.ts. */
import './quiet-sdk-notice';
import { describeFailure } from './aws-errors';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runLinkConfig } from './link-config/command';

runLinkConfig(process.argv.slice(2), {
  cloudFormation: new CloudFormationClient({}),
  cognito: new CognitoIdentityProviderClient({}),
  secrets: new SecretsManagerClient({}),
  cwd: process.cwd(),
  print: (line) => console.log(line),
}).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`link-config: ${describeFailure(error, '--from-cdk-out')}`);
    process.exitCode = 1;
  }
);
