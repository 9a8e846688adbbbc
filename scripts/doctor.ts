/** Entry of `npm run doctor`; see doctor/command.ts. */
import './quiet-sdk-notice';
import { describeFailure } from './aws-errors';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSmapiClient } from '../lambda/link-settings/smapi-client';
import { probeCertificate } from './doctor/certificate-probe';
import { runDoctor } from './doctor/command';
import { awsCliLogReader } from './linking-log/aws-cli-log-reader';

runDoctor(process.argv.slice(2), {
  cloudFormation: new CloudFormationClient({}),
  cognito: new CognitoIdentityProviderClient({}),
  secrets: new SecretsManagerClient({}),
  smapi: createSmapiClient(),
  cwd: process.cwd(),
  print: (text) => console.log(text),
  inspectCertificate: (host) => probeCertificate(host),
  readLog: awsCliLogReader(),
}).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`doctor: ${describeFailure(error)}`);
    process.exitCode = 1;
  }
);
