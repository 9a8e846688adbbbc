/**
 * Bench rows for issue 11, each a ratio against a floor built in the same run:
 * - cold module init of every shipped function AS DEPLOYED: its bundle from a synthesized cloud
 *   assembly, in a fresh Node.js process with the environment its function has in the template
 *   (NODE_OPTIONS included), against its own floor bundle built by the same recipe;
 * - bundle sizes;
 * - `npm run synth` against synthesizing one empty stack through the same CLI and launcher, and
 *   what cdk-nag costs of it (the same synth with `-c nag=false`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { VALIDATION_CACHE_DIR } from '../../lib/rules/app-validations';
import { buildBundle } from '../../lib/skill-functions/bundle-recipe';

const ROOT = path.join(__dirname, '..', '..');

/** A floor per shipped function, matched on the function's description in the template. */
const FLOORS: { description: RegExp; name: string; source: string; floor: string }[] = [
  {
    description: /^Alexa skill: /,
    name: 'custom skill',
    source: 'scripts/bench/floor-entry.ts',
    floor: 'ask-sdk-core + aws-jwt-verify',
  },
  {
    description: /^Alexa skill \(smart home\)/,
    name: 'smart home',
    source: 'scripts/bench/smart-home-floor-entry.ts',
    floor: 'aws-jwt-verify + DynamoDB client',
  },
  {
    description: /^Token-exchange recorder/,
    name: 'token recorder',
    source: 'scripts/bench/token-recorder-floor-entry.ts',
    floor: 'a bare forwarding function',
  },
  {
    description: /account-linking settings/,
    name: 'link settings',
    source: 'scripts/bench/link-settings-floor-entry.ts',
    floor: 'the two AWS SDK clients',
  },
];

export interface DeployedFunction {
  readonly name: string;
  readonly floorName: string;
  readonly file: string;
  readonly floorFile: string;
  /** The function's environment from the template, tokens replaced by the bench's values. */
  readonly environment: Record<string, string>;
}

type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};

/**
 * Synthesizes the real stack (automatic mode, so every function is in it) with real bundling,
 * and pairs each function's bundle with its floor. `tokenValues` stands in for the values
 * CloudFormation fills in at deploy time (pool ID, client ID, sign-in URL).
 */
export async function deployedFunctions(
  workDir: string,
  context: Record<string, unknown>,
  tokenValues: Record<string, string>
): Promise<DeployedFunction[]> {
  const outdir = path.join(workDir, 'cdk.out');
  const app = new App({ outdir });
  const settings = readAppSettings((key) => context[key]);
  const stack = new AccountLinkingStack(app, 'BenchStack', { settings });
  const template = app.synth().getStackByName(stack.stackName).template as Template;
  const assets = JSON.parse(
    fs.readFileSync(path.join(outdir, `${stack.artifactId}.assets.json`), 'utf8')
  ) as { files: Record<string, { source: { path: string } }> };

  const functions = Object.values(template.Resources).filter(
    (r) => r.Type === 'AWS::Lambda::Function' && 'S3Key' in (r.Properties.Code as object)
  );
  const deployed: DeployedFunction[] = [];
  for (const fn of functions) {
    const description = String(fn.Properties.Description);
    // CDK's own Provider framework function is not shipped code of this project.
    if (description.startsWith('AWS CDK resource provider framework')) continue;
    const floor = FLOORS.find((f) => f.description.test(description));
    if (!floor)
      throw new Error(`No bench floor for the function "${description}": add one to FLOORS`);
    const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
    const asset = assets.files[s3Key.replace(/\.zip$/, '')];
    if (!asset) throw new Error(`No asset for ${s3Key}`);
    const variables =
      (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables ?? {};
    const environment = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => {
        if (typeof value === 'string') return [key, value];
        const stand = tokenValues[key];
        if (stand === undefined) throw new Error(`No bench value for the token in ${key}`);
        return [key, stand];
      })
    );
    const floorFile = await buildBundle(
      {
        name: `bench-floor-${floor.name.replace(/ /g, '-')}`,
        source: floor.source,
        perLinkingServer: false,
      },
      'cognito',
      path.join(workDir, `floor-${floor.name.replace(/ /g, '-')}`)
    );
    deployed.push({
      name: floor.name,
      floorName: floor.floor,
      file: path.join(outdir, asset.source.path, 'index.js'),
      floorFile,
      environment,
    });
  }
  return deployed;
}

/**
 * Module-init time of a bundle in a fresh process, as a Lambda cold start pays it (Node's own
 * start excluded). NODE_OPTIONS, when the environment has it, applies as in Lambda.
 */
