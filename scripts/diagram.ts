/**
 * npm run diagram: draws the synthesized app as docs/architecture.dot and, when Graphviz is
 * installed (Debian: apt-get install graphviz), renders docs/architecture.svg.
 *   npm run diagram -- [--cdk-out cdk.out] [--out docs/architecture.dot]
 * Without --cdk-out it synthesizes the app itself, with every skill region (see diagram-synth.ts),
 * which is what the committed picture shows and what the test compares it with.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { architectureDot } from './diagram-dot';
import { readAssembly, synthesizeForDiagram } from './diagram-synth';

const { values } = parseArgs({
  options: {
    'cdk-out': { type: 'string' },
    out: { type: 'string', default: path.join('docs', 'architecture.dot') },
  },
});

try {
  const root = process.cwd();
  const assembly = values['cdk-out'] ?? synthesizeForDiagram(root);
  const dot = architectureDot(readAssembly(assembly));
  const out = values.out as string;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, dot);
  const svg = out.replace(/\.dot$/, '.svg');
  const rendered = spawnSync('dot', ['-Tsvg', out, '-o', svg], { stdio: 'inherit' });
  console.log(
    rendered.error
      ? `${out} written. Graphviz is not installed: apt-get install graphviz, then npm run diagram again for ${svg}.`
      : `${out} and ${svg} written.`
  );
  if (!values['cdk-out']) fs.rmSync(assembly, { recursive: true, force: true });
} catch (error) {
  console.error(`diagram: ${(error as Error).message}`);
  process.exitCode = 1;
}
