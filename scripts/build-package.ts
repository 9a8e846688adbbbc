/**
 * npm run build (and so `npm pack`, through prepack): the package's dist/ from a clean slate.
 * - dist/lib/: lib/ compiled to CommonJS with .d.ts (tsconfig.build.json);
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
    "Builds the package's dist/ from a clean slate: lib/ compiled with its .d.ts files, and every",
    'Lambda bundle. npm pack runs it (prepack).',
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
  const { built, skipped } = await buildAllBundles(PACKAGE_BUNDLES_DIR);
  console.log(`dist/lib compiled; bundles in dist/bundles: ${built.join(', ')}`);
  if (skipped.length > 0) console.log(`not built (no such file yet): ${skipped.join(', ')}`);
}

if (commandLineOrExit('build', process.argv.slice(2), BUILD_COMMAND)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
