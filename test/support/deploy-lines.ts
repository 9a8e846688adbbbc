/**
 * A documented `npx cdk deploy` line as the CLI would run it: its `-c key=value` pairs over
 * cdk.json's context, read by the app's settings and built into the stack in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccountLinkingStack } from '../../lib/account-linking-stack';
import { readAppSettings } from '../../lib/app-settings/app-settings';
import { settingErrorLines } from '../../lib/app-settings/invalid-settings-error';
import { ROOT } from './doc-pages';
import { newApp } from './infra';

const cdkJsonContext = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** The `-c key=value` pairs of a cdk command line, as the CLI hands them to the app (strings). */
export function contextOf(line: string): Record<string, string> {
  const pairs = [...line.matchAll(/(?:^|\s)(?:-c|--context)\s+([^=\s]+)=(\S*)/g)];
  return Object.fromEntries(pairs.map((match) => [match[1] as string, match[2] as string]));
}

/**
 * The setting errors a deploy line's context gives, one line each, as bin/app.ts prints them;
 * `region` is the home stack's (CDK_DEFAULT_REGION), where the line sets one.
 */
export function settingErrorsOf(line: string, region?: string): string[] {
  const context: Record<string, unknown> = { ...cdkJsonContext, ...contextOf(line) };
  try {
    const settings = readAppSettings((key) => context[key], Object.keys(context));
    new AccountLinkingStack(newApp(), `AlexaAccountLinking-${settings.stage}`, {
      settings,
      ...(region === undefined ? {} : { env: { region } }),
    });
    return [];
  } catch (error) {
    const lines = settingErrorLines(error);
    if (!lines) throw error;
    return lines;
  }
}
