/**
 * What each function's init leaves for later (issue 11), and what it never loads: Powertools,
 * whose lines the functions' own logger and EMF writer write (issue 19). Each entry is loaded from its sources in a fresh Node.js process, with the
 * environment its function gets, and the process reports which of the deferred packages its
 * module cache holds: none after init, and the ones a first request needs after that request.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { launchRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import { CLIENT_ID, USER_POOL_ID } from '../support/jwt';

const ROOT = path.join(__dirname, '..', '..');

/** Packages a function may load on first use only (Powertools: never). */
const DEFERRED = [
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/commons',
  '@aws-sdk/client-cloudformation',
  '@aws-sdk/client-secrets-manager',
];

interface Loaded {
  readonly afterInit: string[];
  readonly afterFirstEvent?: string[];
}

/**
 * Requires `entry` (relative to the project root) and lists the DEFERRED packages loaded; with
 * `firstEvent`, calls the handler with it and lists them again.
 */
function loadedBy(entry: string, env: Record<string, string>, firstEvent?: unknown): Loaded {
  const script = `
    const deferred = ${JSON.stringify(DEFERRED)};
    const loaded = () => deferred.filter((name) =>
      Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/')));
    const { handler } = require(${JSON.stringify(path.join(ROOT, entry))});
    const report = { afterInit: loaded() };
    const event = ${JSON.stringify(firstEvent ?? null)};
    (event ? handler(event, {}) : Promise.resolve()).then(() => {
      if (event) report.afterFirstEvent = loaded();
      process.stderr.write('\\nloaded=' + JSON.stringify(report) + '\\n');
    });
  `;
  const { NODE_OPTIONS: _jestOptions, ...parentEnv } = process.env;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    env: { ...parentEnv, AWS_REGION: 'us-east-1', POWERTOOLS_METRICS_DISABLED: 'false', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const match = /loaded=(.*)/.exec(result.stderr);
  if (result.status !== 0 || !match?.[1]) {
    throw new Error(`${entry} exited ${result.status}:\n${result.stderr.slice(-2000)}`);
  }
  return JSON.parse(match[1]) as Loaded;
}

describe('work each function leaves out of its init', () => {
  test('the custom skill loads none of them at init, nor Powertools with its first request', () => {
    const loaded = loadedBy(
      'lambda/custom-skill/index.ts',
      {
        SKILL_ID,
        LINKING_SERVER: 'cognito',
        USER_POOL_ID,
        USER_POOL_CLIENT_ID: CLIENT_ID,
        SIGN_IN_DOMAIN_URL: 'https://example.auth.us-east-1.amazoncognito.com',
      },
      launchRequest()
    );
    expect(loaded.afterInit).toEqual([]);
    // The request's log line and its metrics are written in-house (lambda/adapters/logger.ts,
    // emf-metrics.ts); a launch needs no secret and no stack status.
    expect(loaded.afterFirstEvent).toEqual([]);
  }, 60_000);

  test('the smart home function builds neither Powertools nor the Secrets Manager client at init', () => {
    const loaded = loadedBy('lambda/smart-home/index.ts', {
      SKILL_ID,
      LINKING_SERVER: 'cognito',
      USER_POOL_ID,
      USER_POOL_CLIENT_ID: CLIENT_ID,
      SIGN_IN_DOMAIN_URL: 'https://example.auth.us-east-1.amazoncognito.com',
      DEVICES_TABLE_NAME: 'devices',
      // Configured, so AcceptGrant could read it: still not before the first AcceptGrant.
      ALEXA_EVENTS_SECRET_ID: 'alexa-events-credentials',
    });
    expect(loaded.afterInit).toEqual([]);
  }, 60_000);

  test('the link settings function builds its CloudFormation client only when a deploy fails', () => {
    const loaded = loadedBy('lambda/link-settings/index.ts', {});
    // Every Create and Update reads the secrets (and the pool client), so those are built at init.
    expect(loaded.afterInit).toEqual(['@aws-sdk/client-secrets-manager']);
  }, 60_000);
});
