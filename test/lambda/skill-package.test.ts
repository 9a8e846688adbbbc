import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  stackOutputs,
  withSkillEndpoint,
  type SkillManifest,
} from '../../lib/skill-functions/skill-manifest';
import { intentRequest } from '../support/envelopes';
import { SKILL_MANIFEST_ENVELOPE, smapiViolations } from '../support/smapi-model';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import { startSkillHarness } from '../support/skill-harness';

const root = path.join(__dirname, '..', '..');
const packageDir = path.join(root, 'skill-package');
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

interface InteractionModel {
  interactionModel: {
    languageModel: { invocationName: string; intents: { name: string; samples?: string[] }[] };
  };
}

const modelDir = path.join(packageDir, 'interactionModels', 'custom');
const models = fs
  .readdirSync(modelDir)
  .map(
    (file) =>
      [file.replace(/\.json$/, ''), readJson<InteractionModel>(path.join(modelDir, file))] as const
  );
const manifest = readJson<
  SkillManifest & { manifest: { publishingInformation: { locales: Record<string, unknown> } } }
>(path.join(packageDir, 'skill.json'));

describe('skill-package', () => {
  test("skill.json is what Amazon's model takes (the body of update-skill-manifest), manifestVersion inside manifest", () => {
    expect(smapiViolations(SKILL_MANIFEST_ENVELOPE, manifest)).toEqual([]);
    expect(Object.keys(manifest)).toEqual(['manifest']);
    expect(manifest.manifest.manifestVersion).toBe('1.0');
  });

  test('has an en-US model, and a manifest locale for every model', () => {
    expect(models.map(([locale]) => locale)).toContain('en-US');
    for (const [locale] of models)
      expect(Object.keys(manifest.manifest.publishingInformation.locales)).toContain(locale);
  });

  test.each(models)('%s: the invocation name is lower-case words', (_locale, model) => {
    const name = model.interactionModel.languageModel.invocationName;
    expect(name).toMatch(/^[a-z]+ [a-z ]*[a-z]$/);
    expect(name).not.toMatch(/ {2}/);
  });

  test.each(models)(
    '%s: every intent in the model gets a real answer from the handlers',
    async (_locale, model) => {
      const key = generateTestKey('k');
      const harness = await startSkillHarness({ keys: [key] });
      try {
        const intents = model.interactionModel.languageModel.intents.map((intent) => intent.name);
        expect(intents).toEqual(
          expect.arrayContaining([
            'WhichAccountIntent',
            'AMAZON.HelpIntent',
            'AMAZON.StopIntent',
            'AMAZON.CancelIntent',
            'AMAZON.FallbackIntent',
          ])
        );
        for (const intent of intents) {
          const response = await harness.invoke(
            intentRequest(intent, { accessToken: signRs256(key, accessTokenClaims()) })
          );
          const ssml = (response.response.outputSpeech as { ssml?: string } | undefined)?.ssml;
          // Named in the failure message, so a missing handler says which intent it is.
          expect({ intent, ssml }).toEqual({
            intent,
            ssml: expect.not.stringContaining('something went wrong'),
          });
          expect(ssml).toMatch(/^<speak>.+<\/speak>$/);
        }
      } finally {
        await harness.close();
      }
    }
  );

  test('custom intents have sample utterances', () => {
    for (const [, model] of models) {
      for (const intent of model.interactionModel.languageModel.intents.filter(
        (i) => !i.name.startsWith('AMAZON.')
      )) {
        expect(intent.samples?.length ?? 0).toBeGreaterThanOrEqual(3);
      }
    }
  });
});

describe('skill manifest endpoint', () => {
  const arn =
    'arn:aws:lambda:eu-west-1:123456789012:function:AlexaAccountLinking-dev-SkillFunction4ADF40E6-AbC123';

  test('withSkillEndpoint points the manifest at the function and keeps everything else', () => {
    const updated = withSkillEndpoint(manifest, arn);
    expect(updated.manifest.apis.custom.endpoint).toEqual({ uri: arn });
    expect({ ...updated.manifest, apis: undefined }).toEqual({
      ...manifest.manifest,
      apis: undefined,
    });
  });

  test('fails when the ARN is not a Lambda function ARN', () => {
    expect(() => withSkillEndpoint(manifest, 'arn:aws:s3:::bucket')).toThrow(
      /SkillFunctionArn is "arn:aws:s3:::bucket"; expected a Lambda function ARN/
    );
  });

  test('stackOutputs finds the one stack with a skill function, or asks which', () => {
    expect(stackOutputs({ 'AlexaAccountLinking-dev': { SkillFunctionArn: arn } })).toEqual({
      SkillFunctionArn: arn,
    });
    expect(() =>
      stackOutputs({ a: { SkillFunctionArn: arn }, b: { SkillFunctionArn: arn } })
    ).toThrow(/found a, b; pass --stack <name>/);
    expect(() => stackOutputs({ a: {} }, 'b')).toThrow(
      /No stack named b in the outputs file \(found: a\)/
    );
  });

  test('npm run skill-manifest writes the ARN from a cdk deploy outputs file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
    const outputsFile = path.join(dir, 'cdk-outputs.json');
    const manifestFile = path.join(dir, 'skill.json');
    fs.writeFileSync(
      outputsFile,
      JSON.stringify({ 'AlexaAccountLinking-dev': { SkillFunctionArn: arn, ClientId: 'abc' } })
    );
    fs.copyFileSync(path.join(packageDir, 'skill.json'), manifestFile);
    const out = execFileSync(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        'scripts/skill-manifest.ts',
        '--outputs-file',
        outputsFile,
        '--manifest',
        manifestFile,
      ],
      { cwd: root, encoding: 'utf8' }
    );
    expect(out).toContain(`endpoint set to ${arn}`);
    expect(readJson<SkillManifest>(manifestFile).manifest.apis.custom.endpoint.uri).toBe(arn);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
