// bin/app.ts: the Acme Plug smart home skill's CDK app. The settings come from cdk.json's context
// (or -c).
import * as path from 'node:path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { AlexaAccountLinking, DeviceTable, SmartHomeFunction } from 'alexa-account-linking';

const app = new App();
const setting = (name: string): string => {
  const value: unknown = app.node.tryGetContext(name);
  if (typeof value !== 'string' || value === '') {
    throw new Error(`Set the context value ${name} in cdk.json or with -c ${name}=...`);
  }
  return value;
};

const acmeCloudUrl = setting('acmeCloudUrl');
if (!/^https:\/\/[^/\s]+/.test(acmeCloudUrl)) {
  throw new Error(
    `Invalid acmeCloudUrl: received ${JSON.stringify(acmeCloudUrl)}. Expected the Acme cloud's HTTPS base URL, e.g. https://api.acme-plug.example/v1.`
  );
}

const stack = new Stack(app, 'AcmePlugSkill');

// The user pool, its sign-in domain and the app client Alexa links with.
const linking = new AlexaAccountLinking(stack, 'AccountLinking', {
  alexaVendorId: setting('alexaVendorId'),
  domainPrefix: setting('domainPrefix'),
});

// The skill's own code (lambda/smart-home.ts), bundled at synth with this app's esbuild. The
// device table is where AcceptGrant keeps Amazon's tokens once events credentials are set up;
// the plugs themselves live in the Acme cloud.
const smartHome = new SmartHomeFunction(stack, 'SmartHome', {
  skillId: setting('skillId'),
  linkingEnvironment: { LINKING_SERVER: linking.linkingServerName, ...linking.functionEnvironment },
  deviceTable: new DeviceTable(stack, 'Devices'),
  entry: path.join(__dirname, '..', 'lambda', 'smart-home.ts'),
});
// Where the device port finds the Acme cloud (lambda/acme-plug-port.ts).
smartHome.smartHomeFunction.addEnvironment('ACME_CLOUD_URL', acmeCloudUrl);

// What the Alexa developer console asks for: the smart home endpoint, and the account linking
// page's values. The client secret never goes into a template or output: ClientSecretCommand
// prints it.
new CfnOutput(stack, 'SmartHomeEndpoint', { value: smartHome.smartHomeFunction.functionArn });
new CfnOutput(stack, 'AuthorizationUri', { value: linking.authorizationUrl });
new CfnOutput(stack, 'AccessTokenUri', { value: linking.accessTokenUrl });
new CfnOutput(stack, 'ClientId', { value: linking.clientId });
new CfnOutput(stack, 'ClientSecretCommand', {
  value: `aws cognito-idp describe-user-pool-client --region ${stack.region} --user-pool-id ${linking.userPool.userPoolId} --client-id ${linking.clientId} --query UserPoolClient.ClientSecret --output text`,
});
new CfnOutput(stack, 'Scopes', { value: linking.scopes.join(',') });
new CfnOutput(stack, 'DomainList', { value: linking.domainNames.join(',') });
