/**
 * One loopback server answering as the three Amazon endpoints app-to-app linking from your app
 * calls, as Amazon's pages describe them:
 * - Login with Amazon's token endpoint (POST /auth/o2/token, a form with grant_type, code,
 *   redirect_uri, client_id, client_secret and, for a PKCE code, code_verifier): tokens for the
 *   good codes, `invalid_grant` for an expired or used one, `invalid_client` for wrong credentials;
 *   each good code works once, as a real one does;
 * - the Alexa API endpoint discovery (GET /v1/alexaApiEndpoint with the Amazon access token);
 * - the Skill Enablement API (POST, GET, DELETE /v1/users/~current/skills/{skillId}/enablement),
 *   answering what the test queued in `enablementReplies`, else success.
 * Tests route https://api.amazon.com and https://api.amazonalexa.com here (routeFetchOrigin).
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step6.html
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startHttpServer, type LoopbackServer } from './loopback';

/** The skill's app-to-app client (the console's Alexa Client ID and secret) in these tests. */
export const APP_TO_APP_CLIENT = {
  clientId: 'amzn1.application-oa2-client.apptoappfixture0123456789',
  clientSecret: 'app-to-app-fixture-client-secret-7c9e1b3d5f7a',
} as const;
export const APP_REDIRECT_URL = 'https://app.example.com/alexa/linked';
let codes = 0;
/** A fresh good Amazon code (each works once): `pkce` for one that needs PKCE_VERIFIER. */
export function amazonCode(kind: 'plain' | 'pkce' = 'plain'): string {
  codes += 1;
  return `${kind === 'pkce' ? 'ANpkce' : 'ANgood'}AmazonCode${codes}`;
}
export const PKCE_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
export const EXPIRED_AMAZON_CODE = 'ANexpiredAmazonCode03';
/** A code whose token request is answered with a redirect, which must not be followed. */
export const REDIRECTING_AMAZON_CODE = 'ANredirectingCode04';
export const AMAZON_ACCESS_TOKEN = 'Atza|app-to-app-fixture-access-token-3e5a7c9e';
export const YOUR_AUTH_CODE = 'your-server-code-5b7d9f1b3d5f';

export interface EnablementReply {
  readonly status: number;
  readonly body?: unknown;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

export interface AppToAppStandIn extends LoopbackServer {
  readonly requests: RecordedRequest[];
  /** Answers for the next enablement calls, in order; once empty, success. */
  readonly enablementReplies: EnablementReply[];
  /** What discovery answers: `{ endpoints }`, changed by a test. */
  readonly discovery: { endpoints: unknown[] };
}

export const ENABLED = {
  skill: { stage: 'development', id: 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d' },
  user: { id: 'amzn1.ask.account.fixture' },
  accountLink: { status: 'LINKED' },
  status: 'ENABLED',
} as const;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startAppToAppStandIn(skillId: string): Promise<AppToAppStandIn> {
  const requests: RecordedRequest[] = [];
  const enablementReplies: EnablementReply[] = [];
  const used = new Set<string>();
  const discovery = { endpoints: ['api.amazonalexa.com'] as unknown[] };

  const token = (res: ServerResponse, form: Record<string, string>) => {
    if (
      form.client_id !== APP_TO_APP_CLIENT.clientId ||
      form.client_secret !== APP_TO_APP_CLIENT.clientSecret
    ) {
      return sendJson(res, 401, { error: 'invalid_client' });
    }
    if (form.code === REDIRECTING_AMAZON_CODE) {
      // To a path of this server that answers with tokens: a client following it would succeed.
      res.writeHead(307, { location: '/redirected/auth/o2/token' });
      return res.end();
    }
    const good =
      form.grant_type === 'authorization_code' &&
      form.redirect_uri === APP_REDIRECT_URL &&
      ((form.code?.startsWith('ANgood') === true && form.code_verifier === undefined) ||
        (form.code?.startsWith('ANpkce') === true && form.code_verifier === PKCE_VERIFIER)) &&
      !used.has(form.code);
    if (!good) {
      return sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: 'The request has an invalid grant parameter : code',
      });
    }
    used.add(form.code as string);
    return sendJson(res, 200, {
      access_token: AMAZON_ACCESS_TOKEN,
      refresh_token: 'Atzr|app-to-app-fixture-refresh-token',
      token_type: 'bearer',
      expires_in: 3600,
    });
  };

  const server = await startHttpServer((req, res) => {
    void readBody(req).then((body) => {
      const path = req.url ?? '';
      requests.push({
        method: req.method ?? '',
        path,
        authorization: req.headers.authorization,
        body,
      });
      if (req.method === 'POST' && path === '/redirected/auth/o2/token') {
        return sendJson(res, 200, {
          access_token: AMAZON_ACCESS_TOKEN,
          token_type: 'bearer',
          expires_in: 3600,
        });
      }
      if (req.method === 'POST' && path === '/auth/o2/token') {
        return token(res, Object.fromEntries(new URLSearchParams(body)));
      }
      if (req.headers.authorization !== `Bearer ${AMAZON_ACCESS_TOKEN}`) {
        return sendJson(res, 401, { message: 'invalid token' });
      }
      if (req.method === 'GET' && path === '/v1/alexaApiEndpoint') {
        return sendJson(res, 200, discovery);
      }
      if (path === `/v1/users/~current/skills/${skillId}/enablement`) {
        const queued = enablementReplies.shift();
        if (queued) return sendJson(res, queued.status, queued.body ?? { message: 'queued' });
        if (req.method === 'POST') return sendJson(res, 201, ENABLED);
        if (req.method === 'GET') return sendJson(res, 200, ENABLED);
        if (req.method === 'DELETE') {
          res.writeHead(204);
          return res.end();
        }
      }
      return sendJson(res, 404, { message: 'not found' });
    });
  });
  return Object.assign(server, { requests, enablementReplies, discovery });
}

/** A loopback stand-in for Secrets Manager's GetSecretValue (JSON 1.1), holding one secret. */
export async function startSecretsStandIn(
  secretId: string,
  secretString: string
): Promise<LoopbackServer & { readonly reads: string[] }> {
  const reads: string[] = [];
  const server = await startHttpServer((req, res) => {
    void readBody(req).then((body) => {
      const target = req.headers['x-amz-target'];
      const { SecretId } = JSON.parse(body || '{}') as { SecretId?: string };
      reads.push(String(SecretId));
      if (target !== 'secretsmanager.GetSecretValue' || SecretId !== secretId) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Name: secretId, SecretString: secretString }));
    });
  });
  return Object.assign(server, { reads });
}
