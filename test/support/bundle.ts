/** The skill exactly as Lambda runs it: the esbuild bundle from a synthesized cloud assembly. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { newApp, settingsFrom } from './infra';

export interface SynthesizedSkill {
  readonly assemblyDir: string;
  readonly bundleDir: string;
  /** The function's environment as synthesized (tokens left as CloudFormation intrinsics). */
  readonly environment: Record<string, unknown>;
  readonly handlerName: string;
  /** The stack's synthesized CloudFormation template. */
  readonly template: SynthesizedTemplate;
  /** Every bundled function's asset directory, by the function's description. */
  readonly bundleDirsByDescription: Record<string, string>;
}

export interface SynthesizedTemplate {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** Synthesizes the real stack, with real esbuild bundling, into a fresh cloud assembly directory. */
export function synthesizeSkill(context: Record<string, unknown> = {}): SynthesizedSkill {
  const assemblyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk.out-'));
  const app = newApp({ bundle: true, outdir: assemblyDir });
  const stack = new AccountLinkingStack(app, 'AlexaAccountLinking-test', {
    settings: settingsFrom(context),
  });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as SynthesizedTemplate;
  const manifest = JSON.parse(
    fs.readFileSync(path.join(assemblyDir, `${stack.artifactId}.assets.json`), 'utf8')
  ) as { files: Record<string, { source: { path: string } }> };
  // Each function's code is the file asset whose hash names its S3 key.
  const bundleDirOf = (fn: SynthesizedTemplate['Resources'][string]) => {
    const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
    const asset = manifest.files[s3Key.replace(/\.zip$/, '')];
    if (!asset) throw new Error(`no asset for ${s3Key} in the assembly`);
    return path.join(assemblyDir, asset.source.path);
  };
  const functions = Object.values(template.Resources).filter(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      r.Properties.Code !== undefined &&
      'S3Key' in (r.Properties.Code as object)
  );
  const skillFn = functions.find((fn) =>
    String(fn.Properties.Description).startsWith('Alexa skill')
  );
  if (!skillFn) throw new Error('no skill function in the synthesized template');
  return {
    assemblyDir,
    bundleDir: bundleDirOf(skillFn),
    environment: (skillFn.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables,
    handlerName: skillFn.Properties.Handler as string,
    template,
    bundleDirsByDescription: Object.fromEntries(
      functions.map((fn) => [String(fn.Properties.Description), bundleDirOf(fn)])
    ),
  };
}

export type BundledHandler = (
  event: RequestEnvelope,
  context: unknown
) => Promise<ResponseEnvelope>;

/** Loads a fresh copy of the bundle with the given environment, as a new Lambda container would. */
export function loadBundledHandler(
  skill: Pick<SynthesizedSkill, 'bundleDir' | 'handlerName'>,
  env: Record<string, string>
): BundledHandler {
  const [file, exportName] = skill.handlerName.split('.') as [string, string];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let handler: BundledHandler | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = require(path.join(skill.bundleDir, `${file}.js`))[exportName] as BundledHandler;
    });
    if (!handler) throw new Error(`the bundle exports no ${exportName}`);
    return handler;
  } finally {
    process.env = saved;
  }
}