export function coldInitMs(file: string, env: Record<string, string>): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stderr.write('\\ncold-init-ms='+Number(process.hrtime.bigint()-t)/1e6)`;
  const { NODE_OPTIONS: _inherited, ...parentEnv } = process.env;
  const result = spawnSync(process.execPath, ['-e', script], {
    env: { ...parentEnv, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cold start of ${file} failed (exit ${result.status})`);
  // Anything else the bundle prints (e.g. an SDK notice, emitted on a later tick) is ignored.
  const match = /cold-init-ms=([\d.]+)/.exec(result.stderr);
  if (!match) throw new Error(`cold start of ${file} printed no timing`);
  return Number(match[1]);
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/** Medians of alternating samples of each measure, so machine noise falls on all alike. */
export function alternating(samples: number, measures: (() => number)[]): number[] {
  return alternatingSamples(samples, measures).map(median);
}

/** Every sample of each measure, taken in alternation. */
export function alternatingSamples(samples: number, measures: (() => number)[]): number[][] {
  const results = measures.map(() => [] as number[]);
  for (let i = 0; i < samples; i += 1) {
    measures.forEach((measure, index) => results[index]?.push(measure()));
  }
  return results;
}

/**
 * Ours against the floor from alternating pairs: the median of each pair's ratio. A pair's two
 * runs are taken back to back, so a burst of load on a shared machine hits both; the ratio of
 * two medians taken over minutes would not cancel it.
 */
export function pairedRatio(ours: number[], floor: number[]): number {
  return median(ours.map((value, i) => value / (floor[i] ?? NaN)));
}

function cdkSynthSeconds(args: string[], outdir: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'cdk'),
    ['synth', '--quiet', '--no-notices', '-o', outdir, ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`cdk synth ${args.join(' ')} failed:\n${result.stderr}`);
  return seconds;
}

/**
 * `npm run synth` (the app command in cdk.json) and one empty stack launched the same way, both
 * through the project's CDK CLI, in alternating runs. Ours runs as a user's repeated synth does:
 * bundles and validation reports cached from the previous run (an untimed run fills the caches
 * first). `cold` is the first synth after a change: no cached report for its templates, so
 * CloudFormation's validation and cdk-nag run in full (bundles stay cached: a change to the
 * stack's code does not rebuild them).
 */
export function synthSeconds(
  samples: number,
  workDir: string
): {
  ours: number;
  withoutNag: number;
  cold: number;
  coldWithoutNag: number;
  floor: number;
  ratio: number;
  ratioWithoutNag: number;
  ratioCold: number;
  ratioColdWithoutNag: number;
} {
  // A first synth after a change finds no report for its templates: each cold run removes the
  // reports it wrote, leaving the ones the repeated runs replay.
  const reportFiles = () =>
    fs.existsSync(VALIDATION_CACHE_DIR) ? fs.readdirSync(VALIDATION_CACHE_DIR) : [];
  const coldSynth = (args: string[], outdir: string) => {
    const before = new Set(reportFiles());
    const seconds = cdkSynthSeconds(args, path.join(workDir, outdir));
    for (const file of reportFiles()) {
      if (!before.has(file)) fs.rmSync(path.join(VALIDATION_CACHE_DIR, file), { force: true });
    }
    return seconds;
  };
  // Untimed first runs fill the caches a user's earlier synth would have filled.
  cdkSynthSeconds([], path.join(workDir, 'synth-ours'));
  cdkSynthSeconds(['-c', 'nag=false'], path.join(workDir, 'synth-ours-without-nag'));
  const [ours = [], withoutNag = [], cold = [], coldWithoutNag = [], floor = []] =
    alternatingSamples(samples, [
      () => cdkSynthSeconds([], path.join(workDir, 'synth-ours')),
      () => cdkSynthSeconds(['-c', 'nag=false'], path.join(workDir, 'synth-ours-without-nag')),
      () => coldSynth([], 'synth-ours-cold'),
      () => coldSynth(['-c', 'nag=false'], 'synth-ours-cold-without-nag'),
      () =>
        cdkSynthSeconds(
          ['--app', 'node --import tsx scripts/bench/empty-app.ts'],
          path.join(workDir, 'synth-floor')
        ),
    ]);
  return {
    ours: median(ours),
    withoutNag: median(withoutNag),
    cold: median(cold),
    coldWithoutNag: median(coldWithoutNag),
    floor: median(floor),
    ratio: pairedRatio(ours, floor),
    ratioWithoutNag: pairedRatio(withoutNag, floor),
    ratioCold: pairedRatio(cold, floor),
    ratioColdWithoutNag: pairedRatio(coldWithoutNag, floor),
  };
}
