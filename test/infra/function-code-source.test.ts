/** The pure choice of a skill function's code: prebuilt, your entry, or ready code. */
import * as path from 'node:path';
import { functionCodeSource } from '../../lib/skill-functions/function-code-source';

const CWD = path.resolve('/app');
const FILES = new Set([path.join(CWD, 'src', 'skill.ts'), path.resolve('/elsewhere/skill.mjs')]);
const isFile = (absolutePath: string) => FILES.has(absolutePath);
const CODE = { ready: 'code' };

describe('functionCodeSource', () => {
  test('is the prebuilt skill, called at index.handler, when nothing is given', () => {
    expect(functionCodeSource({}, isFile, CWD)).toEqual({
      kind: 'prebuilt',
      handler: 'index.handler',
    });
  });

  test.each([
    ['src/skill.ts', path.join(CWD, 'src', 'skill.ts')],
    ['./src/skill.ts', path.join(CWD, 'src', 'skill.ts')],
    [path.resolve('/elsewhere/skill.mjs'), path.resolve('/elsewhere/skill.mjs')],
  ])('is your entry %j, resolved to %j', (entry, absolute) => {
    expect(functionCodeSource({ entry }, isFile, CWD)).toEqual({
      kind: 'entry',
      entry: absolute,
      handler: 'index.handler',
      askSdkModel: 'auto',
    });
  });

  test.each(['index.main', 'index.$handler', 'index._x1'])(
    'calls the entry export %j',
    (handler) => {
      expect(functionCodeSource({ entry: 'src/skill.ts', handler }, isFile, CWD)).toMatchObject({
        handler,
      });
    }
  );

  test.each([undefined, 'index.handler', 'src/app.main', 'app.handler'])(
    'passes ready code through with the handler %j',
    (handler) => {
      expect(functionCodeSource({ code: CODE, handler }, isFile, CWD)).toEqual({
        kind: 'code',
        code: CODE,
        handler: handler ?? 'index.handler',
      });
    }
  );

  test('fails when entry and code are both given', () => {
    expect(() => functionCodeSource({ entry: 'src/skill.ts', code: CODE }, isFile, CWD)).toThrow(
      /^Invalid entry: received "src\/skill\.ts"\. Expected entry or code, not both: entry is a handler file to bundle, code is ready Lambda code \(lambda\.Code\)\.$/
    );
  });

  test('fails when the entry does not exist, showing where it was looked for', () => {
    expect(() => functionCodeSource({ entry: 'src/skil.ts' }, isFile, CWD)).toThrow(
      `Invalid entry: received "src/skil.ts". Expected the path of your handler file (.ts, .mts, .cts, .tsx, .js, .mjs, .cjs, .jsx), absolute or relative to the directory cdk synth runs in; there is no file at ${path.join(CWD, 'src', 'skil.ts')} (relative to ${CWD}).`
    );
  });

  test('fails when an absolute entry does not exist, without a directory it is relative to', () => {
    const missing = path.resolve('/elsewhere/skil.mjs');
    expect(() => functionCodeSource({ entry: missing }, isFile, CWD)).toThrow(
      new RegExp(`; there is no file at ${missing.replace(/[.\\/]/g, '\\$&')}\\.$`)
    );
  });

  test.each(['', '   ', 'src/skill.py', 'src/skill', 'src/skill.ts.bak', 'src/skill.d'])(
    'fails when the entry %j is not a file esbuild bundles',
    (entry) => {
      expect(() => functionCodeSource({ entry }, () => true, CWD)).toThrow(
        /^Invalid entry: received ".*"\. Expected the path of your handler file \(\.ts, .*\.jsx\), absolute or relative to the directory cdk synth runs in\.$/
      );
    }
  );

  test.each([
    'handler',
    'main.handler',
    'src/index.main',
    'index.',
    'index.1x',
    'index.a-b',
    'index.main extra',
  ])('fails when the entry handler is %j', (handler) => {
    expect(() => functionCodeSource({ entry: 'src/skill.ts', handler }, isFile, CWD)).toThrow(
      /^Invalid handler: received ".*"\. Expected "index\.<export>" with entry, e\.g\. "index\.main"/
    );
  });

  test.each(['handler', '', 'index.', 'src app.main', 'index.1x', 'index.a-b', 'app.main extra'])(
    'fails when the code handler is %j',
    (handler) => {
      expect(() => functionCodeSource({ code: CODE, handler }, isFile, CWD)).toThrow(
        /^Invalid handler: received ".*"\. Expected "<file>\.<export>" in the code, e\.g\. "index\.handler" or "src\/app\.main"\.$/
      );
    }
  );

  test('fails when a handler is given for the prebuilt skill', () => {
    expect(() => functionCodeSource({ handler: 'index.main' }, isFile, CWD)).toThrow(
      /^Invalid handler: received "index\.main"\. Expected no handler without entry or code: the prebuilt skill's handler is index\.handler\.$/
    );
  });

  test.each(['auto', 'bundled', 'left-out'])('bundles the entry with askSdkModel %j', (mode) => {
    expect(
      functionCodeSource({ entry: 'src/skill.ts', askSdkModel: mode }, isFile, CWD)
    ).toMatchObject({ kind: 'entry', askSdkModel: mode });
  });

  test.each(['', 'Bundled', 'kept', 'true', 'left out'])(
    'fails when askSdkModel is %j, listing the modes',
    (mode) => {
      expect(() =>
        functionCodeSource({ entry: 'src/skill.ts', askSdkModel: mode }, isFile, CWD)
      ).toThrow(
        `Invalid askSdkModel: received ${JSON.stringify(mode)}. Expected one of 'auto', 'bundled', 'left-out'.`
      );
    }
  );

  test.each([{}, { code: CODE }])('fails when askSdkModel comes without entry (%j)', (props) => {
    expect(() => functionCodeSource({ ...props, askSdkModel: 'bundled' }, isFile, CWD)).toThrow(
      'Invalid askSdkModel: received "bundled". Expected no askSdkModel without entry: it chooses how your entry is bundled, and ready or prebuilt code is bundled already.'
    );
  });
});
