#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AccountLinkingStack } from '../lib/account-linking-stack';
import { readAppSettings } from '../lib/app-settings/app-settings';
import { settingErrorLines } from '../lib/app-settings/invalid-settings-error';
import { skillRegionPlan } from '../lib/app-settings/skill-regions-settings';
import { RegionalSkillStack } from '../lib/regional-skill-stack';
import { appValidationPlugins } from '../lib/rules/app-validations';

// CloudFormation's validation runs below, through the validation cache, with cdk-nag's checks.
const app = new App({ builtinCloudFormationValidation: false });
let nag = true;
try {
  const settings = readAppSettings(
    (key) => app.node.tryGetContext(key),
    Object.keys(app.node.getAllContext())
  );
  nag = settings.nag;
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

// CloudFormation's validation and cdk-nag's AwsSolutions checks report on every synth and deploy;
// they run again only when the templates or the construct tree changed (lib/rules/app-validations.ts).
// `-c nag=false` leaves cdk-nag out while iterating; `npm test` runs it on the app regardless.
Validations.of(app).addPlugins(...appValidationPlugins({ nag }));
