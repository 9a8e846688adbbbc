/** Pure helpers for the ASK CLI skill package: no constructs, no I/O. */

const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z]{2}-[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,140}$/;

interface CustomSkillApis {
  custom: {
    endpoint: { uri: string };
    /** Per Alexa endpoint region; Alexa uses `endpoint` for a region not listed. */
    regions?: Partial<Record<'NA' | 'EU' | 'FE', { endpoint: { uri: string } }>>;
  };
}

/** skill.json as the ASK CLI reads it: Amazon's `v1.skill.Manifest.SkillManifestEnvelope`. */
export interface SkillManifest {
  manifest: {
    /** The manifest format, inside `manifest` as Amazon's model has it; '1.0' is the only one. */
    manifestVersion: string;
    apis: CustomSkillApis;
  } & Record<string, unknown>;
}

/** A skill.json as read from disk: this project once wrote `manifestVersion` beside `manifest`. */
export interface SkillManifestFile {
  manifest: { manifestVersion?: string; apis: CustomSkillApis } & Record<string, unknown>;
  manifestVersion?: string;
}

/**
 * The manifest with `manifestVersion` inside `manifest`, first, where Amazon's model and the ASK
 * CLI have it: one beside `manifest` (an unknown field there) is moved in, and a missing one is
 * the only version there is, '1.0'.
 */
export function withManifestVersionInside(file: SkillManifestFile): SkillManifest {
  const { manifestVersion: beside, ...envelope } = file;
  const { manifestVersion: inside, ...manifest } = envelope.manifest;
  return {
    ...envelope,
    // `apis` is in `manifest` already, in its place; named again for the type only.
    manifest: { manifestVersion: inside ?? beside ?? '1.0', ...manifest, apis: manifest.apis },
  };
}

/** The stack's outputs in the shape `cdk deploy --outputs-file` writes: `{ <stack name>: { <output>: value } }`. */
export type CdkOutputsFile = Record<string, Record<string, string>>;

/**
 * The one stack's outputs in an outputs file (one with a SkillFunctionArn output), or a message
 * saying which stack names were found, or that the stack is a smart home skill's.
 */
export function stackOutputs(file: CdkOutputsFile, stackName?: string): Record<string, string> {
  const names = Object.keys(file).filter((name) => 'SkillFunctionArn' in (file[name] ?? {}));
  const smartHome = Object.keys(file).filter((name) => isSmartHomeStack(file[name] ?? {}));
  const chosen =
    stackName ?? (names.length === 1 ? names[0] : names.length === 0 ? smartHome[0] : undefined);
  const outputs = chosen === undefined ? undefined : file[chosen];
  if (outputs === undefined) {
    throw new Error(
      stackName === undefined
        ? `Expected exactly one stack with a SkillFunctionArn output, found ${names.length === 0 ? 'none' : names.join(', ')}; pass --stack <name>.`
        : `No stack named ${stackName} in the outputs file (found: ${Object.keys(file).join(', ') || 'none'}).`
    );
  }
  if (isSmartHomeStack(outputs)) {
    throw new Error(
      `Stack ${chosen} is a smart home skill (a SmartHomeFunctionArn output, no SkillFunctionArn): this command writes custom skill manifests only. Put the SmartHomeFunctionArn output in skill.json yourself, at manifest.apis.smartHome.endpoint.uri and manifest.events.endpoint.uri.`
    );
  }
  if (!outputs.SkillFunctionArn) {
    throw new Error(
      `Stack ${chosen} has no SkillFunctionArn output (found: ${Object.keys(outputs).join(', ') || 'none'}); pass --stack <name> of a stack this project deployed.`
    );
  }
  return outputs;
}

const isSmartHomeStack = (outputs: Record<string, string>) =>
  'SmartHomeFunctionArn' in outputs && !('SkillFunctionArn' in outputs);

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

