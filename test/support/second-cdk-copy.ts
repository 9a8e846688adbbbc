/**
 * A second copy of aws-cdk-lib on disk, in a temp dir's node_modules, loaded by path: what an app
 * that has its own aws-cdk-lib next to a library's copy holds. Files are hard-linked where the
 * file system allows (fast, no extra space), copied otherwise; `constructs` is shared, as npm
 * dedupes it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SecondCdkCopy {
  readonly cdk: typeof import('aws-cdk-lib');
  readonly cognito: typeof import('aws-cdk-lib/aws-cognito');
  readonly dir: string;
  remove(): void;
}

export function installSecondCdkCopy(): SecondCdkCopy {
  const source = path.dirname(require.resolve('aws-cdk-lib/package.json'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'second-cdk-copy-'));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  const target = path.join(modules, 'aws-cdk-lib');
  const linked = spawnSync('cp', ['-al', source, target]);
  if (linked.status !== 0) fs.cpSync(source, target, { recursive: true });
  // Its other dependencies (and constructs) are shared, as npm dedupes them.
  const { dependencies = {} } = JSON.parse(
    fs.readFileSync(path.join(source, 'package.json'), 'utf8')
  ) as { dependencies?: Record<string, string> };
  for (const name of ['constructs', ...Object.keys(dependencies)]) {
    if (fs.existsSync(path.join(source, 'node_modules', name))) continue; // bundled in the copy
    const link = path.join(modules, name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.dirname(require.resolve(`${name}/package.json`)), link);
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const cdk = require(target) as typeof import('aws-cdk-lib');
  const cognito = require(
    path.join(target, 'aws-cognito')
  ) as typeof import('aws-cdk-lib/aws-cognito');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { cdk, cognito, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
