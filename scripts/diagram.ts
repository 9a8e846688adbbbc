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
import { architectureDot } from './diagram-dot';
import { readAssembly, synthesizeForDiagram } from './diagram-synth';
import { commandLineOrExit, type CommandSpec } from './cli';

const DIAGRAM_COMMAND: CommandSpec = {
  usage: 'npm run diagram --',
  summary: [
    'Draws the synthesized app as a Graphviz file and, when Graphviz is installed (dot on the PATH),',
    'renders it as an SVG next to it. Without --cdk-out it synthesizes the app with every skill region.',
  ].join('\n'),
  options: {
    'cdk-out': {
      type: 'string',
      value: '<dir>',
      description: 'a synthesized app to draw instead of synthesizing one',
    },
    out: {
      type: 'string',
      value: '<file.dot>',
      default: path.join('docs', 'architecture.dot'),
      description: 'where to write the drawing; the SVG gets the same name with .svg',
    },
  },
  examples: ['npm run diagram', 'npm run diagram -- --cdk-out cdk.out --out /tmp/app.dot'],
};

const commandLine = commandLineOrExit('diagram', process.argv.slice(2), DIAGRAM_COMMAND);
if (commandLine) draw(commandLine.values);

function draw(values: Record<string, string | boolean | undefined>): void {
  try {
    const cdkOut = values['cdk-out'] as string | undefined;
    const assembly = cdkOut ?? synthesizeForDiagram(process.cwd());
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
    if (!cdkOut) fs.rmSync(assembly, { recursive: true, force: true });
  } catch (error) {
    console.error(`diagram: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
