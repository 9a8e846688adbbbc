/**
 * The custom skill's bundle leaves ask-sdk-model out (lambda/custom-skill/without-ask-sdk-model.ts).
 * That is safe only while nothing the skill runs uses it: these tests fail when an upgrade of
 * ask-sdk-core, or a change to the skill, starts to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { services } from '../../lambda/custom-skill/without-ask-sdk-model';
import { services as entryServices } from '../../lambda/runtime/custom-skill/without-ask-sdk-model';

const ROOT = path.join(__dirname, '..', '..');

function filesUnder(dir: string, extension: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(extension))
    .map((file) => path.join(dir, file));
}

describe('the custom skill without ask-sdk-model', () => {
  test('a service client factory, the one thing ask-sdk-core could build from it, refuses loudly', () => {
    expect(() => new services.ServiceClientFactory()).toThrow(
      'ask-sdk-model is left out of this bundle: the skill has no API client, so it builds no service clients'
    );
  });

  test("the stand-in in a user's entry bundle refuses loudly too, naming the prop that keeps the package", () => {
    expect(() => new entryServices.ServiceClientFactory()).toThrow(
      "ask-sdk-model is left out of this bundle (SkillFunction's askSdkModel), so ask-sdk-core cannot build the Alexa service clients an API client (withApiClient) needs. Set askSdkModel: 'bundled' on the SkillFunction to keep it."
    );
  });

  test('ask-sdk-core and ask-sdk-runtime use it in one place: a service client factory, built only with an API client', () => {
    const users = [
      ...filesUnder(path.join(ROOT, 'node_modules', 'ask-sdk-core', 'dist'), '.js'),
      ...filesUnder(path.join(ROOT, 'node_modules', 'ask-sdk-runtime', 'dist'), '.js'),
    ].filter((file) => /require\(["']ask-sdk-model["']\)/.test(fs.readFileSync(file, 'utf8')));
    expect(users.map((file) => path.relative(ROOT, file))).toEqual([
      'node_modules/ask-sdk-core/dist/skill/CustomSkill.js',
    ]);
    const code = fs.readFileSync(users[0] as string, 'utf8');
    // Every use of the module binding, and the one of what it reads.
    expect(code.match(/ask_sdk_model_1\.[\w.]+/g)).toEqual([
      'ask_sdk_model_1.services.ServiceClientFactory',
    ]);
    expect(code.match(/new ServiceClientFactory\b/g)).toHaveLength(1);
    expect(code).toMatch(/serviceClientFactory: this\.apiClient\s*\?\s*new ServiceClientFactory\(/);
  });

  test('the skill never sets an API client, and imports only types from ask-sdk-model', () => {
    const sources = filesUnder(path.join(ROOT, 'lambda'), '.ts').map((file) =>
      fs.readFileSync(file, 'utf8')
    );
    expect(sources.filter((code) => /\.withApiClient\(/.test(code))).toEqual([]);
    const valueImports = sources.flatMap(
      (code) => code.match(/^import (?!type\b)[^;]*from 'ask-sdk-model';/gm) ?? []
    );
    expect(valueImports).toEqual([]);
    // The check above does see imports: every skill source that names the module imports types.
    expect(sources.join('\n')).toMatch(/^import type [^;]*from 'ask-sdk-model';/m);
  });
});
