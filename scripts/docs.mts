/**
 * npm run docs: docs/configuration.md from the settings catalogue, then the API reference of both
 * public entry points (typedoc.json), written to dist/docs/api/ after checking every exported
 * symbol has a doc comment and every optional interface property a `@default`. Offline: TypeDoc
 * reads the sources and installed packages only. typedoc.json skips TypeDoc's own type check
 * (skipErrorChecking): `npm run typecheck` does it, and it cost a seventh of the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Application, TSConfigReader, TypeDocReader } from 'typedoc';
import { commandLineOrExit, type CommandSpec } from './cli.js';
import { SETTING_CATALOGUE } from '../lib/app-settings/setting-catalogue.js';
import {
  CONFIGURATION_REFERENCE_PATH,
  configurationReference,
} from './docs/configuration-reference.js';
import { docFindings, formatDocFindings } from './docs/doc-findings.js';
import { apiMembers } from './docs/typedoc-members.mjs';

const DOCS_COMMAND: CommandSpec = {
  usage: 'npm run docs --',
  summary:
    'Writes docs/configuration.md from the settings catalogue (lib/app-settings/setting-catalogue.ts).\n' +
    'Checks the doc comments of the public API (lib/index.ts and lambda/runtime/index.ts: a comment on\n' +
    'every exported symbol and member, a @default on every optional interface property), then writes\n' +
    'the API reference (HTML) to the folder typedoc.json names (dist/docs/api/).',
  options: {
    check: {
      type: 'boolean',
      default: false,
      description:
        'check the doc comments, and that docs/configuration.md is current; write nothing (npm test runs this)',
    },
    'api-out': {
      type: 'string',
      value: '<dir>',
      description:
        'with --check: also build the API reference (HTML) into <dir>, writing nothing in the repository (npm test runs this)',
    },
    options: {
      type: 'string',
      value: '<file>',
      default: 'typedoc.json',
      description: 'the TypeDoc options file: entry points, tsconfig, output folder',
    },
  },
  examples: [
    'npm run docs',
    'npm run docs -- --check',
    'npm run docs -- --check --api-out /tmp/api-reference',
  ],
};

const command = commandLineOrExit('docs', process.argv.slice(2), DOCS_COMMAND);
if (command) {
  process.exitCode = await run(
    command.values.options as string,
    !!command.values.check,
    command.values['api-out'] as string | undefined
  );
}

async function run(optionsFile: string, checkOnly: boolean, apiOut?: string): Promise<number> {
  const reference = configurationReference(SETTING_CATALOGUE);
  if (!checkOnly) {
    fs.writeFileSync(CONFIGURATION_REFERENCE_PATH, reference);
    console.log(`Configuration reference written to ${CONFIGURATION_REFERENCE_PATH}`);
  } else if (!isCurrent(CONFIGURATION_REFERENCE_PATH, reference)) {
    console.error(`docs: ${CONFIGURATION_REFERENCE_PATH} is out of date: run npm run docs`);
    return 1;
  }
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
  if (checkOnly && apiOut === undefined) return 0;
  const out = apiOut ?? app.options.getValue('out');
  await app.generateDocs(project, out);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) return 1;
  console.log(`API reference written to ${path.relative(process.cwd(), out)}/index.html`);
  return 0;
}

function isCurrent(file: string, expected: string): boolean {
  return fs.existsSync(file) && fs.readFileSync(file, 'utf8') === expected;
}
