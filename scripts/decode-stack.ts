/**
 * npm run decode-stack -- [bundle] < stack.txt (--help for the bundle names)
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
import { commandLineOrExit, type CommandSpec } from './cli';

const BUNDLE_NAMES = BUNDLE_ENTRIES.flatMap((e) =>
  e.perLinkingServer ? LINKING_SERVERS.map((s) => bundleName(e, s)) : [e.name]
);

const DECODE_STACK_COMMAND: CommandSpec = {
  usage: 'npm run decode-stack --',
  summary: [
    "Reads a stack trace copied from a function's logs on stdin and prints it with every",
    "index.js:line:column replaced by the lambda/*.ts position, through the bundle's source map.",
  ].join('\n'),
  argument: {
    name: '[bundle]',
    description: `a bundle rebuilt by the package's recipe (${BUNDLE_NAMES.join(', ')}; default custom-skill-cognito), or a directory holding index.js.map (a cdk.out asset)`,
  },
  options: {},
  examples: [
    'pbpaste | npm run decode-stack -- custom-skill-cognito',
    'npm run decode-stack -- cdk.out/asset.0123abcd < stack.txt',
  ],
};

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
  throw new Error(
    `No bundle or directory with index.js.map named "${target}": give one of ${BUNDLE_NAMES.join(', ')}, or a directory with index.js.map. Run with --help for the usage.`
  );
}

async function main(target: string): Promise<void> {
  const map = await mapFor(target);
  const stack = fs.readFileSync(0, 'utf8');
  process.stdout.write(decodeStack(stack, map));
}

const commandLine = commandLineOrExit('decode-stack', process.argv.slice(2), DECODE_STACK_COMMAND);
if (commandLine) {
  main(commandLine.argument ?? 'custom-skill-cognito').catch((error: unknown) => {
    console.error(`decode-stack: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
