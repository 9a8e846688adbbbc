/**
 * npm run skill-manifest: points skill-package/skill.json at the deployed skill function, so
 * `ask deploy` publishes a skill that calls it. Reads the outputs file of
 * `cdk deploy --outputs-file cdk-outputs.json`. See SKILL_MANIFEST_COMMAND for the options.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  skillFunctionArns,
  withSkillEndpoints,
  type CdkOutputsFile,
  type SkillManifest,
  type SkillManifestFile,
} from '../../lib/skill-functions/skill-manifest';
import { helpText, parseCommandLine, type CommandSpec } from '../cli';

export const SKILL_MANIFEST_COMMAND: CommandSpec = {
  usage: 'npm run skill-manifest --',
  summary: [
    "Sets the skill manifest's endpoint (manifest.apis.custom.endpoint.uri) to the SkillFunctionArn",
    'output of the deployed stack, read from the file `npx cdk deploy --outputs-file` writes.',
    'With skillRegions (`cdk deploy --all`), each Alexa region gets the function in its AWS region',
    '(apis.custom.regions.NA/EU/FE); the skill events endpoint follows the same functions.',
    'Custom skills only: for a smart home stack, put SmartHomeFunctionArn in the manifest yourself.',
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
        'the stack in the outputs file (default: the one with a SkillFunctionArn output)',
    },
    manifest: {
      type: 'string',
      value: '<file>',
      default: path.join('skill-package', 'skill.json'),
      description: 'the skill manifest to update',
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
export async function formatManifest(manifest: SkillManifest, file: string): Promise<string> {
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
  const values = parsed.values as { 'outputs-file': string; stack?: string; manifest: string };
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
  const manifestPath = path.resolve(deps.cwd, values.manifest);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as SkillManifestFile;
  const updated = withSkillEndpoints(manifest, arns);
  const regions = Object.keys(arns.byRegion);
  fs.writeFileSync(manifestPath, await formatManifest(updated, manifestPath));
  deps.print(
    `${values.manifest}: endpoint set to ${updated.manifest.apis.custom.endpoint.uri}${regions.length > 1 ? ` and regional endpoints for ${regions.join(', ')}` : ''}. Next: ask deploy`
  );
  return 0;
}
