/**
 * The token-exchange recorder's handler: an API Gateway HTTP API route in front of the linking
 * server's token endpoint. It passes Alexa's request on unchanged, answers with the endpoint's
 * answer unchanged (status, body bytes, content type, cache headers), and reports one record of
 * the exchange. When the endpoint is slow, unreachable or redirects, it answers a 5xx of its own,
 * which Alexa retries.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { recordExchange, type ExchangeRecord, type TokenAnswer } from './exchange-record';
import type { ForwardResult, forwardTokenRequest } from './forward';
import { DEFAULT_DEADLINE_MS } from '../core/token-recorder-config';

export interface TokenRecorderDependencies {
  /** The linking server's own token endpoint. */
  readonly tokenUrl: string;
  readonly deadlineMs?: number;
  readonly forward: typeof forwardTokenRequest;
  /** Logs and counts the record; a failure here never reaches Alexa. */
  readonly report: (record: ExchangeRecord) => void;
  readonly now?: () => number;
}

const OWN_ANSWERS = {
  timeout: { status: 504, description: 'the token endpoint did not answer in time' },
  unreachable: { status: 502, description: 'the token endpoint could not be reached' },
  redirect_refused: { status: 502, description: 'the token endpoint answered with a redirect' },
} as const;

export function createTokenRecorderHandler(deps: TokenRecorderDependencies) {
  const now = deps.now ?? (() => performance.now());
  const deadlineMs = deps.deadlineMs ?? DEFAULT_DEADLINE_MS;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const started = now();
    const headers = lowerCased(event.headers);
    const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    const result = await deps.forward(
      deps.tokenUrl,
      { method: event.requestContext.http.method, headers, body },
      deadlineMs
    );
    const latencyMs = now() - started;
    const form = /^application\/x-www-form-urlencoded/i.test(headers['content-type'] ?? '')
      ? new URLSearchParams(body.toString('utf8'))
      : new URLSearchParams();
    try {
      deps.report(
        recordExchange({ form, authorization: headers.authorization }, answerOf(result), latencyMs)
      );
    } catch {
      // Recording is for the developer; the exchange is the user's and goes on regardless.
    }
    return responseOf(result);
  };
}

function answerOf(result: ForwardResult): TokenAnswer {
  if (result.kind !== 'answered')
    return { kind: result.kind, status: OWN_ANSWERS[result.kind].status };
  return {
    kind: 'answered',
    status: result.status,
    contentType: result.headers['content-type'],
    body: result.body.toString('utf8'),
  };
}

function responseOf(result: ForwardResult): APIGatewayProxyStructuredResultV2 {
  if (result.kind === 'answered') {
    return {
      statusCode: result.status,
      headers: result.headers,
      // Base64, so the bytes come back exactly as the endpoint sent them.
      body: result.body.toString('base64'),
      isBase64Encoded: true,
    };
  }
  const own = OWN_ANSWERS[result.kind];
  return {
    statusCode: own.status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ error: 'temporarily_unavailable', error_description: own.description }),
    isBase64Encoded: false,
  };
}

function lowerCased(
  headers: Readonly<Record<string, string | undefined>> | undefined
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])
  );
}
