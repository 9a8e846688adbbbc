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
