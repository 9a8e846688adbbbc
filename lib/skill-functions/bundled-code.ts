import * as path from 'node:path';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  DEFAULT_LINKING_SERVER,
  SOURCE_ROOT,
  buildBundleSync,
  bundleEntry,
  bundleName,
  prebuiltBundleDir,
  type LinkingServerName,
} from './bundle-recipe';

/**
 * The code of one of the functions this project ships, built by the one recipe
 * (lib/skill-functions/bundle-recipe.ts):
 * - from the installed package: the prebuilt bundle shipped next to the compiled code, used as is
 *   (synth bundles nothing, and needs neither esbuild nor Docker);
 * - from this repository's TypeScript sources: bundled in this process with esbuild's JavaScript
 *   API, as CDK asset bundling, so `aws:cdk:bundling-stacks` can skip it like any bundling.
 *
 * @param entryName an entry of BUNDLE_ENTRIES, e.g. 'custom-skill'
 * @param linkingServer for per-server entries, the bundle holding only that server's adapter
 */
export function bundledCode(
  entryName: string,
  linkingServer: LinkingServerName = DEFAULT_LINKING_SERVER
): Code {
  const entry = bundleEntry(entryName);
  const name = bundleName(entry, linkingServer);
  const prebuilt = prebuiltBundleDir(name);
  if (prebuilt !== undefined) return Code.fromAsset(prebuilt);

  return Code.fromAsset(path.join(SOURCE_ROOT, 'lambda'), {
    bundling: {
      // Tells the bundles apart in CDK's asset cache and hashes, which cannot see inside tryBundle.
      environment: { ALEXA_ACCOUNT_LINKING_BUNDLE: name },
      local: {
        tryBundle(outputDir: string): boolean {
          buildBundleSync(entry, linkingServer, outputDir);
          return true;
        },
      },
      // Required by the type; never pulled, because local bundling always succeeds or throws.
      image: Runtime.NODEJS_24_X.bundlingImage,
    },
  });
}
