/**
 * The token-exchange recorder's floor: a bare forwarding function (fetch with a deadline, no
 * redirects, the answer returned), with no recording. Built by the benchmark through the
 * package's recipe, never deployed.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const handler = async (
  event: APIGatewayProxyEventV2
): Promise<APIGatewayProxyStructuredResultV2> => {
  const response = await fetch(process.env.UPSTREAM_TOKEN_URL ?? '', {
    method: 'POST',
    headers: {
      authorization: event.headers.authorization ?? '',
      'content-type': event.headers['content-type'] ?? '',
    },
    body: Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'),
    redirect: 'manual',
    signal: AbortSignal.timeout(4000),
  });
  return {
    statusCode: response.status,
    headers: { 'content-type': response.headers.get('content-type') ?? '' },
    body: Buffer.from(await response.arrayBuffer()).toString('base64'),
    isBase64Encoded: true,
  };
};
