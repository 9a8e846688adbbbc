/** Pure helpers for the ASK CLI skill package: no constructs, no I/O. */

const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z]{2}-[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,140}$/;

export interface SkillManifest {
  manifest: { apis: { custom: { endpoint: { uri: string } } } } & Record<string, unknown>;
  manifestVersion: string;
}

/** The stack's outputs in the shape `cdk deploy --outputs-file` writes: `{ <stack name>: { <output>: value } }`. */
export type CdkOutputsFile = Record<string, Record<string, string>>;

/** The one stack's outputs in an outputs file, or a message saying which stack names were found. */
export function stackOutputs(file: CdkOutputsFile, stackName?: string): Record<string, string> {
  const names = Object.keys(file).filter((name) => 'SkillFunctionArn' in (file[name] ?? {}));
  const chosen = stackName ?? (names.length === 1 ? names[0] : undefined);
  const outputs = chosen === undefined ? undefined : file[chosen];
  if (outputs === undefined) {
    throw new Error(
      stackName === undefined
        ? `Expected exactly one stack with a SkillFunctionArn output, found ${names.length === 0 ? 'none' : names.join(', ')}; pass --stack <name>.`
        : `No stack named ${stackName} in the outputs file (found: ${Object.keys(file).join(', ') || 'none'}).`
    );
  }
  return outputs;
}

/** The manifest with its endpoint pointed at the skill function. */
export function withSkillEndpoint(manifest: SkillManifest, functionArn: string): SkillManifest {
  if (!LAMBDA_ARN.test(functionArn)) {
    throw new Error(
      `SkillFunctionArn is "${functionArn}"; expected a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>).`
    );
  }
  return {
    ...manifest,
    manifest: {
      ...manifest.manifest,
      apis: {
        ...manifest.manifest.apis,
        custom: { ...manifest.manifest.apis.custom, endpoint: { uri: functionArn } },
      },
    },
  };
}
