/**
 * The README's library example, as a user pastes it: it type-checks against the package's public
 * entry (lib/index.ts, which `alexa-account-linking` resolves to once built) and synthesizes a
 * stack with the user pool, the Alexa client and the skill function.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { ROOT, pageSection } from '../support/doc-pages';

const LIBRARY_ENTRY = path.join(ROOT, 'lib', 'index.ts');

/** The one TypeScript block of the README's "Use it in your own CDK app" section. */
function libraryExample(): string {
  const blocks = [
    ...pageSection('README.md', 'Use it in your own CDK app').matchAll(/^```ts\n([^]*?)^```/gm),
  ].map((match) => match[1] as string);
  expect(blocks).toHaveLength(1);
  return blocks[0] as string;
}

/** The example with the package name pointing at this checkout's source of the same entry. */
const againstSources = (source: string) =>
  source.replace(/from 'alexa-account-linking'/g, `from '${LIBRARY_ENTRY.replace(/\.ts$/, '')}'`);

test('imports only from the package name', () => {
  const imports = [...libraryExample().matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  expect(imports).toEqual(['aws-cdk-lib', 'alexa-account-linking']);
});

test('type-checks against the public entry, strict', () => {
  // Inside the checkout, so `aws-cdk-lib` resolves from its node_modules as in a user's app.
  const cache = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, 'readme-library-'));
  try {
    const file = path.join(dir, 'my-skill.ts');
    fs.writeFileSync(file, againstSources(libraryExample()));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

test('synthesizes the user pool, the Alexa client and the skill function', () => {
  const { outputText } = ts.transpileModule(
    `${againstSources(libraryExample())}\nexport { app };\n`,
    { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }
  );
  const exported: { app?: App } = {};
  // The transpiled example, run as a module whose exports are `exported`.
  new Function('exports', 'require', outputText)(exported, require);
  const stack = exported.app?.node.findChild('MySkillLinking');
  const template = Template.fromStack(stack as never);
  template.resourceCountIs('AWS::Cognito::UserPool', 1);
  template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
    AllowedOAuthFlows: ['code'],
    GenerateSecret: true,
  });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Description: 'Alexa skill: verifies the account-link token of every request',
  });
});
