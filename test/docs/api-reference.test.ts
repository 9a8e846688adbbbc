/**
 * The API reference's check (npm run docs): every exported symbol of both entry points has a doc
 * comment, every optional interface property a `@default`. Run as npm runs it, with the real
 * TypeDoc over the real sources; a fixture shows each problem it refuses.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function docsCheck(...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, 'scripts', 'docs.mts'), '--check', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run docs -- --check', () => {
  test('passes on lib/index.ts and lambda/runtime/index.ts, and builds the HTML reference of both', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'api-reference-'));
    try {
      const { code, output } = await docsCheck('--api-out', out);
      expect(output).toBe(
        `Every exported symbol has a doc comment.\nAPI reference written to ${path.relative(ROOT, out)}/index.html\n`
      );
      expect(code).toBe(0);
      const pages = fs.readdirSync(out, { recursive: true }).map(String);
      expect(pages).toEqual(
        expect.arrayContaining([
          'index.html',
          // Each entry point under its import path: the package and its runtime subpath.
          'modules/alexa-account-linking.html',
          'modules/alexa-account-linking_runtime.html',
          'classes/alexa-account-linking.AlexaAccountLinking.html',
          'functions/alexa-account-linking_runtime.createDirectiveHandler.html',
        ])
      );
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('fails on a missing doc comment, a missing @default and `@default undefined`', async () => {
    const { code, output } = await docsCheck(
      '--options',
      'test/docs/fixtures/api-docs/typedoc.json'
    );
    expect(output.split('\n').filter((line) => line.startsWith('  '))).toEqual([
      '  undocumentedWidget (Function): no doc comment',
      '  WidgetProps.colour (Property): optional property without @default',
      '  WidgetProps.label (Property): `@default undefined` says nothing: give the value, or `- what happens`',
    ]);
    expect(code).toBe(1);
  });
});
