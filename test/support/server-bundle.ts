/**
 * The skill bundled for one linking server, with the project's esbuild settings and the define
 * the stack uses, so that only that server's adapter is in it.
 */
import { buildSync } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  BUNDLE_SETTINGS,
  buildBundleSync,
  bundleEntry,
  entrySource,
} from '../../lib/skill-functions/bundle-recipe';
import type { LinkingServer } from '../../lambda/core/skill-config';

/** A string only each part's code contains, to tell from a minified bundle what is in it. */
export const CODE_MARKERS = {
  cognito: 'cognito-idp.',
  'login-with-amazon': 'auth/o2/tokeninfo',
  oidc: 'opaque access token refused',
  /** aws-jwt-verify (its key-set fetch): a JWT library only the JWT servers need. */
  'aws-jwt-verify': 'Status code is',
} as const;

/** A string only each server's settings checks contain: the form its own variables take. */
export const SETTINGS_MARKERS: Readonly<Record<LinkingServer, string>> = {
  cognito: "the sign-in domain's base URL",
  'login-with-amazon': "the security profile's client ID",
  oidc: 'the issuer exactly as the server writes it',
};

export interface ServerBundle {
  readonly bundleDir: string;
  readonly handlerName: string;
  readonly code: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  remove(): void;
}

/** Bundles the skill entry for `server` (or for every server, without a define). */
export function bundleSkillFor(server: LinkingServer | undefined): ServerBundle {
  const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), `skill-${server ?? 'all'}-`));
  const entry = bundleEntry('custom-skill');
  // A server's bundle is the one the stack deploys, from the one recipe; without a server, the
  // same settings (the entry's alias included) with no define: every adapter in one bundle, to
  // compare against.
  const outfile =
    server === undefined
      ? path.join(bundleDir, 'index.js')
      : buildBundleSync(entry, server, bundleDir);
  if (server === undefined) {
    buildSync({
      entryPoints: [entrySource(entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: BUNDLE_SETTINGS.target,
      minify: BUNDLE_SETTINGS.minify,
      sourcemap: BUNDLE_SETTINGS.sourceMap,
      sourcesContent: false,
      alias: { ...entry.alias },
      logLevel: 'error',
    });
  }
  const code = fs.readFileSync(outfile, 'utf8');
  return {
    bundleDir,
    handlerName: 'index.handler',
    code,
    bytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code).length,
    remove: () => fs.rmSync(bundleDir, { recursive: true, force: true }),
  };
}
