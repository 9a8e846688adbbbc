/**
 * Bench rows for the token-exchange recorder (issue 22), each against a floor built in the same
 * run: its cold init as deployed (its bundle from a synthesized assembly with
 * recordTokenExchanges=true) against a bare forwarding function, and the latency it adds to a
 * token exchange on loopback (p50, p99) over calling the token endpoint directly.
 */
import * as path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { TEST_CONTEXT } from '../../test/support/infra';
import { sendJson, startHttpServer } from '../../test/support/loopback';
import {
  alternatingSamples,
  coldInitMs,
  deployedFunctions,
  median,
  pairedRatio,
} from './as-deployed';

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const form = new URLSearchParams({
  grant_type: 'refresh_token',
  refresh_token: 'bench-refresh-token',
});
const event = (): APIGatewayProxyEventV2 =>
  ({
    headers: {
      authorization: `Basic ${Buffer.from('bench-client:bench-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    requestContext: { http: { method: 'POST' } },
    body: form.toString(),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

function loadHandler(file: string, env: Record<string, string>): Handler {
  Object.assign(process.env, env);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { handler: Handler }).handler;
}

async function timed(call: () => Promise<unknown>, count: number): Promise<number[]> {
  const write = process.stdout.write;
  // The recorder's log and EMF lines are formatted as in Lambda, then discarded.
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    for (let i = 0; i < 200; i += 1) await call();
    const samples: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      await call();
      samples.push(performance.now() - started);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    process.stdout.write = write;
  }
}

export async function benchTokenRecorder(options: {
  readonly workDir: string;
  readonly coldSamples: number;
  readonly requests: number;
  readonly tokenValues: Record<string, string>;
  readonly percentile: (sorted: number[], p: number) => number;
  readonly table: (title: string, header: string[], rows: (string | number)[][]) => void;
}): Promise<void> {
  // A token endpoint refusing the refresh, as fast as loopback allows.
  const upstream = await startHttpServer((req, res) => {
    req.resume();
    req.on('end', () => sendJson(res, 400, { error: 'invalid_grant' }));
  });
  try {
    const tokenUrl = `${upstream.url}/oauth2/token`;
    const functions = await deployedFunctions(
      path.join(options.workDir, 'token-recorder'),
      { ...TEST_CONTEXT, recordTokenExchanges: true },
      { ...options.tokenValues, UPSTREAM_TOKEN_URL: tokenUrl }
    );
    const recorder = functions.find((fn) => fn.name === 'token recorder');
    if (!recorder) throw new Error('no token recorder function in the template');

    const [ours = [], floor = []] = alternatingSamples(options.coldSamples, [
      () => coldInitMs(recorder.file, recorder.environment),
      () => coldInitMs(recorder.floorFile, recorder.environment),
    ]);
    const coldRatio = pairedRatio(ours, floor);

    const recorderHandler = loadHandler(recorder.file, recorder.environment);
    const floorHandler = loadHandler(recorder.floorFile, recorder.environment);
    const direct = () =>
      fetch(tokenUrl, {
        method: 'POST',
        headers: event().headers as Record<string, string>,
        body: form.toString(),
      }).then((r) => r.arrayBuffer());
    const p = options.percentile;
    const [viaRecorder, viaFloor, directly] = [
      await timed(() => recorderHandler(event()), options.requests),
      await timed(() => floorHandler(event()), options.requests),
      await timed(direct, options.requests),
    ] as [number[], number[], number[]];
    const row = (name: string, samples: number[]) => [
      name,
      p(samples, 50).toFixed(3),
      p(samples, 99).toFixed(3),
      (p(samples, 50) - p(directly, 50)).toFixed(3),
      (p(samples, 99) - p(directly, 99)).toFixed(3),
    ];
    options.table(
      `Token-exchange recorder: ${options.requests} refreshes on loopback (ms)`,
      ['path', 'p50', 'p99', 'added p50', 'added p99'],
      [
        row('token endpoint directly', directly),
        row('bare forwarding function (floor)', viaFloor),
        row('token-exchange recorder', viaRecorder),
      ]
    );
    options.table(
      'Token-exchange recorder: cold init as deployed (ms)',
      ['function', 'median', 'floor (bare forwarding)', 'ratio', 'target'],
      [
        [
          'token recorder',
          median(ours).toFixed(3),
          median(floor).toFixed(3),
          `${coldRatio.toFixed(2)}x`,
          `<= 1.2x ${coldRatio <= 1.2 ? 'met' : 'MISSED'}`,
        ],
      ]
    );
  } finally {
    await upstream.close();
  }
}
