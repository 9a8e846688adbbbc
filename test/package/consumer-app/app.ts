/**
 * A consumer's CDK app, as `cdk init app --language typescript` lays one out (CommonJS), using the
 * installed package by its name. Copied into a throwaway directory by consumer-app.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Aspects, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { OAuthScope, UserPool } from 'aws-cdk-lib/aws-cognito';
import {
  AlexaAccountLinking,
  AlexaLinkingRules,
  SkillFunction,
  alexaRedirectUrls,
} from 'alexa-account-linking';

const vendorId = 'M2TESTVENDOR42';
const outdir = process.argv[2] as string;
const app = new App({ outdir });
const stack = new Stack(app, 'ConsumerStack');

const linking = new AlexaAccountLinking(stack, 'AccountLinking', {
  alexaVendorId: vendorId,
  domainPrefix: 'consumer-alexa-sign-in',
});
new SkillFunction(stack, 'Skill', {
  skillId: 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
  // Any linking server: AlexaAccountLinking (Cognito), LoginWithAmazonLinkingServer, OidcLinkingServer.
  linkingServer: linking,
});

// A client of the consumer's own, misconfigured: implicit grant, no secret, one Alexa region only.
const pool = new UserPool(stack, 'OtherPool', { removalPolicy: RemovalPolicy.RETAIN });
pool.addClient('BadClient', {
  generateSecret: false,
  oAuth: {
    flows: { authorizationCodeGrant: true, implicitCodeGrant: true },
    scopes: [OAuthScope.OPENID],
    callbackUrls: alexaRedirectUrls(vendorId).slice(0, 1),
  },
  refreshTokenValidity: Duration.days(3650),
});
Aspects.of(app).add(new AlexaLinkingRules());

const artifact = app.synth().getStackByName(stack.stackName);
fs.writeFileSync(
  path.join(outdir, 'consumer-report.json'),
  JSON.stringify({
    resolvedFrom: require.resolve('alexa-account-linking'),
    templateFile: artifact.templateFile,
    assetsFile: `${artifact.id}.assets.json`,
    messages: artifact.messages.map((m) => ({ level: m.level, text: String(m.entry.data) })),
    // Every module this synth loaded: esbuild must not be among them.
    loadedModules: Object.keys(require.cache),
  })
);
