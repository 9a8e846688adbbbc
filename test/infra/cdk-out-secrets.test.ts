/**
 * Synthesizes the real app (bin/app.ts, with the context in cdk.json, as `npm run synth` does) and
 * scans everything it writes: templates, bundled assets, source maps and manifests.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURE_SECRETS } from '../support/fixture-secrets';
import { LWA_CONTEXT, OIDC_CONTEXT, SIGN_IN_WITH } from '../support/infra';
import { mapWithLimit } from '../support/map-with-limit';
import { clientSecretReads, type Json } from '../support/template';

const root = path.join(__dirname, '..', '..');
/**
 * The quick start's app, the same app in automatic mode (with the settings custom resource), each
 * other linking server switched to with -c on the shipped cdk.json, and every sign-in provider
 * (signInWith given as the JSON string -c passes).
 */
const variants: Record<string, Record<string, unknown>> = {
  'cdk.json defaults': {},
  'automatic mode': { smapiCredentialsSecret: 'alexa/smapi-credentials' },
  'linkingServer=login-with-amazon': { ...LWA_CONTEXT },
  'linkingServer=oidc': { ...OIDC_CONTEXT },
  'signInWith every provider': { signInWith: JSON.stringify(SIGN_IN_WITH) },
  'a smart home skill': {
    skillType: 'smart-home',
    alexaEventsSecretName: 'alexa/events-credentials',
  },
  'app-to-app linking': {
    appToAppLinking: 'true',
    appToAppLinkingSecret: 'alexa/app-to-app-client',
    appRedirectUrls: 'https://app.example.com/alexa/linked',
  },
};
/** The secrets each variant names: they may appear only as names and dynamic references. */
const namedSecrets: Record<string, string[]> = {
  'linkingServer=login-with-amazon': ['alexa/lwa-linking'],
  'linkingServer=oidc': ['alexa/auth0-linking'],
  'signInWith every provider': Object.values(SIGN_IN_WITH).map((p) => p.clientSecretName),
  'app-to-app linking': ['alexa/app-to-app-client'],
  'a smart home skill': ['alexa/events-credentials'],
};
const outdirs: Record<string, string> = {};

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Shapes of secrets that must never be in a synthesized app. */
const SECRET_SHAPES: [string, RegExp][] = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['an AWS access key ID', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a JWT', /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+/],
  // A value of 8+ characters: the "..." in documentation strings is not a secret.
  // A Secrets Manager dynamic reference is resolved by CloudFormation at deploy time: not a value.
  ['a client secret value', /"client_?secret"\s*:\s*"(?!\{\{resolve:secretsmanager:)[^"]{8,}"/i],
  [
    'a read of the Cognito client secret',
    /DescribeCognitoUserPoolClient|UserPoolClient\.ClientSecret"\]/,
  ],
];

// Two child synths at a time: all at once took npm test past 3 GB resident (see docs/contributing/testing.md).
const SYNTHS_AT_ONCE = 2;

beforeAll(async () => {
  const { context } = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  // What the CDK CLI does for `cdk synth`: run the app with the context and an output directory.
  await mapWithLimit(Object.entries(variants), SYNTHS_AT_ONCE, async ([name, extra]) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk.out-scan-'));
    outdirs[name] = outdir;
    await promisify(execFile)(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
      cwd: root,
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ ...context, ...extra }),
      },
    });
  });
}, 240_000);

afterAll(() => {
  for (const outdir of Object.values(outdirs)) fs.rmSync(outdir, { recursive: true, force: true });
});

describe.each(Object.keys(variants))('cdk.out of the real app with %s', (variant) => {
  const dir = () => outdirs[variant] as string;

  test('holds templates, the bundled functions and manifests (the scan sees everything)', () => {
    const outdir = dir();
    const names = filesUnder(outdir).map((file) => path.relative(outdir, file));
    expect(names).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'AlexaAccountLinking-dev.template.json',
        'AlexaAccountLinking-dev.assets.json',
      ])
    );
    expect(
      names.filter((name) => /^asset\.[0-9a-f]{64}\/index\.js(\.map)?$/.test(name))
      // A second function: automatic mode's settings resource, the app-to-app endpoint's, or the
      // smart home skill's change reporter (its events secret is set).
    ).toHaveLength(
      ['automatic mode', 'app-to-app linking', 'a smart home skill'].includes(variant) ? 4 : 2
    );
  });

  test('contains no fixture secret and nothing shaped like a secret', () => {
    const outdir = dir();
    const findings: string[] = [];
    for (const file of filesUnder(outdir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const secret of FIXTURE_SECRETS)
        if (text.includes(secret))
          findings.push(`${path.relative(outdir, file)}: a fixture secret`);
      for (const [what, shape] of SECRET_SHAPES)
        if (shape.test(text)) findings.push(`${path.relative(outdir, file)}: ${what}`);
    }
    expect(findings).toEqual([]);
  });

  test('a named client secret reaches a template only as a Secrets Manager dynamic reference', () => {
    const template = fs.readFileSync(
      path.join(dir(), 'AlexaAccountLinking-dev.template.json'),
      'utf8'
    );
    const secretFields = [...template.matchAll(/"client_secret":\s*"([^"]*)"/g)].map((m) => m[1]);
    const names = namedSecrets[variant] ?? [];
    if (variant === 'signInWith every provider') {
      expect(secretFields).toEqual(
        names.map((name) => `{{resolve:secretsmanager:${name}:SecretString:clientSecret::}}`)
      );
    } else if (variant === 'a smart home skill') {
      // The smart home function and the change reporter read the events secret by name at run time.
      expect(secretFields).toEqual([]);
      for (const name of names) expect(template).toContain(`"ALEXA_EVENTS_SECRET_ID": "${name}"`);
    } else if (variant === 'app-to-app linking') {
      // The function reads the secret by name at run time: the name is all the template holds.
      expect(secretFields).toEqual([]);
      for (const name of names) expect(template).toContain(`"APP_TO_APP_SECRET_ID": "${name}"`);
    } else {
      // Login with Amazon and OIDC: the name is an output; no resource takes the secret.
      expect(secretFields).toEqual([]);
      for (const name of names) expect(template).toContain(`"Value": "${name}"`);
    }
  });

  test('no template reads the client secret', () => {
    for (const file of filesUnder(dir()).filter((f) => f.endsWith('.template.json'))) {
      expect(clientSecretReads(JSON.parse(fs.readFileSync(file, 'utf8')) as Json)).toEqual([]);
    }
  });

  test('the scan would find a leaked secret', () => {
    const leaked = `{"Outputs":{"S":{"Value":"${FIXTURE_SECRETS[0]}"}},"client_secret":"abcdefgh12","k":"-----BEGIN PRIVATE KEY-----"}`;
    const referenced =
      '{"client_secret": "{{resolve:secretsmanager:alexa/google:SecretString:clientSecret::}}"}';
    expect(SECRET_SHAPES.filter(([, shape]) => shape.test(referenced))).toEqual([]);
    expect(FIXTURE_SECRETS.some((secret) => leaked.includes(secret))).toBe(true);
    expect(SECRET_SHAPES.filter(([, shape]) => shape.test(leaked)).map(([what]) => what)).toEqual([
      'a private key',
      'a client secret value',
    ]);
  });
});
