/**
 * Fuzzed: whatever Alexa sends and whatever the token endpoint echoes back (its error_description
 * quoting the code, the refresh token, the client secret, the Authorization header, in plain, URL-
 * and JSON-encoded forms), no piece of a credential reaches the recorder's log line or metrics.
 * The real handler, forwarder, logger and metrics, against a loopback token endpoint.
 */
import fc from 'fast-check';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { forwardTokenRequest } from '../../lambda/token-recorder/forward';
import { createTokenRecorderHandler } from '../../lambda/token-recorder/handler';
import { createExchangeReporter } from '../../lambda/token-recorder/report';
import { startHttpServer, type LoopbackServer } from '../support/loopback';
import { captureOutput } from '../support/output-capture';

const credential = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{16,64}$/);
// The longest piece of a credential allowed to show up by chance next to the fixed log text.
const WINDOW = 10;

let echo: LoopbackServer;
let lastAnswer: Record<string, unknown> = {};

beforeAll(async () => {
  echo = await startHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const quoted = [
        form.get('code'),
        form.get('refresh_token'),
        form.get('client_secret'),
        req.headers.authorization,
        encodeURIComponent(form.get('refresh_token') ?? ''),
        JSON.stringify(form.get('code')),
      ].join(' | ');
      res.writeHead(Number(lastAnswer.status), { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ...lastAnswer, status: undefined, error_description: `bad: ${quoted}` })
      );
    });
  });
});
afterAll(() => echo.close());

function windows(value: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i + WINDOW <= value.length; i += 1) pieces.push(value.slice(i, i + WINDOW));
  return pieces;
}

test('no piece of a code, token, client secret or Authorization header reaches a log line or a metric', async () => {
  const handler = createTokenRecorderHandler({
    tokenUrl: `${echo.url}/oauth/token`,
    forward: forwardTokenRequest,
    report: createExchangeReporter({
      stage: 'fuzz',
    }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        code: credential,
        refreshToken: credential,
        clientSecret: credential,
        accessToken: credential,
        answeredRefresh: credential,
        inBody: fc.boolean(),
        grant: fc.constantFrom('authorization_code', 'refresh_token'),
        answer: fc.constantFrom(400, 401, 200),
      }),
      async (c) => {
        lastAnswer =
          c.answer === 200
            ? {
                status: 200,
                access_token: c.accessToken,
                refresh_token: c.answeredRefresh,
                expires_in: 3600,
              }
            : { status: c.answer, error: c.answer === 401 ? 'invalid_client' : 'invalid_grant' };
        const form = new URLSearchParams({
          grant_type: c.grant,
          ...(c.grant === 'authorization_code'
            ? { code: c.code, redirect_uri: 'https://layla.amazon.com/api/skill/link/M2FUZZ' }
            : { refresh_token: c.refreshToken }),
          ...(c.inBody ? { client_id: 'alexa-skill', client_secret: c.clientSecret } : {}),
        });
        const authorization = `Basic ${Buffer.from(`alexa-skill:${c.clientSecret}`).toString('base64')}`;
        const event = {
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(c.inBody ? {} : { authorization }),
          },
          requestContext: { http: { method: 'POST' } },
          body: form.toString(),
          isBase64Encoded: false,
        } as unknown as APIGatewayProxyEventV2;

        const { result, output } = await captureOutput(() => handler(event));
        expect(result.statusCode).toBe(c.answer);
        expect(output).toContain('"token exchange"');
        expect(output).toContain('"_aws"');
        const credentials = [
          c.grant === 'authorization_code' ? c.code : c.refreshToken,
          c.clientSecret,
          ...(c.answer === 200 ? [c.accessToken, c.answeredRefresh] : []),
          ...(c.inBody ? [] : [authorization.slice('Basic '.length)]),
        ];
        const leaked = credentials.flatMap(windows).filter((piece) => output.includes(piece));
        expect(leaked).toEqual([]);
      }
    ),
    { numRuns: 60 }
  );
}, 60_000);