/** Alexa's endpoint regions, and the AWS region whose function answers each. */
const ALEXA_ENDPOINT_REGIONS = { NA: 'us-east-1', EU: 'eu-west-1', FE: 'us-west-2' } as const;
type AlexaEndpointRegion = keyof typeof ALEXA_ENDPOINT_REGIONS;
const REGIONAL_STACK = /^(.+)-(us-east-1|eu-west-1|us-west-2)$/;

/** Every skill function of one deployment: the home stack's and each regional stack's, by AWS region. */
export interface SkillFunctionArns {
  readonly home: string;
  readonly byRegion: Readonly<Record<string, string>>;
}

const regionOfArn = (arn: string): string => arn.split(':')[3] ?? '';

/**
 * The skill function ARNs in an outputs file: the home stack (`stackName`, or the only stack that
 * is not a regional one) and its regional stacks, named `<home>-<region>` by bin/app.ts.
 */
export function skillFunctionArns(file: CdkOutputsFile, stackName?: string): SkillFunctionArns {
  const isRegionalOfPresent = (name: string) => {
    const match = REGIONAL_STACK.exec(name);
    return match !== null && (match[1] as string) in file;
  };
  const homes = Object.fromEntries(
    Object.entries(file).filter(([name]) => !isRegionalOfPresent(name) || name === stackName)
  );
  const homeName =
    stackName ?? Object.keys(homes).find((name) => 'SkillFunctionArn' in (homes[name] ?? {}));
  const home = stackOutputs(homes, stackName).SkillFunctionArn as string; // checked there
  const byRegion: Record<string, string> = { [regionOfArn(home)]: home };
  for (const [name, outputs] of Object.entries(file)) {
    const match = REGIONAL_STACK.exec(name);
    if (match && match[1] === homeName && outputs.SkillFunctionArn) {
      byRegion[match[2] as string] = outputs.SkillFunctionArn;
    }
  }
  return { home, byRegion };
}

/**
 * The manifest pointed at the deployment's functions: the default endpoint at the home function,
 * and, when there are regional functions, `apis.custom.regions.NA/EU/FE` each at the function in
 * its AWS region (the home function where that region has none). Without regional functions any
 * old `regions` block is dropped, so no endpoint is left pointing at a deleted function. The skill
 * events endpoint (`events.endpoint`, and its `regions`) follows the same functions, and
 * `manifestVersion` goes inside `manifest` (see withManifestVersionInside).
 */
export function withSkillEndpoints(
  file: SkillManifestFile,
  arns: SkillFunctionArns
): SkillManifest {
  const manifest = withManifestVersionInside(file);
  const updated = withSkillEndpoint(manifest, arns.home);
  for (const arn of Object.values(arns.byRegion)) withSkillEndpoint(manifest, arn); // validates
  const { regions: _old, ...custom } = updated.manifest.apis
    .custom as typeof updated.manifest.apis.custom & {
    regions?: unknown;
  };
  const regional = Object.keys(arns.byRegion).length > 1;
  const regions = Object.fromEntries(
    (Object.keys(ALEXA_ENDPOINT_REGIONS) as AlexaEndpointRegion[]).map((alexaRegion) => [
      alexaRegion,
      { endpoint: { uri: arns.byRegion[ALEXA_ENDPOINT_REGIONS[alexaRegion]] ?? arns.home } },
    ])
  );
  // Skill events (SKILL_DISABLED and the others) go to the same functions.
  const events = updated.manifest.events as
    ({ endpoint?: { uri: string }; regions?: unknown } & Record<string, unknown>) | undefined;
  const { regions: _oldEventRegions, ...eventsRest } = events ?? {};
  return {
    ...updated,
    manifest: {
      ...updated.manifest,
      apis: { ...updated.manifest.apis, custom: regional ? { ...custom, regions } : custom },
      ...(events && {
        events: {
          ...eventsRest,
          endpoint: { uri: arns.home },
          ...(regional && { regions }),
        },
      }),
    },
  };
}
