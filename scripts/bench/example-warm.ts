/**
 * Warm linked-request latency of each example's bundle as deployed, next to its floor's, in one
 * process: the token verified against the bench's key set on loopback (cached after the first
 * request), and what the example does for a linked user (Order Desk: the email from the bench's
 * userInfo endpoint on loopback; Acme Plug: ReportState against the Acme cloud on loopback,
 * reached by its real host name). The loopback call is in both columns alike; the difference is
 * what the runtime API adds.
 */
import { ACME_CLOUD_HOST, createAcmePlugCloud } from '../../test/support/acme-plug-cloud';
import { startHostsOnLoopback } from '../../test/support/cognito-on-loopback';
import { reportState } from '../../test/support/directives';
import { intentRequest } from '../../test/support/envelopes';
import { loadWithEnv } from './linking-servers';
import { accessTokenClaims, signRs256, type TestKey } from '../../test/support/jwt';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** The bench's own sampler: `count` sequential requests after a warm-up, sorted, in ms. */
export type Latencies = <Event>(
  handler: (event: Event, context: unknown) => Promise<unknown>,
  makeEvent: () => Event,
  count: number
) => Promise<number[]>;

/** The two bundles of one example and the environment both run with. */
export interface ExampleBundles {
  readonly name: 'custom-skill' | 'smart-home';
  readonly file: string;
  readonly floorFile: string;
  readonly environment: Record<string, string>;
}

/** p50 and p99 of the example and its floor, as a row each: [label, p50, p99]. */
export async function exampleWarmRows(
  bundles: ExampleBundles,
  /** The key of the key set Cognito's JWKS URL answers with in this run (bench.ts routes it). */
  key: TestKey,
  latencies: Latencies,
  count: number
): Promise<(string | number)[][]> {
  const token = signRs256(key, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) + 7200 }));
  const realFetch = globalThis.fetch;
  const closers: (() => Promise<void>)[] = [];
  try {
    const environment: Record<string, string> = {
      ...bundles.environment,
      POWERTOOLS_LOG_LEVEL: 'INFO',
    };
    let makeEvent: () => unknown;
    if (bundles.name === 'custom-skill') {
      const applicationId = environment.SKILL_ID;
      makeEvent = () => intentRequest('OrderIntent', { applicationId, accessToken: token });
    } else {
      // The token's user owns plug-desk, online.
      const acme = createAcmePlugCloud();
      acme.reset(accessTokenClaims().sub as string, 'another-user');
      const cloud = await startHostsOnLoopback([ACME_CLOUD_HOST], acme.handle);
      closers.push(() => cloud.close());
      globalThis.fetch = cloud.fetch;
      makeEvent = () => reportState(token, 'plug-desk');
    }
    const row = async (label: string, file: string) => {
      const sorted = await latencies(loadWithEnv<Handler>(file, environment), makeEvent, count);
      const at = (p: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
      return [label, at(50).toFixed(3), at(99).toFixed(3)];
    };
    return [
      await row(`examples/${bundles.name} as deployed`, bundles.file),
      await row(`examples/${bundles.name} floor`, bundles.floorFile),
    ];
  } finally {
    globalThis.fetch = realFetch;
    for (const close of closers) await close();
  }
}
