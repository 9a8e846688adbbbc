#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountLinkingStack } from '../lib/account-linking-stack';
import { readAppSettings } from '../lib/app-settings/app-settings';
import { skillRegionPlan } from '../lib/app-settings/skill-regions-settings';
import { RegionalSkillStack } from '../lib/regional-skill-stack';

const app = new App();
const settings = readAppSettings((key) => app.node.tryGetContext(key));

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

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
