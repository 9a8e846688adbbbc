/**
 * The skill function each linking server deploys, from a synthesized cloud assembly: its
 * environment names the server, its asset is the recipe's bundle for that server byte for byte
 * (so what test/lambda/server-bundles.test.ts drives is what ships), and the Login with Amazon
 * asset answers a linked user as Lambda would run it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResponseEnvelope } from 'ask-sdk-model';
import { buildBundleSync, bundleEntry } from '../../lib/skill-functions/bundle-recipe';
import { loadBundledHandler, synthesizeSkill, type SynthesizedSkill } from '../support/bundle';
import { launchRequest } from '../support/envelopes';
import { LWA_CONTEXT, OIDC_CONTEXT, SKILL_ID } from '../support/infra';
import { LWA_CLIENT_ID, startLwaStandIn } from '../support/lwa-stand-in';
import { CODE_MARKERS } from '../support/server-bundle';
import { routeFetchOrigin } from '../support/trust-test-ca';

const assemblies: Record<string, SynthesizedSkill> = {};
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'server-assemblies-'));

beforeAll(() => {
  assemblies['login-with-amazon'] = synthesizeSkill({ ...LWA_CONTEXT, domainPrefix: undefined });
  assemblies.oidc = synthesizeSkill({ ...OIDC_CONTEXT, domainPrefix: undefined });
}, 120_000);
afterAll(() => {
  for (const { assemblyDir } of Object.values(assemblies)) {
    fs.rmSync(assemblyDir, { recursive: true, force: true });
  }
  fs.rmSync(scratch, { recursive: true, force: true });
});

const indexOf = (dir: string) => fs.readFileSync(path.join(dir, 'index.js'));

describe.each([
  ['login-with-amazon', 'cognito', 'oidc'],
  ['oidc', 'cognito', 'login-with-amazon'],
] as const)('the %s stack', (server, otherA, otherB) => {
  test('names its server in the function environment', () => {
    expect((assemblies[server] as SynthesizedSkill).environment.LINKING_SERVER).toBe(server);
  });

  test("deploys the recipe's bundle for that server, byte for byte, with no other adapter", () => {
    const deployed = indexOf((assemblies[server] as SynthesizedSkill).bundleDir);
    const recipe = buildBundleSync(bundleEntry('custom-skill'), server, path.join(scratch, server));
    expect(deployed.equals(fs.readFileSync(recipe))).toBe(true);
    const code = deployed.toString('utf8');
    expect(code).toContain(CODE_MARKERS[server]);
    expect(code).not.toContain(CODE_MARKERS[otherA]);
    expect(code).not.toContain(CODE_MARKERS[otherB]);
  });
});

test('the Login with Amazon asset greets a linked user through token-info and the profile API', async () => {
  const skill = assemblies['login-with-amazon'] as SynthesizedSkill;
  const lwa = await startLwaStandIn();
  const route = routeFetchOrigin('https://api.amazon.com', new URL(lwa.tokenInfoUrl).origin);
  try {
    const env = skill.environment as Record<string, string>;
    expect(env.LWA_CLIENT_ID).toBe(LWA_CLIENT_ID);
    const handler = loadBundledHandler(skill, {
      SKILL_ID,
      LINKING_SERVER: env.LINKING_SERVER as string,
      LWA_CLIENT_ID: env.LWA_CLIENT_ID as string,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const response: ResponseEnvelope = await handler(
      launchRequest({ accessToken: lwa.issue() }),
      {}
    );
    expect((response.response.outputSpeech as { ssml: string }).ssml).toBe(
      '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>'
    );
    expect(route.urls).toEqual([
      'https://api.amazon.com/auth/o2/tokeninfo',
      'https://api.amazon.com/user/profile',
    ]);
  } finally {
    route.restore();
    await lwa.close();
  }
});
