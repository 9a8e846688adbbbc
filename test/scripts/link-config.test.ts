import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describeFailure } from '../../scripts/aws-errors';
import { SECRET_PLACEHOLDER, runLinkConfig } from '../../scripts/link-config/command';
import { gitIgnoreEntry } from '../../scripts/link-config/secret-file';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { describeStacksAnswer } from '../support/cloudformation-fixtures';
import { COGNITO_FIXTURE_CLIENT_SECRET } from '../support/fixture-secrets';
import {
  LWA_CONTEXT,
  OIDC_CONTEXT,
  SKILL_ID,
  VENDOR_ID,
  newApp,
  settingsFrom,
} from '../support/infra';
import { ACCOUNT_LINKING_REQUEST, smapiViolations } from '../support/smapi-model';

const cloudFormation = mockClient(CloudFormationClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const secrets = mockClient(SecretsManagerClient);
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
  secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
  cwd,
  print: (line: string) => printed.push(line),
});

beforeEach(() => {
  cloudFormation.reset();
  cognito.reset();
  secrets.reset();
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'link-config-'));
  fs.writeFileSync(path.join(cwd, 'cdk.json'), JSON.stringify({ context: { stage: 'prod' } }));
  fs.writeFileSync(path.join(cwd, '.gitignore'), 'node_modules/\n');
  git('init', '-q');
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

