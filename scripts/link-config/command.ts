/**
 * npm run link-config: writes accountLinking.json, the body `ask smapi update-account-linking-info`
 * takes, from the deployed stack (outputs and the client secret, with the AWS SDK), or with
 * --from-cdk-out from the synthesized app (in --cdk-out, default cdk.out), without credentials
 * and with the secret as a placeholder. The file holds the client secret: see LINK_CONFIG_COMMAND
 * for how it is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  accountLinkingRequestBody,
  parseClientSecret,
} from '../../lambda/link-settings/account-linking-request';
import {
  askCliCommand,
  placeholder,
  settingsFromOutputs,
  settingsFromTemplate,
  type DeployedLinking,
  type TemplateLike,
} from './account-linking-settings';
import { helpText, oneOfOption, parseCommandLine, type CommandSpec } from '../cli';
import { synthesizedStacks, withCognitoRegion } from './cloud-assembly';
import {
  assertNotTracked,
  assertSafeTarget,
  gitStatusOf,
  ignoreSecretFile,
  writeSecretFile,
} from './secret-file';

export interface LinkConfigDependencies {
  readonly cloudFormation: CloudFormationClient;
  readonly cognito: CognitoIdentityProviderClient;
  /** Reads a Login with Amazon or OIDC stack's client secret. */
  readonly secrets?: SecretsManagerClient;
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

export const SERVER_SECRET_PLACEHOLDER = placeholder(
  'CLIENT_SECRET (the clientSecret field of the secret in the ClientSecretName stack output)'
);

/**
 * The linking server's client secret: from the Cognito app client, or for Login with Amazon and
 * OIDC from the Secrets Manager secret the ClientSecretName output names (`{"clientSecret"}`).
 */
