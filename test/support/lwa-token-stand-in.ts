/**
 * A loopback stand-in for Login with Amazon's token endpoint, as AcceptGrant's exchange meets it:
 * a form POST with grant_type, code, client_id and client_secret; tokens for the one good code,
 * `invalid_grant` for any other (an expired or used code), `invalid_client` for wrong credentials.
 * A second good code gets other tokens, for two Alexa users granting on one linked account.
 */
import type { IncomingMessage } from 'node:http';
import { sendJson, startHttpServer, type LoopbackServer } from './loopback';

/** The skill's "Alexa Skill Messaging" credentials in these tests. */
export const EVENTS_CREDENTIALS = {
  clientId: 'amzn1.application-oa2-client.eventsfixture0123456789',
  clientSecret: 'events-fixture-client-secret-4d6f8a0c2e4a6c8e0a2c',
} as const;
export const GOOD_GRANT_CODE = 'ANUbUKCJqlBOpMhwYWxU';
export const EXPIRED_GRANT_CODE = 'ANexpiredGrantCodeXYZ';
export const AMAZON_TOKENS = {
  access_token: 'Atza|events-fixture-access-token-0f2e4d6c8b0a',
  refresh_token: 'Atzr|events-fixture-refresh-token-1a3c5e7a9c1e',
  token_type: 'bearer',
  expires_in: 3600,
} as const;
export const OTHER_GRANT_CODE = 'ANotherAlexaUsersGrantCode';
export const OTHER_AMAZON_TOKENS = {
  ...AMAZON_TOKENS,
  access_token: 'Atza|events-fixture-other-access-token-7b9d1f3a5c7e',
  refresh_token: 'Atzr|events-fixture-other-refresh-token-2b4d6f8a0c2e',
} as const;

export interface RecordedTokenRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly form: Record<string, string>;
}

export interface LwaStandIn extends LoopbackServer {
  readonly tokenUrl: string;
  readonly requests: RecordedTokenRequest[];
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startLwaStandIn(): Promise<LwaStandIn> {
  const requests: RecordedTokenRequest[] = [];
  const server = await startHttpServer((req, res) => {
    void body(req).then((text) => {
      const form = Object.fromEntries(new URLSearchParams(text));
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        form,
      });
      if (req.method !== 'POST' || req.url !== '/auth/o2/token') {
        sendJson(res, 404, { error: 'not_found' });
      } else if (
        form.client_id !== EVENTS_CREDENTIALS.clientId ||
        form.client_secret !== EVENTS_CREDENTIALS.clientSecret
      ) {
        sendJson(res, 401, {
          error: 'invalid_client',
          error_description: 'Client authentication failed',
        });
      } else if (form.grant_type === 'authorization_code' && form.code === OTHER_GRANT_CODE) {
        sendJson(res, 200, OTHER_AMAZON_TOKENS);
      } else if (form.grant_type !== 'authorization_code' || form.code !== GOOD_GRANT_CODE) {
        sendJson(res, 400, {
          error: 'invalid_grant',
          error_description: 'The request has an invalid grant parameter : code',
        });
      } else {
        sendJson(res, 200, AMAZON_TOKENS);
      }
    });
  });
  return Object.assign(server, { tokenUrl: `${server.url}/auth/o2/token`, requests });
}
