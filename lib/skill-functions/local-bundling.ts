import * as path from 'node:path';
import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How this project's functions are bundled, shared with the benchmark so it measures what
 * Lambda runs. The bundles also run in the tests on Node.js 20; nothing in them needs newer syntax.
 */
export const BUNDLE_SETTINGS = {
  target: 'node20',
  minify: true,
  sourceMap: true,
} as const;

/** The skill's entry point. */
export const SKILL_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'custom-skill', 'index.ts');

/**
 * NodejsFunction bundling with the local esbuild (a devDependency), never Docker: minified,
 * source maps without sources, CommonJS, and every dependency bundled (AWS SDK clients included,
 * pinned by this project's lockfile rather than the runtime's copy).
 */
export function localEsbuildBundling(): BundlingOptions {
  return {
    minify: BUNDLE_SETTINGS.minify,
    sourceMap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: false,
    target: BUNDLE_SETTINGS.target,
    format: OutputFormat.CJS,
    externalModules: [],
    forceDockerBundling: false,
    logLevel: LogLevel.ERROR,
  };
}
