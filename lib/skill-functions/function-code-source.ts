/**
 * Which code a skill function runs, decided from its props: the skill prebuilt in this package
 * (the default), the user's own entry file (bundled by the recipe), or ready Lambda code. Pure: the
 * file-system check and the current directory are passed in, and the code is any value (a
 * `lambda.Code` in the constructs), so this module needs neither aws-cdk-lib nor a disk.
 */
import * as path from 'node:path';
import { InvalidSettingError } from '../app-settings/invalid-setting-error';
import { ASK_SDK_MODEL_MODES, type AskSdkModelMode } from './ask-sdk-model-use';
import { BUNDLE_HANDLER } from './bundle-recipe';

/** The files esbuild bundles as an entry, as NodejsFunction accepts them. */
export const ENTRY_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

/** The code a skill function runs, and the handler Lambda calls in it. */
export type FunctionCodeSource<C> =
  | { readonly kind: 'prebuilt'; readonly handler: string }
  | {
      readonly kind: 'entry';
      readonly entry: string;
      readonly handler: string;
      readonly askSdkModel: AskSdkModelMode;
    }
  | { readonly kind: 'code'; readonly code: C; readonly handler: string };

/** The props that choose a skill function's code (see SkillFunctionCodeProps). */
export interface FunctionCodeChoice<C> {
  readonly entry?: string;
  readonly code?: C;
  readonly handler?: string;
  readonly askSdkModel?: string;
}

// Lambda's `<file>.<export>`: a file path without spaces, then a JavaScript identifier.
const HANDLER = /^[^\s]+\.[A-Za-z_$][\w$]*$/;
// A bundle is always index.js: only the export's name is the user's.
const ENTRY_HANDLER = /^index\.[A-Za-z_$][\w$]*$/;

/**
 * The code source the props ask for, or an InvalidSettingError naming the prop, the value received
 * and the valid form: `entry` and `code` together, an entry that is not an existing file of a kind
 * esbuild bundles, a handler that does not fit the code, or an `askSdkModel` that is not a mode or
 * comes without `entry` (only a bundle built here can leave ask-sdk-model out).
 *
 * @param isFile whether an absolute path is an existing file
 * @param cwd the directory a relative `entry` starts from (where `cdk synth` runs)
 */
export function functionCodeSource<C>(
  props: FunctionCodeChoice<C>,
  isFile: (absolutePath: string) => boolean,
  cwd: string
): FunctionCodeSource<C> {
  const { entry, code, handler, askSdkModel } = props;
  if (entry !== undefined && code !== undefined) {
    throw new InvalidSettingError(
      'entry',
      entry,
      'entry or code, not both: entry is a handler file to bundle, code is ready Lambda code (lambda.Code)'
    );
  }
  if (entry !== undefined) {
    return {
      kind: 'entry',
      entry: entryFile(entry, isFile, cwd),
      handler: entryHandler(handler),
      askSdkModel: askSdkModelMode(askSdkModel),
    };
  }
  if (askSdkModel !== undefined) {
    throw new InvalidSettingError(
      'askSdkModel',
      askSdkModel,
      'no askSdkModel without entry: it chooses how your entry is bundled, and ready or prebuilt code is bundled already'
    );
  }
  if (code !== undefined) return { kind: 'code', code, handler: codeHandler(handler) };
  if (handler !== undefined) {
    throw new InvalidSettingError(
      'handler',
      handler,
      `no handler without entry or code: the prebuilt skill's handler is ${BUNDLE_HANDLER}`
    );
  }
  return { kind: 'prebuilt', handler: BUNDLE_HANDLER };
}

/** The entry's absolute path, when it names an existing file esbuild can bundle. */
function entryFile(entry: string, isFile: (absolutePath: string) => boolean, cwd: string): string {
  const what = `the path of your handler file (${ENTRY_EXTENSIONS.join(', ')}), absolute or relative to the directory cdk synth runs in`;
  // A blank entry resolves to cwd itself, which has no extension esbuild bundles: refused below.
  const absolute = path.resolve(cwd, entry);
  if (!ENTRY_EXTENSIONS.includes(path.extname(absolute))) {
    throw new InvalidSettingError('entry', entry, what);
  }
  if (!isFile(absolute)) {
    throw new InvalidSettingError(
      'entry',
      entry,
      `${what}; there is no file at ${absolute}${path.isAbsolute(entry) ? '' : ` (relative to ${cwd})`}`
    );
  }
  return absolute;
}

function askSdkModelMode(mode: string | undefined): AskSdkModelMode {
  if (mode === undefined) return 'auto';
  const known = ASK_SDK_MODEL_MODES.find((valid) => valid === mode);
  if (known === undefined) {
    throw new InvalidSettingError(
      'askSdkModel',
      mode,
      `one of ${ASK_SDK_MODEL_MODES.map((valid) => `'${valid}'`).join(', ')}`
    );
  }
  return known;
}

function entryHandler(handler: string | undefined): string {
  if (handler === undefined) return BUNDLE_HANDLER;
  if (!ENTRY_HANDLER.test(handler)) {
    throw new InvalidSettingError(
      'handler',
      handler,
      `"index.<export>" with entry, e.g. "index.main" for \`export const main = ...\` (the bundle is index.js)`
    );
  }
  return handler;
}

function codeHandler(handler: string | undefined): string {
  if (handler === undefined) return BUNDLE_HANDLER;
  if (!HANDLER.test(handler)) {
    throw new InvalidSettingError(
      'handler',
      handler,
      `"<file>.<export>" in the code, e.g. "index.handler" or "src/app.main"`
    );
  }
  return handler;
}
