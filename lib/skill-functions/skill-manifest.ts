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
export interface ManifestEnvelope<Apis> {
  manifest: {
    /** The manifest format, inside `manifest` as Amazon's model has it; '1.0' is the only one. */
    manifestVersion: string;
    apis: Apis;
  } & Record<string, unknown>;
}

/** A skill.json as read from disk: this project once wrote `manifestVersion` beside `manifest`. */
export interface ManifestFile<Apis> {
  manifest: { manifestVersion?: string; apis: Apis } & Record<string, unknown>;
  manifestVersion?: string;
}

/** A custom skill's skill.json. */
export type SkillManifest = ManifestEnvelope<CustomSkillApis>;
/** A custom skill's skill.json as read from disk. */
export type SkillManifestFile = ManifestFile<CustomSkillApis>;

/**
 * The manifest with `manifestVersion` inside `manifest`, first, where Amazon's model and the ASK
 * CLI have it: one beside `manifest` (an unknown field there) is moved in, and a missing one is
 * the only version there is, '1.0'.
 */
export function withManifestVersionInside<Apis>(file: ManifestFile<Apis>): ManifestEnvelope<Apis> {
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

/** The output that holds each kind of skill's function ARN, as the stacks name it. */
export const FUNCTION_ARN_OUTPUTS = {
  custom: 'SkillFunctionArn',
  'smart-home': 'SmartHomeFunctionArn',
} as const;
export type SkillKind = keyof typeof FUNCTION_ARN_OUTPUTS;

/** The kind of skill a stack deployed, from which function ARN output it has. */
export function skillKindOf(outputs: Readonly<Record<string, string>>): SkillKind | undefined {
  if ('SkillFunctionArn' in outputs) return 'custom';
  if ('SmartHomeFunctionArn' in outputs) return 'smart-home';
  return undefined;
}

/**
 * The one stack's outputs in an outputs file (one with a SkillFunctionArn or SmartHomeFunctionArn
 * output), or a message saying which stack names were found.
 */
export function stackOutputs(file: CdkOutputsFile, stackName?: string): Record<string, string> {
  const names = Object.keys(file).filter((name) => skillKindOf(file[name] ?? {}) !== undefined);
  const chosen = stackName ?? (names.length === 1 ? names[0] : undefined);
  const outputs = chosen === undefined ? undefined : file[chosen];
  if (outputs === undefined) {
    throw new Error(
      stackName === undefined
        ? `Expected exactly one stack with a SkillFunctionArn or SmartHomeFunctionArn output, found ${names.length === 0 ? 'none' : names.join(', ')}; pass --stack <name>.`
        : `No stack named ${stackName} in the outputs file (found: ${Object.keys(file).join(', ') || 'none'}).`
    );
  }
  if (skillKindOf(outputs) === undefined) {
    throw new Error(
      `Stack ${chosen} has no SkillFunctionArn or SmartHomeFunctionArn output (found: ${Object.keys(outputs).join(', ') || 'none'}); pass --stack <name> of a stack this project deployed.`
    );
  }
  return outputs;
}

/** Throws unless `arn` is a Lambda function ARN; `output` names the output it came from. */
export function assertIsFunctionArn(output: string, arn: string): void {
  if (!LAMBDA_ARN.test(arn)) {
    throw new Error(
      `${output} is "${arn}"; expected a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>).`
    );
  }
}

/** The manifest with its endpoint pointed at the skill function. */
export function withSkillEndpoint(manifest: SkillManifest, functionArn: string): SkillManifest {
  assertIsFunctionArn('SkillFunctionArn', functionArn);
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
export const ALEXA_ENDPOINT_REGIONS = {
  NA: 'us-east-1',
  EU: 'eu-west-1',
  FE: 'us-west-2',
} as const;
export type AlexaEndpointRegion = keyof typeof ALEXA_ENDPOINT_REGIONS;
const REGIONAL_STACK = /^(.+)-(us-east-1|eu-west-1|us-west-2)$/;

/** Every skill function of one deployment: the home stack's and each regional stack's, by AWS region. */
export interface SkillFunctionArns {
  /** Which kind of skill the home stack deployed: the output the ARNs were read from. */
  readonly kind: SkillKind;
  readonly home: string;
  readonly byRegion: Readonly<Record<string, string>>;
  /** The home stack's outputs, for what else a manifest follows (AlexaEvents). */
  readonly homeOutputs: Readonly<Record<string, string>>;
}

const regionOfArn = (arn: string): string => arn.split(':')[3] ?? '';

/**
 * The skill function ARNs in an outputs file: the home stack (`stackName`, or the only stack that
 * is not a regional one) and its regional stacks, named `<home>-<region>` by bin/app.ts. The home
 * stack's function output (SkillFunctionArn or SmartHomeFunctionArn) says which output is read.
 */
export function skillFunctionArns(file: CdkOutputsFile, stackName?: string): SkillFunctionArns {
  const isRegionalOfPresent = (name: string) => {
    const match = REGIONAL_STACK.exec(name);
    return match !== null && (match[1] as string) in file;
  };
  const homes = Object.fromEntries(
    Object.entries(file).filter(([name]) => !isRegionalOfPresent(name) || name === stackName)
  );
  const homeOutputs = stackOutputs(homes, stackName);
  const homeName = stackName ?? Object.keys(homes).find((name) => homes[name] === homeOutputs);
  const kind = skillKindOf(homeOutputs) as SkillKind; // checked by stackOutputs
  const output = FUNCTION_ARN_OUTPUTS[kind];
  const home = homeOutputs[output] as string;
  const byRegion: Record<string, string> = { [regionOfArn(home)]: home };
  for (const [name, outputs] of Object.entries(file)) {
    const match = REGIONAL_STACK.exec(name);
    const arn = outputs[output];
    if (match && match[1] === homeName && arn) byRegion[match[2] as string] = arn;
  }
  return { kind, home, byRegion, homeOutputs };
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

/** The manifest each kind of skill starts from: the committed examples of this project. */
export const DEFAULT_MANIFESTS: Readonly<Record<SkillKind, string>> = {
  custom: 'skill-package/skill.json',
  'smart-home': 'skill-package-smart-home/skill.json',
};

const API_OF = { custom: 'custom', 'smart-home': 'smartHome' } as const;
const NAME_OF = { custom: 'custom', 'smart-home': 'smart home' } as const;

/**
 * Throws when the manifest is another kind of skill's than the stack deployed, so a custom skill's
 * skill.json never gains a smart home endpoint (or the reverse). A manifest with both APIs (a
 * skill with several capabilities) fits either.
 */
export function assertManifestIsFor(
  kind: SkillKind,
  file: { manifest: { apis?: unknown } },
  manifestName: string
): void {
  const apis = (file.manifest.apis ?? {}) as Record<string, unknown>;
  const other: SkillKind = kind === 'custom' ? 'smart-home' : 'custom';
  if (API_OF[other] in apis && !(API_OF[kind] in apis)) {
    throw new Error(
      `${manifestName} is a ${NAME_OF[other]} skill's manifest (apis.${API_OF[other]}), but the stack deployed a ${NAME_OF[kind]} skill (${FUNCTION_ARN_OUTPUTS[kind]}); pass --manifest ${DEFAULT_MANIFESTS[kind]}.`
    );
  }
}
