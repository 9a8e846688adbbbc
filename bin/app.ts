#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountLinkingStack } from '../lib/account-linking-stack';
import { readAppSettings } from '../lib/app-settings/app-settings';
import { settingErrorLines } from '../lib/app-settings/invalid-settings-error';
import { skillRegionPlan } from '../lib/app-settings/skill-regions-settings';
import { RegionalSkillStack } from '../lib/regional-skill-stack';

const app = new App();
try {
  const settings = readAppSettings(
    (key) => app.node.tryGetContext(key),
    Object.keys(app.node.getAllContext())
  );
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const regions = skillRegionPlan(settings.skillRegions, process.env.CDK_DEFAULT_REGION);
  const home = new AccountLinkingStack(app, `AlexaAccountLinking-${settings.stage}`, {
    settings,
    description:
      'Alexa skill account linking: Cognito user pool, managed login and the Alexa app client',
    env: { account, region: regions.home },
    crossRegionReferences: regions.extra.length > 0,
  });
  for (const region of regions.extra) {
    new RegionalSkillStack(app, `AlexaAccountLinking-${settings.stage}-${region}`, {
      settings,
      home,
      region,
      description: `Alexa skill account linking: the skill function in ${region}`,
      env: { account },
    });
  }
} catch (error) {
  // A setting to fix is not a crash: one line per invalid setting, no stack trace, exit code 1.
  const lines = settingErrorLines(error);
  if (!lines) throw error;
  console.error(lines.join('\n'));
  process.exit(1);
}

// cdk-nag's AwsSolutions checks run on every synth and deploy (`-c nag=false` skips them for a
// quicker synth while iterating; `npm test` runs them on the app regardless).
const nag = app.node.tryGetContext('nag');
if (nag !== false && nag !== 'false') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
