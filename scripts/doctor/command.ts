/**
 * npm run doctor: checks a deployed stack against what Alexa needs and says what to fix.
 *   npm run doctor -- [--stack AlexaAccountLinking-dev] [--smapi-secret alexa/smapi] [--stage development]
 * Exits 1 if any check fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseLwaCredentials } from '../../lambda/link-settings/account-linking-request';
import type { SmapiClient } from '../../lambda/link-settings/smapi-client';
import { settingsFromOutputs } from '../link-config/account-linking-settings';
import { clientSecretOf, defaultStackName, deployedOutputs } from '../link-config/command';
import { formatResults, runChecks } from './checks';

export interface DoctorDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly cognito: CognitoIdentityProviderClient;
  readonly secrets: SecretsManagerClient;
  readonly smapi: SmapiClient;
  readonly cwd: string;
  readonly print: (text: string) => void;
  /** Where Cognito publishes key sets. @default https://cognito-idp.<region>.amazonaws.com */
  readonly cognitoIdpUrl?: (region: string) => string;
  readonly tokenLatencyBudgetMs?: number;
}

function smapiSecretFromCdkJson(cwd: string): string | undefined {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return undefined;
  return (
    JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: { smapiCredentialsSecret?: string } }
  ).context?.smapiCredentialsSecret;
}

export async function runDoctor(argv: string[], deps: DoctorDependencies): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: 'string' },
      'smapi-secret': { type: 'string' },
      stage: { type: 'string', default: 'development' },
    },
  });
  const stackName = values.stack ?? defaultStackName(deps.cwd);
  const linking = settingsFromOutputs(
    stackName,
    await deployedOutputs(deps.cloudFormation, stackName)
  );
  const clientSecret = await clientSecretOf(deps.cognito, linking);
  const region = linking.userPoolId.split('_')[0] as string;
  const idp = deps.cognitoIdpUrl?.(region) ?? `https://cognito-idp.${region}.amazonaws.com`;

  const secretId = values['smapi-secret'] ?? smapiSecretFromCdkJson(deps.cwd);
  let smapi;
  if (secretId) {
    const secret = await deps.secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    smapi = {
      client: deps.smapi,
      credentials: parseLwaCredentials(secret.SecretString, secretId),
      stage: values.stage as string,
    };
  }

  const results = await runChecks(
    { linking, clientSecret, jwksUrl: `${idp}/${linking.userPoolId}/.well-known/jwks.json` },
    { smapi, tokenLatencyBudgetMs: deps.tokenLatencyBudgetMs }
  );
  deps.print(`Doctor for stack ${stackName} (skill ${linking.skillId})\n${formatResults(results)}`);
  const failed = results.filter((r) => r.result === 'fail').length;
  deps.print(failed === 0 ? 'All checks passed.' : `${failed} check(s) failed.`);
  return failed === 0 ? 0 : 1;
}
