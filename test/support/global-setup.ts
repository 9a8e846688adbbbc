/**
 * Once per `jest` run, before any worker starts (workers inherit the environment set here):
 * - every temp dir of the run lives in one directory that global-teardown.ts removes, so a run
 *   leaves nothing behind in the system temp dir (each CDK App without an outdir makes one);
 * - the AWS SDK's Node.js support notice is said once here instead of once per test file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const RUN_TMPDIR_ENV = 'ALEXA_ACCOUNT_LINKING_TEST_TMPDIR';

export default function globalSetup(): void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alexa-account-linking-test-'));
  process.env[RUN_TMPDIR_ENV] = runDir;
  process.env.TMPDIR = runDir;
  process.env.TMP = runDir;
  process.env.TEMP = runDir;

  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    process.stderr.write(
      `Note: Node.js ${process.version}. The AWS SDK for JavaScript v3 releases after January 2027 need Node.js 22 or newer; its warning is silenced in the tests.\n`
    );
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
