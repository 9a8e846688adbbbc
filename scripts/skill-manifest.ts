/**
 * Points skill-package/skill.json at the deployed skill function, so `ask deploy` publishes a
 * skill that calls it. Reads the outputs file of `cdk deploy --outputs-file cdk-outputs.json`.
 *
 *   npm run skill-manifest -- [--outputs-file cdk-outputs.json] [--stack AlexaAccountLinking-dev]
 * With skillRegions, `cdk deploy --all` writes one stack per region: each region's function
 * becomes that Alexa region's endpoint (apis.custom.regions.NA/EU/FE).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  skillFunctionArns,
  withSkillEndpoints,
  type CdkOutputsFile,
  type SkillManifest,
} from '../lib/skill-functions/skill-manifest';

const { values } = parseArgs({
  options: {
    'outputs-file': { type: 'string', default: 'cdk-outputs.json' },
    stack: { type: 'string' },
    manifest: { type: 'string', default: path.join('skill-package', 'skill.json') },
  },
});

try {
  const outputsFile = values['outputs-file'] as string;
  if (!fs.existsSync(outputsFile)) {
    throw new Error(
      `${outputsFile} not found: deploy with \`npx cdk deploy --outputs-file ${outputsFile}\` first.`
    );
  }
  const arns = skillFunctionArns(
    JSON.parse(fs.readFileSync(outputsFile, 'utf8')) as CdkOutputsFile,
    values.stack
  );
  const manifestPath = values.manifest as string;
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as SkillManifest;
  const updated = withSkillEndpoints(manifest, arns);
  fs.writeFileSync(manifestPath, `${JSON.stringify(updated, null, 2)}\n`);
  console.log(
    `${manifestPath}: endpoint set to ${updated.manifest.apis.custom.endpoint.uri}${Object.keys(arns.byRegion).length > 1 ? ` and regional endpoints for ${Object.keys(arns.byRegion).join(', ')}` : ''}. Next: ask deploy`
  );
} catch (error) {
  console.error(`skill-manifest: ${(error as Error).message}`);
  process.exitCode = 1;
}
