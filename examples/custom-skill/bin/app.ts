// bin/app.ts: the Order Desk skill's CDK app. The settings come from cdk.json's context (or -c).
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AlexaAccountLinking, SkillFunction } from 'alexa-account-linking';

const app = new App();
const setting = (name: string): string => {
  const value: unknown = app.node.tryGetContext(name);
  if (typeof value !== 'string' || value === '') {
    throw new Error(`Set the context value ${name} in cdk.json or with -c ${name}=...`);
  }
  return value;
};

const stack = new Stack(app, 'OrderDeskSkill');

// The user pool, its sign-in domain and the app client Alexa links with.
const linking = new AlexaAccountLinking(stack, 'AccountLinking', {
  alexaVendorId: setting('alexaVendorId'),
  domainPrefix: setting('domainPrefix'),
});

// The skill's own code (lambda/skill.ts), bundled at synth with this app's esbuild.
new SkillFunction(stack, 'Skill', {
  skillId: setting('skillId'),
  linkingServer: linking,
  entry: path.join(__dirname, '..', 'lambda', 'skill.ts'),
});
