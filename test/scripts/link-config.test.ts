import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { describeFailure } from '../../scripts/aws-errors';
import { SECRET_PLACEHOLDER, runLinkConfig } from '../../scripts/link-config/command';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { describeStacksAnswer } from '../support/cloudformation-fixtures';
import { COGNITO_FIXTURE_CLIENT_SECRET } from '../support/fixture-secrets';
import { SKILL_ID, VENDOR_ID, newApp, settingsFrom } from '../support/infra';

const cloudFormation = mockClient(CloudFormationClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const DOMAIN = 'https://acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com';
const OUTPUTS = {
  AuthorizationUri: `${DOMAIN}/oauth2/authorize`,
  AccessTokenUri: `${DOMAIN}/oauth2/token`,
  ClientId: 'alexaclientid123',
  Scopes: 'openid,email,profile',
  DomainList: 'acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com',
  SkillId: SKILL_ID,
  UserPoolId: 'eu-west-1_Pool1',
  AlexaRedirectUrls: `https://pitangui.amazon.com/api/skill/link/${VENDOR_ID}`,
  AuthenticationScheme: 'HTTP Basic',
};
const EXPECTED_BODY = {
  accountLinkingRequest: {
    type: 'AUTH_CODE',
    authorizationUrl: OUTPUTS.AuthorizationUri,
    accessTokenUrl: OUTPUTS.AccessTokenUri,
    clientId: OUTPUTS.ClientId,
    clientSecret: COGNITO_FIXTURE_CLIENT_SECRET,
    accessTokenScheme: 'HTTP_BASIC',
    scopes: ['openid', 'email', 'profile'],
    domains: [OUTPUTS.DomainList],
  },
};

let cwd: string;
let printed: string[];
const deps = () => ({
  cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
  cognito: new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
  cwd,
  print: (line: string) => printed.push(line),
});

beforeEach(() => {
  cloudFormation.reset();
  cognito.reset();
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'link-config-'));
  fs.writeFileSync(path.join(cwd, 'cdk.json'), JSON.stringify({ context: { stage: 'prod' } }));
  fs.writeFileSync(path.join(cwd, '.gitignore'), 'node_modules/\n');
  printed = [];
  cloudFormation
    .on(DescribeStacksCommand, { StackName: 'AlexaAccountLinking-prod' })
    .resolves(describeStacksAnswer('AlexaAccountLinking-prod', OUTPUTS));
  cognito
    .on(DescribeUserPoolClientCommand, {
      UserPoolId: 'eu-west-1_Pool1',
      ClientId: 'alexaclientid123',
    })
    .resolves({
      UserPoolClient: { ClientId: 'alexaclientid123', ClientSecret: COGNITO_FIXTURE_CLIENT_SECRET },
    });
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

const readBody = () =>
  JSON.parse(fs.readFileSync(path.join(cwd, 'accountLinking.json'), 'utf8')) as unknown;
const modeOf = (file: string) => fs.statSync(path.join(cwd, file)).mode & 0o777;

describe('npm run link-config', () => {
  test("writes the ASK CLI body from the deployed stack (stack name from cdk.json's stage), mode 0600, git-ignored", async () => {
    expect(await runLinkConfig([], deps())).toBe(0);
    expect(readBody()).toEqual(EXPECTED_BODY);
    expect(modeOf('accountLinking.json')).toBe(0o600);
    expect(fs.readFileSync(path.join(cwd, '.gitignore'), 'utf8')).toBe(
      'node_modules/\n# Holds the Alexa client secret (npm run link-config)\naccountLinking.json\n'
    );
    expect(printed).toEqual([
      `Wrote accountLinking.json (mode 0600, git-ignored) for skill ${SKILL_ID}.`,
      `Next: ask smapi update-account-linking-info -s ${SKILL_ID} -g development --account-linking-request file:accountLinking.json`,
    ]);
    // The secret is in the file only: never printed.
    expect(printed.join('\n')).not.toContain(COGNITO_FIXTURE_CLIENT_SECRET);
  });

  test('tightens an existing file to 0600 and does not add the .gitignore line twice', async () => {
    fs.writeFileSync(path.join(cwd, 'accountLinking.json'), '{}', { mode: 0o644 });
    await runLinkConfig([], deps());
    await runLinkConfig([], deps());
    expect(modeOf('accountLinking.json')).toBe(0o600);
    expect(
      fs.readFileSync(path.join(cwd, '.gitignore'), 'utf8').match(/^accountLinking\.json$/gm)
    ).toHaveLength(1);
  });

  test('--stack and --out choose the stack and the file', async () => {
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'Other' })
      .resolves(describeStacksAnswer('Other', OUTPUTS));
    await runLinkConfig(['--stack', 'Other', '--out', 'other.json'], deps());
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'other.json'), 'utf8'))).toEqual(
      EXPECTED_BODY
    );
    expect(printed.at(-1)).toContain('file:other.json');
  });

  test('fails when the stack lacks the outputs, naming them', async () => {
    expect.assertions(1);
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(describeStacksAnswer('AlexaAccountLinking-prod', {}));
    await expect(runLinkConfig([], deps())).rejects.toThrow(
      /Stack AlexaAccountLinking-prod has no AuthorizationUri, AccessTokenUri, ClientId/
    );
  });

  test('--from-cdk-out builds the file from the synthesized app without credentials, with placeholders it names', async () => {
    const assembly = path.join(cwd, 'cdk.out');
    const app = newApp({ outdir: assembly });
    new AccountLinkingStack(app, 'AlexaAccountLinking-test', { settings: settingsFrom() });
    app.synth();

    await runLinkConfig(
      ['--from-cdk-out', '--stack', 'AlexaAccountLinking-test', '--region', 'eu-west-1'],
      deps()
    );
    expect(readBody()).toEqual({
      accountLinkingRequest: {
        type: 'AUTH_CODE',
        authorizationUrl:
          'https://acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
        accessTokenUrl: 'https://acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com/oauth2/token',
        clientId: 'REPLACE_WITH_ClientId_OUTPUT_AFTER_DEPLOY',
        clientSecret: SECRET_PLACEHOLDER,
        accessTokenScheme: 'HTTP_BASIC',
        scopes: ['openid', 'email', 'profile'],
        domains: ['acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com'],
      },
    });
    expect(printed).toContain(
      'Replace before use: REPLACE_WITH_ClientId_OUTPUT_AFTER_DEPLOY, REPLACE_WITH_CLIENT_SECRET.'
    );
    expect(cloudFormation.calls()).toHaveLength(0);
    expect(cognito.calls()).toHaveLength(0);
  });

  test('--from-cdk-out fails clearly without a synthesized app', async () => {
    expect.assertions(1);
    await expect(runLinkConfig(['--from-cdk-out', '--cdk-out', 'nowhere'], deps())).rejects.toThrow(
      /AlexaAccountLinking-prod\.template\.json not found: run npm run synth first/
    );
  });
});

describe('describeFailure', () => {
  test.each([
    [
      Object.assign(new Error('Region is missing'), { name: 'Error' }),
      'Region is missing: set AWS_REGION (or a region in your AWS profile).',
    ],
    [
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      /needs AWS credentials/,
    ],
    [
      Object.assign(new Error('Stack with id X does not exist'), { name: 'ValidationError' }),
      /deploy the stack first, or pass --stack <name>/,
    ],
    [new Error('anything else'), 'anything else'],
  ])('%s', (error, expected) => {
    if (typeof expected === 'string') expect(describeFailure(error)).toBe(expected);
    else expect(describeFailure(error)).toMatch(expected);
  });
});
