/**
 * npm run decode-stack -- [bundle] < stack.txt
 *
 * Decodes a stack trace copied from a function's logs (CloudWatch) into lambda/*.ts positions.
 * The functions do not load their source maps at cold start (it would cost every cold start);
 * the map ships in the asset, and this applies it after the fact.
 *
 * [bundle] is a bundle name (custom-skill-cognito, link-settings, ...; default custom-skill-cognito)
 * rebuilt by the package's recipe, or a directory holding index.js.map (e.g. a cdk.out asset).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SourceMapPayload } from 'node:module';
import {
  BUNDLE_ENTRIES,
  LINKING_SERVERS,
  buildBundle,
  bundleName,
} from '../lib/skill-functions/bundle-recipe';
import { decodeStack } from './decode-stack/decode';

const USAGE = `Usage: npm run decode-stack -- [bundle name | directory with index.js.map] < stack.txt
Bundles: ${BUNDLE_ENTRIES.flatMap((e) => (e.perLinkingServer ? LINKING_SERVERS.map((s) => bundleName(e, s)) : [e.name])).join(', ')}
Example: pbpaste | npm run decode-stack -- custom-skill-cognito`;

async function mapFor(target: string): Promise<SourceMapPayload> {
  if (fs.existsSync(path.join(target, 'index.js.map'))) {
    return JSON.parse(
      fs.readFileSync(path.join(target, 'index.js.map'), 'utf8')
    ) as SourceMapPayload;
  }
  for (const entry of BUNDLE_ENTRIES) {
    for (const server of LINKING_SERVERS) {
      if (bundleName(entry, server) !== target) continue;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decode-stack-'));
      try {
        await buildBundle(entry, server, dir);
        return JSON.parse(
          fs.readFileSync(path.join(dir, 'index.js.map'), 'utf8')
        ) as SourceMapPayload;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  throw new Error(`No bundle or directory with index.js.map named "${target}".\n${USAGE}`);
}

async function main(): Promise<void> {
  const [target = 'custom-skill-cognito'] = process.argv.slice(2);
  if (target === '--help' || target === '-h') {
    console.log(USAGE);
    return;
  }
  const map = await mapFor(target);
  const stack = fs.readFileSync(0, 'utf8');
  process.stdout.write(decodeStack(stack, map));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