const git = (...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const gitignore = () => fs.readFileSync(path.join(cwd, '.gitignore'), 'utf8');
const readBody = () =>
  JSON.parse(fs.readFileSync(path.join(cwd, 'accountLinking.json'), 'utf8')) as unknown;
const modeOf = (file: string) => fs.statSync(path.join(cwd, file)).mode & 0o777;

describe('npm run link-config', () => {
  test("writes the ASK CLI body from the deployed stack (stack name from cdk.json's stage), mode 0600, git-ignored", async () => {
    expect(await runLinkConfig([], deps())).toBe(0);
    expect(readBody()).toEqual(EXPECTED_BODY);
    expect(smapiViolations(ACCOUNT_LINKING_REQUEST, readBody())).toEqual([]);
    expect(modeOf('accountLinking.json')).toBe(0o600);
    expect(gitignore()).toBe(
      'node_modules/\n# Holds a client secret (npm run link-config)\n/accountLinking.json\n'
    );
    // Git agrees.
    expect(git('check-ignore', 'accountLinking.json').trim()).toBe('accountLinking.json');
    expect(printed).toEqual([
      `Wrote accountLinking.json (mode 0600; added /accountLinking.json to .gitignore) for skill ${SKILL_ID}.`,
      `Next: ask smapi update-account-linking-info -s ${SKILL_ID} -g development --account-linking-request file:accountLinking.json`,
    ]);
    // The secret is in the file only: never printed.
    expect(printed.join('\n')).not.toContain(COGNITO_FIXTURE_CLIENT_SECRET);
    // No temp file is left behind.
    expect(fs.readdirSync(cwd).sort()).toEqual([
      '.git',
      '.gitignore',
      'accountLinking.json',
      'cdk.json',
    ]);
  });

  test('the file is 0600 from the moment it is created: a new file opened wx, in the same folder', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require('node:fs') as typeof fs;
    const original = realFs.openSync;
    const opened: { file: string; flags: unknown; mode: unknown; modeAtOpen: number }[] = [];
    const spy = jest.spyOn(realFs, 'openSync').mockImplementation(((
      file: fs.PathLike,
      flags?: fs.OpenMode,
      mode?: fs.Mode
    ) => {
      const fd = original(file, flags as fs.OpenMode, mode);
      opened.push({
        file: String(file),
        flags,
        mode,
        modeAtOpen: realFs.fstatSync(fd).mode & 0o777,
      });
      return fd;
    }) as typeof fs.openSync);
    try {
      await runLinkConfig([], deps());
    } finally {
      spy.mockRestore();
    }
    const writes = opened.filter((o) => o.file.startsWith(cwd) && !o.file.includes('.git/'));
    expect(writes).toEqual([
      {
        file: expect.stringMatching(/\/\.accountLinking\.json\.\d+\.[0-9a-f]{8}\.tmp$/),
        flags: 'wx',
        mode: 0o600,
        modeAtOpen: 0o600,
      },
    ]);
    expect(path.dirname(writes[0]?.file ?? '')).toBe(
      fs.realpathSync(cwd) === cwd ? cwd : path.dirname(writes[0]?.file ?? '')
    );
  });

  test('an existing 0644 file is replaced, never written to: a reader holding it open never sees the secret', async () => {
    const target = path.join(cwd, 'accountLinking.json');
    fs.writeFileSync(target, '{}', { mode: 0o644 });
    fs.chmodSync(target, 0o644);
    const reader = fs.openSync(target, 'r');
    try {
      await runLinkConfig([], deps());
      const buffer = Buffer.alloc(4096);
      const read = fs.readSync(reader, buffer, 0, buffer.length, 0);
      expect(buffer.subarray(0, read).toString('utf8')).toBe('{}');
    } finally {
      fs.closeSync(reader);
    }
    expect(modeOf('accountLinking.json')).toBe(0o600);
    expect(readBody()).toEqual(EXPECTED_BODY);
  });

  test('a second run finds the file git-ignored and does not add the line twice', async () => {
    await runLinkConfig([], deps());
    printed = [];
    await runLinkConfig([], deps());
    expect(gitignore().match(/^\/accountLinking\.json$/gm)).toHaveLength(1);
    expect(printed[0]).toBe(
      `Wrote accountLinking.json (mode 0600; already git-ignored) for skill ${SKILL_ID}.`
    );
  });

  test('fails when the target is a symbolic link, writing nothing anywhere', async () => {
    expect.assertions(3);
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'link-target-'));
    try {
      const target = path.join(elsewhere, 'stolen.json');
      fs.symlinkSync(target, path.join(cwd, 'accountLinking.json'));
      await expect(runLinkConfig([], deps())).rejects.toThrow(
        /accountLinking\.json is a symbolic link: the secret would be written to wherever it points/
      );
      expect(fs.existsSync(target)).toBe(false);
      expect(gitignore()).toBe('node_modules/\n');
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('fails when git tracks the target, leaving it untouched', async () => {
    expect.assertions(3);
    fs.writeFileSync(path.join(cwd, 'accountLinking.json'), '{"tracked": true}');
    git('add', 'accountLinking.json');
    await expect(runLinkConfig([], deps())).rejects.toThrow(
      /accountLinking\.json is tracked by git, so `git commit -a` would commit the secret/
    );
    expect(fs.readFileSync(path.join(cwd, 'accountLinking.json'), 'utf8')).toBe(
      '{"tracked": true}'
    );
    expect(cognito.calls()).toHaveLength(0);
  });

  test('--out outside any repository: the .gitignore is left alone, and the message says so', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'outside-'));
    try {
      const out = path.join(outside, 'linking.json');
      await runLinkConfig(['--out', out], deps());
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      expect(gitignore()).toBe('node_modules/\n');
      expect(printed[0]).toMatch(
        /\(mode 0600; not in a git repository: keep it out of version control yourself\)/
      );
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('--out in a subfolder, run from a subfolder of the repository: the entry is the path from the root', async () => {
    fs.mkdirSync(path.join(cwd, 'app', 'secrets'), { recursive: true });
    fs.writeFileSync(
      path.join(cwd, 'app', 'cdk.json'),
      JSON.stringify({ context: { stage: 'prod' } })
    );
    await runLinkConfig(['--out', 'secrets/alexa linking.json'], {
      ...deps(),
      cwd: path.join(cwd, 'app'),
    });
    expect(gitignore()).toContain('\n/app/secrets/alexa linking.json\n');
    expect(git('check-ignore', 'app/secrets/alexa linking.json').trim()).toBe(
      'app/secrets/alexa linking.json'
    );
    expect(printed[0]).toBe(
      `Wrote secrets/alexa linking.json (mode 0600; added /app/secrets/alexa linking.json to ../.gitignore) for skill ${SKILL_ID}.`
    );
  });

  test('a name git already ignores by a pattern: no edit', async () => {
    fs.writeFileSync(path.join(cwd, '.gitignore'), 'node_modules/\n*.secret.json\n');
    await runLinkConfig(['--out', 'alexa.secret.json'], deps());
    expect(gitignore()).toBe('node_modules/\n*.secret.json\n');
    expect(printed[0]).toMatch(/\(mode 0600; already git-ignored\)/);
  });

  test.each([
    ['a*b.json', '/a\\*b.json'],
    ['x/[y].json', '/x/\\[y\\].json'],
    ['trailing ', '/trailing\\ '],
  ])('gitIgnoreEntry(%j) matches only that path: %s', (name, entry) => {
    expect(gitIgnoreEntry(name)).toBe(entry);
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

  test('--from-cdk-out finds the one synthesized stack whatever its stage, and --region replaces the region the CLI fixed', async () => {
    // GIVEN an app synthesized as the CDK CLI does with no region configured (us-east-1), stage qa
    const assembly = path.join(cwd, 'cdk.out');
    const app = newApp({ outdir: assembly });
    new AccountLinkingStack(app, 'AlexaAccountLinking-qa', {
      settings: settingsFrom({ stage: 'qa' }),
      env: { region: 'us-east-1' },
    });
    app.synth();

    // WHEN link-config runs without --stack (cdk.json says prod) and without --region
    await runLinkConfig(['--from-cdk-out'], deps());
    // THEN it used the qa stack, said where the region came from
    const body = () => (readBody() as typeof EXPECTED_BODY).accountLinkingRequest;
    expect(body().authorizationUrl).toBe(
      'https://acme-alexa-sign-in.auth.us-east-1.amazoncognito.com/oauth2/authorize'
    );
    expect(printed).toContain(
      'Region us-east-1, from the synthesized app: pass --region if you deploy elsewhere.'
    );

    // WHEN --region is given
    printed = [];
    await runLinkConfig(['--from-cdk-out', '--region', 'eu-west-1'], deps());
    // THEN every sign-in URL and domain names that region
    expect(body()).toEqual(
      expect.objectContaining({
        authorizationUrl:
          'https://acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
        accessTokenUrl: 'https://acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com/oauth2/token',
        domains: ['acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com'],
      })
    );
    expect(JSON.stringify(readBody())).not.toContain('us-east-1');
    expect(printed).toContain(
      'The synthesized app is for us-east-1; the sign-in URLs use --region eu-west-1.'
    );
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('--from-cdk-out fails clearly without a synthesized app', async () => {
    expect.assertions(1);
    await expect(runLinkConfig(['--from-cdk-out', '--cdk-out', 'nowhere'], deps())).rejects.toThrow(
      /AlexaAccountLinking-prod\.template\.json not found: run npm run synth first/
    );
  });
});

describe('Login with Amazon and OIDC stacks', () => {
  test('the client secret comes from the secret the ClientSecretName output names, not from Cognito', async () => {
    const LINKING_SECRET = 'linking-server-fixture-secret-7d9f1b3d5f7a';
    cloudFormation.on(DescribeStacksCommand, { StackName: 'AlexaAccountLinking-prod' }).resolves(
      describeStacksAnswer('AlexaAccountLinking-prod', {
        LinkingServer: 'login-with-amazon',
        AuthorizationUri: 'https://www.amazon.com/ap/oa',
        AccessTokenUri: 'https://api.amazon.com/auth/o2/token',
        ClientId: 'amzn1.application-oa2-client.linking',
        Scopes: 'profile',
        DomainList: 'amazon.com',
        SkillId: SKILL_ID,
        AlexaRedirectUrls: OUTPUTS.AlexaRedirectUrls,
        ClientSecretName: 'alexa/linking-client',
        AuthenticationScheme: 'Credentials in request body',
      })
    );
    secrets
      .on(GetSecretValueCommand, { SecretId: 'alexa/linking-client' })
      .resolves({ SecretString: JSON.stringify({ clientSecret: LINKING_SECRET }) });
    await runLinkConfig([], deps());
    expect(readBody()).toEqual({
      accountLinkingRequest: {
        type: 'AUTH_CODE',
        authorizationUrl: 'https://www.amazon.com/ap/oa',
        accessTokenUrl: 'https://api.amazon.com/auth/o2/token',
        clientId: 'amzn1.application-oa2-client.linking',
        clientSecret: LINKING_SECRET,
        accessTokenScheme: 'REQUEST_BODY_CREDENTIALS',
        scopes: ['profile'],
        domains: ['amazon.com'],
      },
    });
    expect(smapiViolations(ACCOUNT_LINKING_REQUEST, readBody())).toEqual([]);
    expect(cognito.calls()).toHaveLength(0);
    expect(printed.join('\n')).not.toContain(LINKING_SECRET);
  });

  test('fails when an oidc stack lacks its ClientSecretName and Issuer outputs', async () => {
    expect.assertions(1);
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves(
        describeStacksAnswer('AlexaAccountLinking-prod', { ...OUTPUTS, LinkingServer: 'oidc' })
      );
    await expect(runLinkConfig([], deps())).rejects.toThrow(
      /Stack AlexaAccountLinking-prod has no ClientSecretName, Issuer output\(s\)/
    );
  });
});

describe("every linking server's body is what Amazon's model takes (update-account-linking-info)", () => {
  test.each([
    ['cognito', {}, 'https://acme-alexa-sign-in.auth.eu-west-1.amazoncognito.com/oauth2/token'],
    ['login-with-amazon', LWA_CONTEXT, 'https://api.amazon.com/auth/o2/token'],
    ['oidc', OIDC_CONTEXT, OIDC_CONTEXT.oidcTokenUrl],
  ])('%s, from the synthesized app', async (server, context, accessTokenUrl) => {
    // GIVEN the app synthesized for that linking server
    const app = newApp({ outdir: path.join(cwd, 'cdk.out') });
    new AccountLinkingStack(app, 'AlexaAccountLinking-prod', {
      settings: settingsFrom(context),
      env: { region: 'eu-west-1' },
    });
    app.synth();
    // WHEN link-config writes its body
    expect(await runLinkConfig(['--from-cdk-out'], deps())).toBe(0);
    // THEN it is that server's body, and the model finds nothing unknown, mistyped or misspelled
    const body = readBody() as typeof EXPECTED_BODY;
    expect(body.accountLinkingRequest).toEqual(
      expect.objectContaining({ type: 'AUTH_CODE', accessTokenUrl })
    );
    expect({ server, violations: smapiViolations(ACCOUNT_LINKING_REQUEST, body) }).toEqual({
      server,
      violations: [],
    });
  });
});

describe('one file per skill stage, with its optional fields', () => {
  const IOS = 'https://app.example.com/alexa/link';
  const REDIRECT = 'https://app.example.com/alexa/linked';
  const EXTRAS = {
    development: { skipOnEnablement: true, extraDomains: ['fonts.example.com'] },
    live: {
      skipOnEnablement: false,
      authorizationUrlsByPlatform: [{ platformType: 'iOS', platformAuthorizationUrl: IOS }],
      redirectUrls: [REDIRECT],
    },
  };
  const deployedWith = (outputs: Record<string, string>) =>
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'AlexaAccountLinking-prod' })
      .resolves(describeStacksAnswer('AlexaAccountLinking-prod', { ...OUTPUTS, ...outputs }));
  const bodyIn = (file: string) =>
    JSON.parse(fs.readFileSync(path.join(cwd, file), 'utf8')) as typeof EXPECTED_BODY;

  test('a stack with both stages: a file for each, its own fields, each git-ignored, a command for each', async () => {
    // GIVEN
    deployedWith({
      SkillStages: 'development,live',
      AccountLinkingRequestExtras: JSON.stringify(EXTRAS),
    });
    // WHEN
    expect(await runLinkConfig([], deps())).toBe(0);
    // THEN
    expect(bodyIn('accountLinking.development.json')).toEqual({
      accountLinkingRequest: {
        ...EXPECTED_BODY.accountLinkingRequest,
        domains: [OUTPUTS.DomainList, 'fonts.example.com'],
        skipOnEnablement: true,
      },
    });
    expect(bodyIn('accountLinking.live.json')).toEqual({
      accountLinkingRequest: {
        ...EXPECTED_BODY.accountLinkingRequest,
        skipOnEnablement: false,
        authorizationUrlsByPlatform: [{ platformType: 'iOS', platformAuthorizationUrl: IOS }],
        redirectUrls: [REDIRECT],
      },
    });
    for (const file of ['accountLinking.development.json', 'accountLinking.live.json']) {
      expect(smapiViolations(ACCOUNT_LINKING_REQUEST, bodyIn(file))).toEqual([]);
      expect(modeOf(file)).toBe(0o600);
      expect(git('check-ignore', file).trim()).toBe(file);
    }
    expect(fs.existsSync(path.join(cwd, 'accountLinking.json'))).toBe(false);
    expect(printed).toEqual([
      `Wrote accountLinking.development.json (mode 0600; added /accountLinking.development.json to .gitignore) for skill ${SKILL_ID}, stage development.`,
      `Wrote accountLinking.live.json (mode 0600; added /accountLinking.live.json to .gitignore) for skill ${SKILL_ID}, stage live.`,
      `Next: ask smapi update-account-linking-info -s ${SKILL_ID} -g development --account-linking-request file:accountLinking.development.json`,
      `Next: ask smapi update-account-linking-info -s ${SKILL_ID} -g live --account-linking-request file:accountLinking.live.json`,
    ]);
  });

  test('a stage with its own client: its file has that client ID and its secret, read from that client', async () => {
    // GIVEN a deployed stack whose live stage has a separate Cognito client
    deployedWith({
      SkillStages: 'development,live',
      StageClients: JSON.stringify({ live: { clientId: 'alexaliveclient9' } }),
    });
    const liveSecret = 'live-client-fixture-secret-2b4d6f';
    cognito
      .on(DescribeUserPoolClientCommand, {
        UserPoolId: 'eu-west-1_Pool1',
        ClientId: 'alexaliveclient9',
      })
      .resolves({ UserPoolClient: { ClientId: 'alexaliveclient9', ClientSecret: liveSecret } });
    // WHEN
    expect(await runLinkConfig([], deps())).toBe(0);
    // THEN development keeps the stack's client, live has its own
    expect(bodyIn('accountLinking.development.json')).toEqual(EXPECTED_BODY);
    expect(bodyIn('accountLinking.live.json')).toEqual({
      accountLinkingRequest: {
        ...EXPECTED_BODY.accountLinkingRequest,
        clientId: 'alexaliveclient9',
        clientSecret: liveSecret,
      },
    });
    for (const file of ['accountLinking.development.json', 'accountLinking.live.json'])
      expect(smapiViolations(ACCOUNT_LINKING_REQUEST, bodyIn(file))).toEqual([]);
    expect(printed.join('\n')).not.toContain(liveSecret);
  });

  test('a StageClients output that is not what the stack writes is refused', async () => {
    deployedWith({ SkillStages: 'development,live', StageClients: '{"live": {"id": 1}}' });
    await expect(runLinkConfig([], deps())).rejects.toThrow(
      /^Stack AlexaAccountLinking-prod has a StageClients output that is not \{"<stage>": \{"clientId": "\.\.\.", "clientSecretName"\?: "\.\.\."\}\}: was it edited by hand\?$/
    );
  });

  test('--skill-stage writes that one stage, to --out', async () => {
    deployedWith({
      SkillStages: 'development,live',
      AccountLinkingRequestExtras: JSON.stringify(EXTRAS),
    });
    await runLinkConfig(['--skill-stage', 'live', '--out', 'live.json'], deps());
    expect(bodyIn('live.json').accountLinkingRequest).toEqual(
      expect.objectContaining({ redirectUrls: [REDIRECT], skipOnEnablement: false })
    );
    expect(
      fs
        .readdirSync(cwd)
        .filter((f) => f.endsWith('.json'))
        .sort()
    ).toEqual(['cdk.json', 'live.json']);
    expect(printed.at(-1)).toContain(' -g live --account-linking-request file:live.json');
  });

  test('a stack listing the live stage alone: one file, for live', async () => {
    deployedWith({ SkillStages: 'live' });
    await runLinkConfig([], deps());
    expect(bodyIn('accountLinking.json')).toEqual(EXPECTED_BODY);
    expect(printed.at(-1)).toContain(' -g live ');
  });

  test.each([
    [
      { SkillStages: 'live' },
      ['--skill-stage', 'development'],
      /describes the skill stage\(s\) live \(its SkillStages output\), not development/,
    ],
    [
      { SkillStages: 'development,beta' },
      [],
      /has SkillStages output "development,beta"; expected development, live or development,live\./,
    ],
    [
      { SkillStages: 'live', AccountLinkingRequestExtras: '{live' },
      [],
      /AccountLinkingRequestExtras output that is not JSON/,
    ],
  ])('fails on outputs %j with %j, writing nothing', async (outputs, argv, message) => {
    expect.assertions(2);
    deployedWith(outputs);
    await expect(runLinkConfig(argv, deps())).rejects.toThrow(message);
    expect(fs.readdirSync(cwd).filter((f) => f.startsWith('accountLinking'))).toEqual([]);
  });

  test.each([
    ['cognito', { skipOnEnablement: 'true', accountLinkingDomains: 'fonts.example.com' }],
    [
      'login-with-amazon',
      { ...LWA_CONTEXT, voiceForwardAccountLinking: 'enabled', appLinkingAndroidUrl: IOS },
    ],
    [
      'oidc',
      { ...OIDC_CONTEXT, defaultTokenExpirationInSeconds: '3600', appRedirectUrls: REDIRECT },
    ],
  ])(
    '%s with the optional settings, from the synthesized app: every file is what the model takes',
    async (_, context) => {
      // GIVEN the app synthesized with both stages, live with its own Universal Link
      const app = newApp({ outdir: path.join(cwd, 'cdk.out') });
      new AccountLinkingStack(app, 'AlexaAccountLinking-prod', {
        settings: settingsFrom({
          ...context,
          skillStages: {
            development: {},
            live: { appLinkingIosUrl: 'https://live.example.com/link' },
          },
        }),
        env: { region: 'eu-west-1' },
      });
      app.synth();
      // WHEN
      expect(await runLinkConfig(['--from-cdk-out'], deps())).toBe(0);
      // THEN
      for (const stage of ['development', 'live']) {
        const body = bodyIn(`accountLinking.${stage}.json`);
        expect({ stage, violations: smapiViolations(ACCOUNT_LINKING_REQUEST, body) }).toEqual({
          stage,
          violations: [],
        });
      }
      const live = bodyIn('accountLinking.live.json').accountLinkingRequest as Record<
        string,
        unknown
      >;
      expect(live.authorizationUrlsByPlatform).toEqual(
        expect.arrayContaining([
          { platformType: 'iOS', platformAuthorizationUrl: 'https://live.example.com/link' },
        ])
      );
      const development = bodyIn('accountLinking.development.json').accountLinkingRequest as Record<
        string,
        unknown
      >;
      expect(development).not.toHaveProperty('authorizationUrlsByPlatform.0.platformType', 'iOS');
    }
  );
});

describe('the command line', () => {
  test('--help prints the usage, every option and an example, and writes nothing', async () => {
    expect(await runLinkConfig(['--help'], deps())).toBe(0);
    const help = printed.join('\n');
    expect(help).toMatch(/^Usage: npm run link-config -- \[options\]/);
    for (const option of [
      '--stack <name>',
      '--out <file>',
      '--from-cdk-out',
      '--cdk-out <dir>',
      '--region <region>',
      '--skill-stage <stage>',
      '--help',
    ])
      expect(help).toContain(option);
    expect(help).toMatch(/Examples?:\n {2}npm run link-config/);
    expect(fs.existsSync(path.join(cwd, 'accountLinking.json'))).toBe(false);
    expect(cloudFormation.calls()).toHaveLength(0);
  });

  test('--skill-stage sets the stage in the ask command', async () => {
    await runLinkConfig(['--skill-stage', 'live'], deps());
    expect(printed.at(-1)).toContain(' -g live ');
  });

  test.each([
    [
      ['--stage', 'live'],
      /Unknown option '--stage': it is now --skill-stage \(development, live or certification\)\. Run with --help/,
    ],
    [
      ['--skill-stage', 'prod'],
      /--skill-stage must be one of development, live, certification; received "prod"/,
    ],
    [['--bogus'], /Unknown option '--bogus'\. Run with --help to see the options\./],
  ])('fails on %j, saying what to type instead', async (argv, message) => {
    expect.assertions(2);
    await expect(runLinkConfig(argv, deps())).rejects.toThrow(message);
    expect(cloudFormation.calls()).toHaveLength(0);
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

  test.each([
    new Error('Region is missing'),
    Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    }),
  ])('link-config says --from-cdk-out works without a region or credentials (%s)', (error) => {
    expect(describeFailure(error, '--from-cdk-out')).toMatch(
      / Or run with --from-cdk-out, which needs neither\.$/
    );
  });
});
