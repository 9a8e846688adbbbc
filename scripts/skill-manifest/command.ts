/**
 * npm run skill-manifest: points the skill manifest at the deployed skill function (a custom
 * skill's skill-package/skill.json, a smart home skill's skill-package-smart-home/skill.json), so
 * `ask deploy` publishes a skill that calls it. Reads the outputs file of
 * `cdk deploy --outputs-file cdk-outputs.json`. See SKILL_MANIFEST_COMMAND for the options.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  assertManifestIsFor,
  DEFAULT_MANIFESTS,
  skillFunctionArns,
  withSkillEndpoints,
  type CdkOutputsFile,
  type SkillFunctionArns,
  type SkillManifestFile,
} from '../../lib/skill-functions/skill-manifest';
import {
  alexaEventsOn,
  ASYNC_EVENT_PERMISSION,
  withSmartHomeEndpoints,
  type SmartHomeManifestFile,
} from '../../lib/skill-functions/smart-home-manifest';
import { helpText, parseCommandLine, type CommandSpec } from '../cli';

export const SKILL_MANIFEST_COMMAND: CommandSpec = {
  usage: 'npm run skill-manifest --',
  summary: [
    "Sets the skill manifest's endpoint to the deployed stack's function, read from the file",
    '`npx cdk deploy --outputs-file` writes: a custom skill (SkillFunctionArn output) in',
    'manifest.apis.custom, a smart home skill (SmartHomeFunctionArn) in manifest.apis.smartHome',
    '(protocol version 3, and the alexa::async_event:write permission when AlexaEvents is on).',
    'With skillRegions (`cdk deploy --all`), each Alexa region gets the function in its AWS region',
    '(regions.NA/EU/FE); the skill events endpoint follows the same functions.',
    'Needs no AWS credentials.',
  ].join('\n'),
  options: {
    'outputs-file': {
      type: 'string',
      value: '<file>',
      default: 'cdk-outputs.json',
      description: 'the outputs file written by cdk deploy --outputs-file',
    },
    stack: {
      type: 'string',
      value: '<name>',
      description:
        'the stack in the outputs file (default: the one with a SkillFunctionArn or SmartHomeFunctionArn output)',
    },
    manifest: {
      type: 'string',
      value: '<file>',
      description: `the skill manifest to update (default: ${DEFAULT_MANIFESTS.custom}, or ${DEFAULT_MANIFESTS['smart-home']} for a smart home stack)`,
    },
  },
  examples: [
    'npx cdk deploy --outputs-file cdk-outputs.json && npm run skill-manifest && ask deploy',
  ],
};

/**
 * The manifest as the file's own Prettier settings print it, so `prettier --check` (part of
 * `npm test`) accepts what this command writes: JSON.stringify alone puts every item of a short
 * array on its own line. Objects stay expanded, as JSON.stringify leaves them and prettier keeps.
 */
export async function formatManifest(manifest: object, file: string): Promise<string> {
  // Loaded here, not at the top: prettier's CommonJS entry starts an ESM import when it loads.
  const prettier = await import('prettier');
  const config = await prettier.resolveConfig(file);
  return prettier.format(JSON.stringify(manifest, null, 2), { ...config, filepath: file });
}

export async function runSkillManifest(
  argv: string[],
  deps: { readonly cwd: string; readonly print: (line: string) => void }
): Promise<number> {
  const parsed = parseCommandLine(argv, SKILL_MANIFEST_COMMAND);
  if (parsed.help) {
    deps.print(helpText(SKILL_MANIFEST_COMMAND));
    return 0;
  }
  const values = parsed.values as { 'outputs-file': string; stack?: string; manifest?: string };
  const outputsFile = path.resolve(deps.cwd, values['outputs-file']);
  if (!fs.existsSync(outputsFile)) {
    throw new Error(
      `${values['outputs-file']} not found: deploy with \`npx cdk deploy --outputs-file ${values['outputs-file']}\` first.`
    );
  }
  const arns = skillFunctionArns(
    JSON.parse(fs.readFileSync(outputsFile, 'utf8')) as CdkOutputsFile,
    values.stack
  );
  const manifestName = values.manifest ?? DEFAULT_MANIFESTS[arns.kind];
  const manifestPath = path.resolve(deps.cwd, manifestName);
  const file = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    manifest: { apis?: unknown };
  };
  assertManifestIsFor(arns.kind, file, manifestName);
  const { updated, endpoint, note } = updatedManifest(file, arns);
  fs.writeFileSync(manifestPath, await formatManifest(updated, manifestPath));
  const regions = Object.keys(arns.byRegion);
  deps.print(
    `${manifestName}: ${endpoint}${regions.length > 1 ? ` and regional endpoints for ${regions.join(', ')}` : ''}${note}. Next: ask deploy`
  );
  return 0;
}

/** The manifest pointed at the deployment, and what was set, for the line printed. */
function updatedManifest(
  file: object,
  arns: SkillFunctionArns
): { updated: object; endpoint: string; note: string } {
  if (arns.kind === 'custom') {
    const updated = withSkillEndpoints(file as SkillManifestFile, arns);
    return {
      updated,
      endpoint: `endpoint set to ${updated.manifest.apis.custom.endpoint.uri}`,
      note: '',
    };
  }
  const events = alexaEventsOn(arns.homeOutputs);
  const updated = withSmartHomeEndpoints(file as SmartHomeManifestFile, arns, events);
  return {
    updated,
    endpoint: `smart home endpoint set to ${updated.manifest.apis.smartHome.endpoint.uri}`,
    note: events
      ? `; permission ${ASYNC_EVENT_PERMISSION} (AlexaEvents is on)`
      : `; no ${ASYNC_EVENT_PERMISSION} permission (AlexaEvents is off)`,
  };
}
