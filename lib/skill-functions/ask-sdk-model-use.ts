/**
 * Whether a bundle of a user's `entry` may leave ask-sdk-model out, decided from what esbuild
 * bundled. ask-sdk-core needs the package at run time only to build Alexa service clients, which it
 * does only for a skill with an API client (`withApiClient`); everything else in it is types. So a
 * bundle built with the stand-in (lambda/runtime/custom-skill/without-ask-sdk-model.ts) keeps it
 * unless some code of the bundle outside ask-sdk itself imports ask-sdk-model as a value or sets an
 * API client. Pure: the glue builds, reads the files and rebuilds when this says so.
 */

/** How a user's entry bundle gets ask-sdk-model (SkillFunctionCodeProps.askSdkModel). */
export const ASK_SDK_MODEL_MODES = ['auto', 'bundled', 'left-out'] as const;
/** `auto` (the stand-in unless something needs the real package), `bundled` or `left-out`. */
export type AskSdkModelMode = (typeof ASK_SDK_MODEL_MODES)[number];

/** One input file of a bundle, as esbuild's metafile lists it, with its text. */
export interface BundleInputFile {
  /** As the metafile names it: relative to the build's working directory, `/`-separated. */
  readonly path: string;
  /** The resolved paths of what it imports (after aliases), as the metafile lists them. */
  readonly imports: readonly string[];
  readonly contents: string;
}

// ask-sdk's own packages: ask-sdk-core defines withApiClient and builds the clients itself (only
// when an API client is set), and ask-sdk-model is what is replaced.
const ASK_SDK_PACKAGE = /(^|\/)node_modules\/ask-sdk-(core|runtime|model|model-runtime)\//;
// `withApiClient(...)` on a skill builder, or an `apiClient` handed to a skill configuration.
const SETS_API_CLIENT = /\b(withApiClient|apiClient)\b/;

/**
 * Why the real ask-sdk-model must be in the bundle (the first file that needs it, and how), or
 * undefined when the stand-in may stay. A false alarm (the word in a comment) only keeps the real
 * package, which is always safe.
 *
 * @param standIn the stand-in's path as the metafile names it
 */
export function askSdkModelNeededBy(
  inputs: readonly BundleInputFile[],
  standIn: string
): string | undefined {
  for (const input of inputs) {
    if (input.path === standIn || ASK_SDK_PACKAGE.test(input.path)) continue;
    if (input.imports.includes(standIn)) return `${input.path} imports ask-sdk-model`;
    if (SETS_API_CLIENT.test(input.contents)) return `${input.path} sets an API client`;
  }
  return undefined;
}
