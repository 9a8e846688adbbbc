/**
 * The API reference's check (npm run docs): every exported symbol of both entry points has a doc
 * comment, every optional interface property a `@default`. Run as npm runs it, with the real
 * TypeDoc over the real sources; a fixture shows each problem it refuses.
 */
import { spawn } from 'node:child_process';
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
  test('passes on lib/index.ts and lambda/runtime/index.ts', async () => {
    const { code, output } = await docsCheck();
    expect(output).toBe('Every exported symbol has a doc comment.\n');
    expect(code).toBe(0);
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
