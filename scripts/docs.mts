/**
 * npm run docs: the API reference of both public entry points (typedoc.json), written to
 * dist/docs/api/, after checking every exported symbol has a doc comment and every optional
 * interface property a `@default`. Offline: TypeDoc reads the sources and installed packages only.
 */
import * as path from 'node:path';
import { Application, TSConfigReader, TypeDocReader } from 'typedoc';
import { commandLineOrExit, type CommandSpec } from './cli.js';
import { docFindings, formatDocFindings } from './api-docs/doc-findings.js';
import { apiMembers } from './api-docs/typedoc-members.mjs';

const DOCS_COMMAND: CommandSpec = {
  usage: 'npm run docs --',
  summary:
    'Checks the doc comments of the public API (lib/index.ts and lambda/runtime/index.ts: a comment on\n' +
    'every exported symbol and member, a @default on every optional interface property), then writes\n' +
    'the API reference (HTML) to the folder typedoc.json names (dist/docs/api/).',
  options: {
    check: {
      type: 'boolean',
      default: false,
      description: 'check the doc comments only; write nothing (npm test runs this)',
    },
    options: {
      type: 'string',
      value: '<file>',
      default: 'typedoc.json',
      description: 'the TypeDoc options file: entry points, tsconfig, output folder',
    },
  },
  examples: ['npm run docs', 'npm run docs -- --check'],
};

const command = commandLineOrExit('docs', process.argv.slice(2), DOCS_COMMAND);
if (command) process.exitCode = await run(command.values.options as string, !!command.values.check);

async function run(optionsFile: string, checkOnly: boolean): Promise<number> {
  const app = await Application.bootstrapWithPlugins({ options: optionsFile }, [
    new TypeDocReader(),
    new TSConfigReader(),
  ]);
  const project = await app.convert();
  if (!project) {
    console.error('docs: TypeDoc could not convert the entry points (see the errors above)');
    return 1;
  }
  // TypeDoc's own validation (links in comments that lead nowhere), then the doc-comment check.
  app.validate(project);
  const findings = docFindings(apiMembers(project));
  console.log(formatDocFindings(findings));
  if (findings.length > 0 || app.logger.hasErrors() || app.logger.hasWarnings()) return 1;
  if (checkOnly) return 0;
  const out = app.options.getValue('out');
  await app.generateDocs(project, out);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) return 1;
  console.log(`API reference written to ${path.relative(process.cwd(), out)}/index.html`);
  return 0;
}
