/**
 * The checks every `cdk synth` and `cdk deploy` of this app runs before anything is deployed:
 * CloudFormation's own validation (aws-cdk-lib's built-in plugin, taken over from the App so it
 * can be cached) and cdk-nag's AwsSolutions pack. Both go through the validation cache
 * (validation-cache.ts): their findings are printed on every synth, and computed again only when
 * the templates or the construct tree changed. Neither library is loaded on a cache hit.
 */
import * as path from 'node:path';
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { BUNDLE_CACHE_DIR } from '../skill-functions/bundle-recipe';
import { CachedValidationPlugin } from './validation-cache';

/** Beside the bundle cache, in node_modules/.cache: git never sees it, `npm ci` starts it afresh. */
export const VALIDATION_CACHE_DIR = path.join(BUNDLE_CACHE_DIR, 'validation');

/** cdk-nag's AwsSolutions pack names its reports so; a test holds it to the installed pack. */
export const AWS_SOLUTIONS_PLUGIN_NAME = 'AwsSolutions';
/** aws-cdk-lib's CloudFormationValidatePlugin.PLUGIN_NAME: the framework knows its reports by it. */
export const CLOUDFORMATION_VALIDATE_PLUGIN_NAME = 'CloudFormation Validate';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on a cache miss only */
const versionOf = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

export function cachedAwsSolutionsChecks(
  cacheDir: string = VALIDATION_CACHE_DIR
): CachedValidationPlugin {
  return new CachedValidationPlugin({
    name: AWS_SOLUTIONS_PLUGIN_NAME,
    cacheKey: `cdk-nag@${versionOf('cdk-nag')} AwsSolutionsChecks {}`,
    load: () => new (require('cdk-nag') as typeof import('cdk-nag')).AwsSolutionsChecks(),
    cacheDir,
  });
}

export function cachedCloudFormationValidation(
  cacheDir: string = VALIDATION_CACHE_DIR
): CachedValidationPlugin {
  return new CachedValidationPlugin({
    name: CLOUDFORMATION_VALIDATE_PLUGIN_NAME,
    // The engine, its schemas and its default rules ship inside aws-cdk-lib.
    cacheKey: `aws-cdk-lib@${versionOf('aws-cdk-lib')} CloudFormationValidatePlugin {}`,
    load: () =>
      new (require('aws-cdk-lib') as typeof import('aws-cdk-lib')).CloudFormationValidatePlugin(),
    cacheDir,
  });
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The plugins for `Validations.of(app).addPlugins(...)`, for an App built with
 * `builtinCloudFormationValidation: false`. `CDK_VALIDATION=false` (what `cdk synth
 * --no-validation` sets) turns CloudFormation's validation off, as it does the built-in one;
 * `nag: false` (`-c nag=false`) leaves cdk-nag out.
 */
export function appValidationPlugins(options: {
  readonly nag: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly cacheDir?: string;
}): IPolicyValidationPlugin[] {
  const env = options.env ?? process.env;
  return [
    ...(env.CDK_VALIDATION === 'false' ? [] : [cachedCloudFormationValidation(options.cacheDir)]),
    ...(options.nag ? [cachedAwsSolutionsChecks(options.cacheDir)] : []),
  ];
}
