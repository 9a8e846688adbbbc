/**
 * A consumer's CDK app that deploys its own skill code: SkillFunction bundles the app's handler
 * file (own-skill.ts) with the esbuild the app installed. Copied into a throwaway directory by
 * consumer-app.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { LoginWithAmazonLinkingServer, SkillFunction } from 'alexa-account-linking';

const outdir = process.argv[2] as string;
const app = new App({ outdir });
const stack = new Stack(app, 'OwnCodeStack');

new SkillFunction(stack, 'Skill', {
  skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
  linkingServer: new LoginWithAmazonLinkingServer(stack, 'LoginWithAmazon', {
    alexaVendorId: 'M2TESTVENDOR42',
    clientId: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
  }),
  entry: path.join(__dirname, 'own-skill.ts'),
});

const artifact = app.synth().getStackByName(stack.stackName);
fs.writeFileSync(
  path.join(outdir, 'consumer-report.json'),
  JSON.stringify({
    templateFile: artifact.templateFile,
    assetsFile: `${artifact.id}.assets.json`,
    loadedModules: Object.keys(require.cache),
  })
);
