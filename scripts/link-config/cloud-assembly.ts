/**
 * The stacks of a synthesized app (cdk.out), read from its manifest: their names, template files
 * and the region they were synthesized for, so the offline mode can find the one stack whatever
 * its stage and put the right region in the URLs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SynthesizedStack {
  readonly stackName: string;
  readonly templateFile: string;
  /** The region in the stack's environment, when the synthesis fixed one. */
  readonly region?: string;
}

interface Manifest {
  readonly artifacts?: Record<
    string,
    {
      readonly type?: string;
      readonly environment?: string;
      readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
    }
  >;
}

export function synthesizedStacks(assemblyDir: string): SynthesizedStack[] {
  const manifestFile = path.join(assemblyDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return [];
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]) => {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile)
      return [];
    const region = /^aws:\/\/[^/]*\/([a-z0-9-]+)$/.exec(artifact.environment ?? '')?.[1];
    return [
      {
        stackName: artifact.properties.stackName ?? id,
        templateFile: path.join(assemblyDir, artifact.properties.templateFile),
        region: region === 'unknown-region' ? undefined : region,
      },
    ];
  });
}

// A Cognito prefix domain names its region: <prefix>.auth.<region>.amazoncognito.com.
const COGNITO_DOMAIN_REGION =
  /(\.auth\.)([a-z]{2}-[a-z]+-\d|[a-z]{2}-[a-z]+-[a-z]+-\d)(\.amazoncognito\.com)/g;

/** The text with the region of every Cognito prefix domain set to `region`; custom domains are left alone. */
export function withCognitoRegion(text: string, region: string): string {
  return text.replace(COGNITO_DOMAIN_REGION, `$1${region}$3`);
}
