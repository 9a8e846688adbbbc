/**
 * npm run build (and so `npm pack`, through prepack): the package's dist/ from a clean slate.
 * - dist/lib/: lib/ compiled to CommonJS with .d.ts (tsconfig.build.json);
 * - dist/lambda/: the runtime API (alexa-account-linking/runtime) and every module it imports,
 *   compiled to CommonJS with .d.ts by the same tsc run;
 * - dist/esm/lambda/: the same modules as ES modules, one file each (not bundled), for bundlers:
 *   with the package's `sideEffects: false` a bundle keeps only the modules it uses;
 * - dist/bundles/<name>/: every Lambda bundle, built by the one recipe the app, tests and bench use.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  PACKAGE_BUNDLES_DIR,
  SOURCE_ROOT,
  buildAllBundles,
} from '../lib/skill-functions/bundle-recipe';
import { commandLineOrExit, type CommandSpec } from './cli';

const BUILD_COMMAND: CommandSpec = {
  usage: 'npm run build --',
  summary: [
    "Builds the package's dist/ from a clean slate: lib/ and the runtime API compiled with their",
    '.d.ts files, the runtime as ES modules too, and every Lambda bundle. npm pack runs it (prepack).',
  ].join('\n'),
  options: {},
  examples: ['npm run build', 'npm pack'],
};

async function main(): Promise<void> {
  const dist = path.join(SOURCE_ROOT, 'dist');
  fs.rmSync(dist, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(SOURCE_ROOT, 'tsconfig.build.json')],
    { stdio: 'inherit' }
  );
  if (tsc.status !== 0) throw new Error(`tsc -p tsconfig.build.json exited with ${tsc.status}`);
  await buildRuntimeEsm(dist);
  const { built, skipped } = await buildAllBundles(PACKAGE_BUNDLES_DIR);
  console.log(`dist/lib compiled; bundles in dist/bundles: ${built.join(', ')}`);
  if (skipped.length > 0) console.log(`not built (no such file yet): ${skipped.join(', ')}`);
}

/**
 * The ES module build of the runtime: each CommonJS module tsc wrote to dist/lambda/ again from
 * its TypeScript source, as an ES module with the same relative imports. Not bundled, and no
 * define: the consumer's bundler folds `process.env.LINKING_SERVER` (lambda/verifiers/index.ts)
 * and keeps only the adapter of the server it is built for.
 */
async function buildRuntimeEsm(dist: string): Promise<void> {
  const compiled = fs
    .readdirSync(path.join(dist, 'lambda'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'));
  const sources = compiled.map((file) =>
    path.join(SOURCE_ROOT, 'lambda', file.replace(/\.js$/, '.ts'))
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a devDependency, build time only
  const esbuild = require('esbuild') as typeof import('esbuild');
  await esbuild.build({
    entryPoints: sources,
    outdir: path.join(dist, 'esm'),
    outbase: SOURCE_ROOT,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  // Bundlers read `sideEffects` from the nearest package.json, this one for dist/esm/: without it
  // here, every module the runtime index names stays in a bundle (ask-sdk-core, about 90 KiB, in
  // a smart home handler that never imports it).
  fs.writeFileSync(
    path.join(dist, 'esm', 'package.json'),
    `${JSON.stringify({ type: 'module', sideEffects: false })}\n`
  );
}

if (commandLineOrExit('build', process.argv.slice(2), BUILD_COMMAND)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
