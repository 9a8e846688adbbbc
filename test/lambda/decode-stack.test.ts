/** A stack trace from the minified bundle, decoded back to lambda/*.ts with the shipped source map. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SourceMapPayload } from 'node:module';
import { buildBundleSync, bundleEntry } from '../../lib/skill-functions/bundle-recipe';
import { decodeStack } from '../../scripts/decode-stack/decode';

test('a configuration error thrown at cold start decodes to the file and line that threw it', () => {
  // GIVEN the shipped bundle and its map, and the stack of an error it throws at init
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decode-stack-'));
  try {
    buildBundleSync(bundleEntry('custom-skill'), 'cognito', dir);
    // A fresh Node.js process without SKILL_ID, as a misconfigured Lambda container would be.
    const { SKILL_ID: _skillId, ...env } = process.env;
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        `try { require(${JSON.stringify(path.join(dir, 'index.js'))}) } catch (e) { process.stderr.write(e.stack) }`,
      ],
      {
        env,
        encoding: 'utf8',
      }
    );
    const stack = run.stderr;
    // The message lists every bad variable, one line each, before the frames.
    expect(stack).toMatch(/^SkillConfigError: [^]*?\n\s+at .*index\.js:\d+:\d+/);
    const map = JSON.parse(
      fs.readFileSync(path.join(dir, 'index.js.map'), 'utf8')
    ) as SourceMapPayload;

    // WHEN it is decoded
    const decoded = decodeStack(stack, map);

    // THEN the frames name the TypeScript sources
    expect(decoded).toMatch(/SkillConfigError: Environment variable SKILL_ID is missing/);
    expect(decoded).toMatch(/lambda\/core\/skill-config\.ts:\d+:\d+/);
    expect(decoded).toMatch(/lambda\/custom-skill\/index\.ts:\d+:\d+/);
    expect(decoded).not.toMatch(/index\.js:\d+:\d+/);
    // and a named frame keeps its parentheses: `at fn (file:line:column)`
    const frames = decoded.split('\n').filter((line) => /^\s+at /.test(line));
    expect(frames.some((line) => /^\s+at \S+ \(lambda\/\S+\.ts:\d+:\d+\)$/.test(line))).toBe(true);
    for (const line of frames) {
      expect(line.split('(').length).toBe(line.split(')').length);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
