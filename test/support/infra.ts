import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { readAppSettings, type AppSettings } from '../../lib/app-settings/app-settings';

export const VENDOR_ID = 'M2TESTVENDOR42';
export const SKILL_ID = 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d';

/** Context a real deployment would use; tests override single keys. */
export const TEST_CONTEXT: Readonly<Record<string, unknown>> = {
  alexaVendorId: VENDOR_ID,
  skillId: SKILL_ID,
  domainPrefix: 'acme-alexa-sign-in',
};

export function settingsFrom(context: Record<string, unknown> = {}): AppSettings {
  const merged: Record<string, unknown> = { ...TEST_CONTEXT, ...context };
  return readAppSettings((key) => merged[key]);
}

/**
 * A fresh app for one test. Bundling is skipped unless asked for: most tests read the template,
 * and esbuild would otherwise run once per stack.
 */
export function newApp(options: { bundle?: boolean; outdir?: string } = {}): App {
  return new App({
    outdir: options.outdir,
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
}

export function newStack(app: App = newApp()): Stack {
  return new Stack(app, 'TestStack');
}

export function synthAccountLinkingStack(context: Record<string, unknown> = {}) {
  const app = newApp();
  const stack = new AccountLinkingStack(app, 'AlexaAccountLinking-test', {
    settings: settingsFrom(context),
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** The one resource of a type in a template, failing the test if there is not exactly one. */
export function onlyResource(
  template: Template,
  type: string
): { logicalId: string; properties: Record<string, unknown> } {
  const resources = template.findResources(type);
  const ids = Object.keys(resources);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  const logicalId = ids[0] as string;
  return {
    logicalId,
    properties: (resources[logicalId] as { Properties: Record<string, unknown> }).Properties,
  };
}

/** A Login with Amazon security profile's client ID, as the console shows it. */
export const LWA_CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';

/** Context for `linkingServer=login-with-amazon`. */
export const LWA_CONTEXT: Readonly<Record<string, unknown>> = {
  linkingServer: 'login-with-amazon',
  lwaClientId: LWA_CLIENT_ID,
  lwaClientSecretName: 'alexa/lwa-linking',
};

/** Context for `linkingServer=oidc`, an Auth0 tenant (its issuer ends with a slash). */
export const OIDC_CONTEXT: Readonly<Record<string, unknown>> = {
  linkingServer: 'oidc',
  oidcIssuer: 'https://acme.eu.auth0.com/',
  oidcAudience: 'https://alexa.acme.example/api',
  oidcClientId: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
  oidcClientSecretName: 'alexa/auth0-linking',
  oidcAuthorizationUrl: 'https://acme.eu.auth0.com/authorize',
  oidcTokenUrl: 'https://acme.eu.auth0.com/oauth/token',
  oidcUserInfoUrl: 'https://acme.eu.auth0.com/userinfo',
};

/** One `signInWith` entry per provider, as cdk.json would hold it. */
export const SIGN_IN_WITH = {
  amazon: { clientId: LWA_CLIENT_ID, clientSecretName: 'alexa/lwa' },
  google: {
    clientId: '123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com',
    clientSecretName: 'alexa/google',
  },
  facebook: { clientId: '1234567890123456', clientSecretName: 'alexa/facebook' },
  oidc: {
    name: 'Auth0',
    issuer: 'https://acme.eu.auth0.com/',
    clientId: 'Xy7AbC9dEfGhIjKlMnOpQrStUvWx1234',
    clientSecretName: 'alexa/auth0',
  },
} as const;
