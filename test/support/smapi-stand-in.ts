/**
 * A loopback stand-in for Login with Amazon's token endpoint and the Skill Management API's
 * account-linking resource. It records every request and answers from a script, so tests can see
 * exact bodies and headers and play 429s, 5xx and errors.
 */
import type * as http from 'node:http';
import { LWA_FIXTURE, SMAPI_FIXTURE_ACCESS_TOKEN } from './fixture-secrets';
import { sendJson, startHttpServer, type LoopbackServer } from './loopback';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** When the request ended (epoch ms). */
  readonly at: number;
}

export interface ScriptedAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Close the connection without answering: a network error. */
  readonly drop?: boolean;
  /** Never answer: a timeout. */
  readonly hang?: boolean;
}

export interface SmapiStandIn {
  readonly lwaTokenUrl: string;
  readonly smapiBaseUrl: string;
  readonly requests: RecordedRequest[];
  /** Answers to give before the default behaviour, in order, for each endpoint. */
  readonly lwaScript: ScriptedAnswer[];
  readonly smapiScript: ScriptedAnswer[];
  /** What GET returns as the skill's current settings. */
  current: Record<string, unknown>;
  close(): Promise<void>;
}

function answer(res: http.ServerResponse, scripted: ScriptedAnswer): void {
  if (scripted.drop) return void res.socket?.destroy();
  if (scripted.hang) return;
  res.writeHead(scripted.status ?? 200, {
    'content-type': 'application/json',
    ...scripted.headers,
  });
  res.end(JSON.stringify(scripted.body ?? {}));
}

export async function startSmapiStandIn(skillId: string): Promise<SmapiStandIn> {
  const state = {
    lwaScript: [] as ScriptedAnswer[],
    smapiScript: [] as ScriptedAnswer[],
    requests: [] as RecordedRequest[],
    current: {} as Record<string, unknown>,
  };
  const server: LoopbackServer = await startHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      state.requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        at: Date.now(),
      });
      if (req.url === '/auth/o2/token') {
        const scripted = state.lwaScript.shift();
        if (scripted) return answer(res, scripted);
        const form = new URLSearchParams(body);
        const valid =
          form.get('grant_type') === 'refresh_token' &&
          form.get('refresh_token') === LWA_FIXTURE.refreshToken &&
          form.get('client_id') === LWA_FIXTURE.clientId &&
          form.get('client_secret') === LWA_FIXTURE.clientSecret;
        return valid
          ? sendJson(res, 200, {
              access_token: SMAPI_FIXTURE_ACCESS_TOKEN,
              token_type: 'bearer',
              expires_in: 3600,
            })
          : sendJson(res, 400, {
              error: 'invalid_grant',
              error_description: 'The request has an invalid grant parameter',
            });
      }
      const scripted = state.smapiScript.shift();
      if (scripted) return answer(res, scripted);
      if (req.headers.authorization !== SMAPI_FIXTURE_ACCESS_TOKEN)
        return sendJson(res, 401, { message: 'Token is invalid or expired.' });
      if (!req.url?.startsWith(`/v1/skills/${encodeURIComponent(skillId)}/stages/`))
        return sendJson(res, 404, { message: 'Resource not found.' });
      // The API's stageV2: any other stage is a bad request, as Amazon answers it.
      const stage = req.url.split('/')[5];
      if (!['development', 'live', 'certification'].includes(stage ?? ''))
        return sendJson(res, 400, { message: `Invalid stage: ${stage}` });
      if (req.method === 'GET')
        return sendJson(res, 200, { accountLinkingResponse: state.current });
      res.writeHead(204);
      return res.end();
    });
  });
  return Object.assign(state, {
    lwaTokenUrl: `${server.url}/auth/o2/token`,
    smapiBaseUrl: server.url,
    close: () => server.close(),
  });
}
