/** The automatic-mode handler as Lambda runs it: bundled with its AWS SDK clients, from a synthesized assembly. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeSkill, type SynthesizedSkill } from '../support/bundle';
import { SKILL_ID } from '../support/infra';

let skill: SynthesizedSkill;
beforeAll(() => {
  skill = synthesizeSkill({ smapiCredentialsSecret: 'alexa/smapi-credentials' });
}, 120_000);
afterAll(() => fs.rmSync(skill.assemblyDir, { recursive: true, force: true }));

test('the bundle loads, and a Delete leaves the skill alone without any call', async () => {
  const dir = skill.bundleDirsByDescription[
    'Writes the Alexa skill account-linking settings (custom resource)'
  ] as string;
  expect(fs.readdirSync(dir).sort()).toEqual(['index.js', 'index.js.map']);
  let handler: ((event: unknown) => Promise<unknown>) | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(path.join(dir, 'index.js')).handler;
  });
  const physicalId = `${SKILL_ID}/development/accountLinkingClient`;
  // Any network call would fail the test: the process forbids non-loopback connections.
  await expect(
    handler?.({
      RequestType: 'Delete',
      PhysicalResourceId: physicalId,
      ResourceProperties: { SkillId: SKILL_ID, Stage: 'development' },
    })
  ).resolves.toEqual({ PhysicalResourceId: physicalId, NoEcho: true, Data: {} });
});
