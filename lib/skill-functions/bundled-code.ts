import { Code } from 'aws-cdk-lib/aws-lambda';
import {
  DEFAULT_LINKING_SERVER,
  bundleEntry,
  cachedBundleDir,
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
 *   API into node_modules/.cache/, and rebuilt only when a file it was built from changes, so a
 *   synth after an unchanged one bundles nothing either.
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

  return Code.fromAsset(cachedBundleDir(entry, linkingServer));
}
