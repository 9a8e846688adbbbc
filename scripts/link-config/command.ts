/**
 * npm run link-config: writes accountLinking.json, the body `ask smapi update-account-linking-info`
 * takes, from the deployed stack (outputs and the client secret, with the AWS SDK), or with
 * --from-cdk-out from the synthesized app (in --cdk-out, default cdk.out), without credentials
 * and with the secret as a placeholder. The file holds the client secret: it is written with mode 0600 and git-ignored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { accountLinkingRequestBody } from '../../lambda/link-settings/account-linking-request';
import {
  askCliCommand,
  placeholder,
  settingsFromOutputs,
  settingsFromTemplate,
  type DeployedLinking,
  type TemplateLike,
} from './account-linking-settings';

export interface LinkConfigDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly cognito: CognitoIdentityProviderClient;
  /** The project directory: cdk.json, .gitignore and relative paths are read from here. */
  readonly cwd: string;
  readonly print: (line: string) => void;
}

export const SECRET_PLACEHOLDER = placeholder(
  'CLIENT_SECRET (run the command in the ClientSecretCommand stack output)'
);

export function defaultStackName(cwd: string): string {
  const cdkJson = path.join(cwd, 'cdk.json');
  const stage = fs.existsSync(cdkJson)
    ? (JSON.parse(fs.readFileSync(cdkJson, 'utf8')) as { context?: { stage?: string } }).context
        ?.stage
    : undefined;
  return `AlexaAccountLinking-${stage ?? 'dev'}`;
}

export async function deployedOutputs(
  cloudFormation: CloudFormationClient,
  stackName: string
): Promise<Record<string, string>> {
  const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = Stacks?.[0]?.Outputs ?? [];
  return Object.fromEntries(
    outputs.flatMap((o) => (o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : []))
  );
}

export async function clientSecretOf(
  cognito: CognitoIdentityProviderClient,
  linking: DeployedLinking
): Promise<string> {
  const { UserPoolClient } = await cognito.send(
    new DescribeUserPoolClientCommand({
      UserPoolId: linking.userPoolId,
      ClientId: linking.clientId,
    })
  );
  if (!UserPoolClient?.ClientSecret)
    throw new Error(`App client ${linking.clientId} has no client secret.`);
  return UserPoolClient.ClientSecret;
}

/** Adds the file to .gitignore unless a line already ignores it. */
export function ensureGitIgnored(cwd: string, file: string): void {
  const gitignore = path.join(cwd, '.gitignore');
  const existing = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
  const name = path.relative(cwd, path.resolve(cwd, file));
  if (existing.split('\n').some((line) => line.trim() === name || line.trim() === `/${name}`))
    return;
  fs.writeFileSync(
    gitignore,
    `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}# Holds the Alexa client secret (npm run link-config)\n${name}\n`
  );
}

export async function runLinkConfig(argv: string[], deps: LinkConfigDependencies): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stack: { type: 'string' },
      out: { type: 'string', default: 'accountLinking.json' },
      'from-cdk-out': { type: 'boolean', default: false },
      'cdk-out': { type: 'string', default: 'cdk.out' },
      region: { type: 'string' },
      stage: { type: 'string', default: 'development' },
    },
  });
  const stackName = values.stack ?? defaultStackName(deps.cwd);
  const outFile = path.resolve(deps.cwd, values.out as string);

  let linking: DeployedLinking;
  let clientSecret: string;
  if (values['from-cdk-out']) {
    const assembly = path.resolve(deps.cwd, values['cdk-out'] as string);
    const templateFile = path.join(assembly, `${stackName}.template.json`);
    if (!fs.existsSync(templateFile))
      throw new Error(`${templateFile} not found: run npm run synth first (or pass --stack).`);
    const template = JSON.parse(fs.readFileSync(templateFile, 'utf8')) as TemplateLike;
    linking = settingsFromTemplate(
      template,
      values.region ?? process.env.AWS_REGION ?? placeholder('REGION')
    );
    clientSecret = SECRET_PLACEHOLDER;
  } else {
    linking = settingsFromOutputs(stackName, await deployedOutputs(deps.cloudFormation, stackName));
    clientSecret = await clientSecretOf(deps.cognito, linking);
  }

  const body = accountLinkingRequestBody(linking, clientSecret);
  // Mode 0600 on create, and again in case the file was already there with looser permissions.
  fs.writeFileSync(outFile, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(outFile, 0o600);
  ensureGitIgnored(deps.cwd, values.out as string);

  const relative = path.relative(deps.cwd, outFile);
  deps.print(`Wrote ${relative} (mode 0600, git-ignored) for skill ${linking.skillId}.`);
  const placeholders = JSON.stringify(body).match(/REPLACE_WITH_[A-Za-z0-9_]+/g) ?? [];
  if (placeholders.length > 0)
    deps.print(`Replace before use: ${[...new Set(placeholders)].join(', ')}.`);
  deps.print(`Next: ${askCliCommand(linking.skillId, relative, values.stage)}`);
  return 0;
}
