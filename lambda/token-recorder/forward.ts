/**
 * Sends Alexa's token request on to the linking server's token endpoint, unchanged, and brings
 * back its answer, unchanged, within a deadline. Thin glue around `fetch`: it never follows a
 * redirect (the request carries the client secret and a code or refresh token), and it answers a
 * 5xx of its own when the endpoint is slow or unreachable, which Alexa retries.
 */

/** The request headers passed on: the credentials and what the body is. Nothing else of API Gateway's. */
export const FORWARDED_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'accept-language',
  'user-agent',
] as const;

/** The answer headers passed back: what the body is, how it may be cached, and how to authenticate. */
export const RETURNED_ANSWER_HEADERS = [
  'content-type',
  'cache-control',
  'pragma',
  'www-authenticate',
] as const;

export interface ForwardedRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export type ForwardResult =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: Buffer;
    }
  | { readonly kind: 'timeout' | 'unreachable' | 'redirect_refused' };

/**
 * Forwards `request` to `tokenUrl`; the whole exchange (connect, send, read the answer) must end
 * within `deadlineMs`.
 */
export async function forwardTokenRequest(
  tokenUrl: string,
  request: ForwardedRequest,
  deadlineMs: number
): Promise<ForwardResult> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const signal = AbortSignal.timeout(deadlineMs);
  try {
    const response = await fetch(tokenUrl, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
      // 'manual', not 'error': a redirect is told apart from an unreachable server, and not followed.
      redirect: 'manual',
      signal,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      return { kind: 'redirect_refused' };
    }
    const body = Buffer.from(await response.arrayBuffer());
    const returned: Record<string, string> = {};
    for (const name of RETURNED_ANSWER_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) returned[name] = value;
    }
    return { kind: 'answered', status: response.status, headers: returned, body };
  } catch {
    // The error itself is not kept: its message can quote the request.
    return { kind: signal.aborted ? 'timeout' : 'unreachable' };
  }
}
