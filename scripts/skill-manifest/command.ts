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
} from '../../lib/skill-functions/skill-manifest';
import { helpText, parseCommandLine, type CommandSpec } from '../cli';

export const SKILL_MANIFEST_COMMAND: CommandSpec = {
  usage: 'npm run skill-manifest --',
  summary: [
    "Sets the skill manifest's endpoint (manifest.apis.custom.endpoint.uri) to the SkillFunctionArn",
    'output of the deployed stack, read from the file `npx cdk deploy --outputs-file` writes.',
    'With skillRegions (`cdk deploy --all`), each Alexa region gets the function in its AWS region',
    '(apis.custom.regions.NA/EU/FE); the skill events endpoint follows the same functions.',
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

export function runSkillManifest(
  argv: string[],
  deps: { readonly cwd: string; readonly print: (line: string) => void }
): number {
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
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as SkillManifest;
  const updated = withSkillEndpoints(manifest, arns);
  const regions = Object.keys(arns.byRegion);
  fs.writeFileSync(manifestPath, `${JSON.stringify(updated, null, 2)}\n`);
  deps.print(
    `${values.manifest}: endpoint set to ${updated.manifest.apis.custom.endpoint.uri}${regions.length > 1 ? ` and regional endpoints for ${regions.join(', ')}` : ''}. Next: ask deploy`
  );
  return 0;
}
