// bin/app.ts: the Order Desk skill's CDK app. The settings come from cdk.json's context (or -c).
import * as path from 'node:path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
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

// What the Alexa developer console's account linking page asks for. The client secret never goes
// into a template or output: ClientSecretCommand prints it.
new CfnOutput(stack, 'AuthorizationUri', { value: linking.authorizationUrl });
new CfnOutput(stack, 'AccessTokenUri', { value: linking.accessTokenUrl });
new CfnOutput(stack, 'ClientId', { value: linking.clientId });
new CfnOutput(stack, 'ClientSecretCommand', {
  value: `aws cognito-idp describe-user-pool-client --region ${stack.region} --user-pool-id ${linking.userPool.userPoolId} --client-id ${linking.clientId} --query UserPoolClient.ClientSecret --output text`,
});
new CfnOutput(stack, 'Scopes', { value: linking.scopes.join(',') });
new CfnOutput(stack, 'DomainList', { value: linking.domainNames.join(',') });