export async function clientSecretFor(
  clients: { cognito: CognitoIdentityProviderClient; secrets?: SecretsManagerClient },
  linking: DeployedLinking
): Promise<string> {
  if (linking.linkingServer === 'cognito') return clientSecretOf(clients.cognito, linking);
  const secretName = linking.clientSecretName as string;
  if (!clients.secrets) throw new Error('A Secrets Manager client is needed for this stack.');
  const { SecretString } = await clients.secrets.send(
    new GetSecretValueCommand({ SecretId: secretName })
  );
  return parseClientSecret(SecretString, secretName);
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

export const SKILL_STAGES = ['development', 'live', 'certification'] as const;

export const LINK_CONFIG_COMMAND: CommandSpec = {
  usage: 'npm run link-config --',
  summary: [
    "Writes the body of `ask smapi update-account-linking-info` (the skill's account-linking settings)",
    'from the deployed stack: its outputs and the client secret, read with your AWS credentials.',
    'With --from-cdk-out it reads the synthesized app instead, needing no credentials, and leaves the',
    'client ID and secret as named placeholders. The file is written with mode 0600 through a temp',
    'file and a rename; a symbolic link or a file tracked by git is refused, and a file inside a git',
    'repository that git does not ignore is added to the top-level .gitignore.',
  ].join('\n'),
  options: {
    stack: {
      type: 'string',
      value: '<name>',
      description:
        'the stack (default: the one stack in cdk.out with --from-cdk-out, else AlexaAccountLinking-<stage from cdk.json>)',
    },
    out: {
      type: 'string',
      value: '<file>',
      default: 'accountLinking.json',
      description: 'where to write the body (it holds the client secret)',
    },
    'from-cdk-out': {
      type: 'boolean',
      default: false,
      description: 'read the synthesized app, without AWS credentials or a region',
    },
    'cdk-out': {
      type: 'string',
      value: '<dir>',
      default: 'cdk.out',
      description: 'the synthesized app to read with --from-cdk-out',
    },
    region: {
      type: 'string',
      value: '<region>',
      description:
        'with --from-cdk-out: the region you deploy to; it replaces the synthesized region in the sign-in URLs',
    },
    'skill-stage': {
      type: 'string',
      value: '<stage>',
      description: `one stage to write: ${SKILL_STAGES.join(', ')} (default: each stage the stack lists in its SkillStages output, one file each, else development)`,
    },
  },
  examples: [
    'npm run link-config',
    'npm run link-config -- --from-cdk-out --region eu-west-1 --out secrets/alexa-linking.json',
  ],
  renamed: { stage: '--skill-stage (development, live or certification)' },
};

export async function runLinkConfig(argv: string[], deps: LinkConfigDependencies): Promise<number> {
  const parsed = parseCommandLine(argv, LINK_CONFIG_COMMAND);
  if (parsed.help) {
    deps.print(helpText(LINK_CONFIG_COMMAND));
    return 0;
  }
  const values = parsed.values as {
    stack?: string;
    out: string;
    'from-cdk-out': boolean;
    'cdk-out': string;
    region?: string;
    'skill-stage'?: string;
  };
  const skillStage =
    values['skill-stage'] === undefined
      ? undefined
      : oneOfOption('skill-stage', values['skill-stage'], SKILL_STAGES);
  const outFile = path.resolve(deps.cwd, values.out);
  // Refused before anything is read or written (each stage's file is checked again below).
  assertSafeTarget(outFile);
  assertNotTracked(outFile, gitStatusOf(outFile));

  let linking: DeployedLinking;
  let clientSecret: string;
  let stackName: string;
  const notes: string[] = [];
  if (values['from-cdk-out']) {
    const assembly = path.resolve(deps.cwd, values['cdk-out']);
    const stacks = synthesizedStacks(assembly);
    const only = stacks.length === 1 ? stacks[0] : undefined;
    stackName = values.stack ?? only?.stackName ?? defaultStackName(deps.cwd);
    const synthesized = stacks.find((s) => s.stackName === stackName);
    const templateFile =
      synthesized?.templateFile ?? path.join(assembly, `${stackName}.template.json`);
    if (!fs.existsSync(templateFile)) {
      const known = stacks.map((s) => s.stackName);
      throw new Error(
        `${templateFile} not found: run npm run synth first${known.length > 0 ? `, or pass --stack with one of ${known.join(', ')}` : ' (or pass --stack)'}.`
      );
    }
    const template = JSON.parse(fs.readFileSync(templateFile, 'utf8')) as TemplateLike;
    const region =
      values.region ?? synthesized?.region ?? process.env.AWS_REGION ?? placeholder('REGION');
    linking = settingsFromTemplate(template, region);
    if (values.region && synthesized?.region && synthesized.region !== values.region) {
      // The CLI fixes a region at synthesis (us-east-1 when none is configured): --region wins.
      linking = JSON.parse(
        withCognitoRegion(JSON.stringify(linking), values.region)
      ) as DeployedLinking;
      notes.push(
        `The synthesized app is for ${synthesized.region}; the sign-in URLs use --region ${values.region}.`
      );
    } else if (!values.region && synthesized?.region) {
      notes.push(
        `Region ${synthesized.region}, from the synthesized app: pass --region if you deploy elsewhere.`
      );
    }
    clientSecret =
      linking.linkingServer === 'cognito' ? SECRET_PLACEHOLDER : SERVER_SECRET_PLACEHOLDER;
  } else {
    stackName = values.stack ?? defaultStackName(deps.cwd);
    linking = settingsFromOutputs(stackName, await deployedOutputs(deps.cloudFormation, stackName));
    clientSecret = await clientSecretFor(deps, linking);
  }

  const files = filesPerStage(linking, skillStage, outFile, stackName);
  for (const { file } of files) {
    assertSafeTarget(file);
    assertNotTracked(file, gitStatusOf(file));
  }
  const placeholders = new Set<string>();
  const commands: string[] = [];
  for (const { file, stage, extras, commandStage, client } of files) {
    // A stage with its own client: its ID, and its secret (read as the stack's is).
    const stageLinking = client ? { ...linking, clientId: client.clientId } : linking;
    const stageSecret = !client
      ? clientSecret
      : values['from-cdk-out']
        ? clientSecret
        : await clientSecretFor(deps, {
            ...stageLinking,
            clientSecretName: client.clientSecretName ?? linking.clientSecretName,
          });
    const body = accountLinkingRequestBody(stageLinking, stageSecret, extras);
    const git = gitStatusOf(file);
    writeSecretFile(file, `${JSON.stringify(body, null, 2)}\n`);
    const ignored = ignoreSecretFile(file, git, 'npm run link-config', deps.cwd);
    const relative = path.relative(deps.cwd, file);
    deps.print(
      `Wrote ${relative} (mode 0600; ${ignored}) for skill ${linking.skillId}${files.length > 1 ? `, stage ${stage}` : ''}.`
    );
    for (const found of JSON.stringify(body).match(/REPLACE_WITH_[A-Za-z0-9_]+/g) ?? [])
      placeholders.add(found);
    commands.push(`Next: ${askCliCommand(linking.skillId, relative, commandStage)}`);
  }
  for (const note of notes) deps.print(note);
  if (placeholders.size > 0) deps.print(`Replace before use: ${[...placeholders].join(', ')}.`);
  for (const command of commands) deps.print(command);
  return 0;
}

/**
 * One file per stage the stack lists (its own values in each), or the one stage --skill-stage
 * names. One file keeps --out's name; several get the stage before the extension
 * (accountLinking.live.json). An older stack lists no stage: development's body, for any stage.
 */
function filesPerStage(
  linking: DeployedLinking,
  skillStage: (typeof SKILL_STAGES)[number] | undefined,
  outFile: string,
  stackName: string
): {
  file: string;
  stage: string;
  commandStage: string;
  extras: DeployedLinking['stages'][number]['extras'];
  client?: DeployedLinking['stages'][number]['client'];
}[] {
  const listed = linking.stages;
  const onlyDefault = listed.length === 1 && listed[0]?.stage === 'development';
  if (skillStage !== undefined) {
    const chosen =
      listed.find((s) => s.stage === skillStage) ?? (onlyDefault ? listed[0] : undefined);
    if (!chosen) {
      throw new Error(
        `Stack ${stackName} describes the skill stage(s) ${listed.map((s) => s.stage).join(', ')} (its SkillStages output), not ${skillStage}: pass one of them, or add ${skillStage} to skillStages and deploy.`
      );
    }
    return [
      {
        file: outFile,
        stage: skillStage,
        commandStage: skillStage,
        extras: chosen.extras,
        client: chosen.client,
      },
    ];
  }
  if (listed.length === 1) {
    const only = listed[0] as DeployedLinking['stages'][number];
    return [
      {
        file: outFile,
        stage: only.stage,
        commandStage: only.stage,
        extras: only.extras,
        client: only.client,
      },
    ];
  }
  const { dir, name, ext } = path.parse(outFile);
  return listed.map(({ stage, extras, client }) => ({
    file: path.join(dir, `${name}.${stage}${ext || '.json'}`),
    stage,
    commandStage: stage,
    extras,
    client,
  }));
}
