/** Removes the run's temp directory (see global-setup.ts), whatever the tests left in it. */
import * as fs from 'node:fs';
import { RUN_TMPDIR_ENV } from './global-setup';

export default function globalTeardown(): void {
  const runDir = process.env[RUN_TMPDIR_ENV];
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
}
