/**
 * The cloud assembly the committed picture is drawn from: bin/app.ts run as the cdk CLI runs it,
 * with cdk.json's context and every skill region (so the picture shows each stack), home region
 * us-east-1, no bundling and no AWS account. Also reads any cdk.out into AssemblyStacks.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AssemblyStack } from './diagram-dot';

export const DIAGRAM_CONTEXT = { skillRegions: 'us-east-1,eu-west-1,us-west-2' } as const;

/** Synthesizes the app into a fresh directory and returns its path. */
export function synthesizeForDiagram(root: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diagram-'));
  const cdkJson = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
    cwd: root,
    stdio: 'pipe',
    env: {
      PATH: process.env.PATH,
      CDK_OUTDIR: outdir,
      CDK_DEFAULT_REGION: 'us-east-1',
      CDK_CONTEXT_JSON: JSON.stringify({
        ...cdkJson.context,
        ...DIAGRAM_CONTEXT,
        'aws:cdk:enable-path-metadata': true,
        'aws:cdk:bundling-stacks': [],
      }),
    },
  });
  return outdir;
}

/** Every stack of a cloud assembly directory (cdk.out), with its region and template. */
export function readAssembly(dir: string): AssemblyStack[] {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestPath)) {
    throw new Error(`${dir} holds no cloud assembly (manifest.json): run npx cdk synth first.`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as {
    artifacts?: Record<
      string,
      { type: string; environment?: string; properties?: { templateFile?: string } }
    >;
  };
  return Object.entries(manifest.artifacts ?? {})
    .filter(([, a]) => a.type === 'aws:cloudformation:stack' && a.properties?.templateFile)
    .map(([name, a]) => ({
      name,
      region: (a.environment ?? '').split('/').pop() || 'unknown-region',
      template: JSON.parse(
        fs.readFileSync(path.join(dir, a.properties?.templateFile as string), 'utf8')
      ) as AssemblyStack['template'],
    }));
}
