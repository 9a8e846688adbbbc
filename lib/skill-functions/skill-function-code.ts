import * as fs from 'node:fs';
import { Code } from 'aws-cdk-lib/aws-lambda';
import type { AskSdkModelMode } from './ask-sdk-model-use';
import { cachedEntryBundleDir, type LinkingServerName } from './bundle-recipe';
import { bundledCode } from './bundled-code';
import { functionCodeSource } from './function-code-source';

/** The props SkillFunction and SmartHomeFunction share to run your code instead of theirs. */
export interface SkillFunctionCodeProps {
  /**
   * Your handler file (TypeScript or JavaScript), bundled at synth in this process by the same
   * esbuild recipe as the prebuilt skills (minified, source map in the asset, the linking server
   * folded in), never Docker, and cached until a file it imports changes. A relative path starts
   * from the directory `cdk synth` runs in. Needs `esbuild` installed in your app, as
   * NodejsFunction does.
   * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs.NodejsFunction.html
   * @default - the skill prebuilt in this package (the greeting skill, or the smart home lamp)
   */
  readonly entry?: string;

  /**
   * Ready Lambda code (`Code.fromAsset`, `Code.fromBucket`, ...), deployed as is; Node.js 24 on
   * arm64 runs it. Not with `entry`.
   * @see https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda.Code.html
   * @default - the skill prebuilt in this package, or `entry` bundled
   */
  readonly code?: Code;

  /**
   * The function Lambda calls, as `<file>.<export>`: with `entry`, `index.<export>` (the bundle is
   * index.js); with `code`, any file in it. Only with `entry` or `code`.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
   * @default 'index.handler'
   */
  readonly handler?: string;

  /**
   * Whether your `entry`'s bundle carries ask-sdk-model (61 KiB of minified code that every cold
   * start parses). ask-sdk-core runs it only to build Alexa service clients (Device Address,
   * Reminders, ...), which it does only for a skill with an API client. `auto` bundles a stand-in
   * instead, unless some code in the bundle (yours or a package's, ask-sdk's own aside) imports
   * ask-sdk-model as a value or mentions `withApiClient` / `apiClient`: then the real package.
   * `bundled` always keeps the real package; `left-out` always uses the stand-in, which throws,
   * naming this prop, if a service client is ever built. Type-only imports never count. Only with
   * `entry`.
   * @see https://developer.amazon.com/en-US/docs/alexa/alexa-skills-kit-sdk-for-nodejs/call-alexa-service-apis.html
   * @default 'auto'
   */
  readonly askSdkModel?: AskSdkModelMode;
}

/**
 * The code and handler the props ask for; throws an InvalidSettingError on a bad choice (checked
 * before any child is created). `prebuilt` is called only when neither `entry` nor `code` is given.
 */
export function skillFunctionCode(
  props: SkillFunctionCodeProps,
  prebuilt: { readonly entryName: string; readonly linkingServer: LinkingServerName }
): { readonly code: Code; readonly handler: string } {
  const source = functionCodeSource(props, isFile, process.cwd());
  switch (source.kind) {
    case 'prebuilt':
      return {
        code: bundledCode(prebuilt.entryName, prebuilt.linkingServer),
        handler: source.handler,
      };
    case 'entry':
      return {
        code: Code.fromAsset(
          cachedEntryBundleDir(source.entry, prebuilt.linkingServer, source.askSdkModel)
        ),
        handler: source.handler,
      };
    case 'code':
      return { code: source.code, handler: source.handler };
  }
}

function isFile(absolutePath: string): boolean {
  // The path is the app author's own `entry` prop, checked as NodejsFunction checks its entry.
  // eslint-disable-next-line security/detect-non-literal-fs-filename
  return fs.statSync(absolutePath, { throwIfNoEntry: false })?.isFile() ?? false;
}
