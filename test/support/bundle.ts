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
  const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
  if (!fn) throw new Error('no Lambda function in the synthesized template');
  // The function's code is the file asset whose hash names its S3 key.
  const s3Key = (fn.Properties.Code as { S3Key: string }).S3Key;
  const manifest = JSON.parse(
    fs.readFileSync(path.join(assemblyDir, `${stack.artifactId}.assets.json`), 'utf8')
  ) as {
    files: Record<string, { source: { path: string } }>;
  };
  const asset = manifest.files[s3Key.replace(/\.zip$/, '')];
  if (!asset) throw new Error(`no asset for ${s3Key} in the assembly`);
  return {
    assemblyDir,
    bundleDir: path.join(assemblyDir, asset.source.path),
    environment: (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
    handlerName: fn.Properties.Handler as string,
    template,
  };
}

export type BundledHandler = (
  event: RequestEnvelope,
  context: unknown
) => Promise<ResponseEnvelope>;

/** Loads a fresh copy of the bundle with the given environment, as a new Lambda container would. */
export function loadBundledHandler(
  skill: SynthesizedSkill,
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
