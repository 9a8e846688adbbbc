#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountLinkingStack } from '../lib/account-linking-stack';
import { readAppSettings } from '../lib/app-settings/app-settings';

const app = new App();
const settings = readAppSettings((key) => app.node.tryGetContext(key));

new AccountLinkingStack(app, `AlexaAccountLinking-${settings.stage}`, {
  settings,
  description:
    'Alexa skill account linking: Cognito user pool, managed login and the Alexa app client',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
