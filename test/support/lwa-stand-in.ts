/**
 * A loopback stand-in for Login with Amazon's token-info endpoint and profile API, answering as
 * Amazon documents them: token-info takes the token in `x-amz-access-token` and answers `aud`,
 * `user_id` and `exp` (the seconds the token has left); the profile API takes `Authorization:
 * Bearer` and answers `user_id`, `name`, `email`. Unknown tokens get 400 `invalid_token`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sendJson, startHttpServer, type LoopbackServer } from './loopback';

export const LWA_CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
export const OTHER_LWA_CLIENT_ID = 'amzn1.application-oa2-client.fedcba9876543210fedcba9876543210';

export type LwaBehaviour = 'serve' | 'fail' | 'slow' | 'garbage' | 'down';

export interface LwaAccount {
  readonly userId: string;
  readonly name: string;
  readonly email: string;
}

export const ADA: LwaAccount = {
  userId: 'amzn1.account.AFAKEUSERIDFORADA0000000000',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
};

interface Issued {
  readonly account: LwaAccount;
  readonly aud: string;
  secondsLeft: number;
}

export interface RecordedRequest {
  readonly path: string;
  /** The request line's target, path and query: where a token must never be. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface LwaStandIn {
  readonly tokenInfoUrl: string;
  readonly profileUrl: string;
  readonly requests: RecordedRequest[];
  tokenInfoBehaviour: LwaBehaviour;
  profileBehaviour: LwaBehaviour;
  /** A fresh `Atza|` token Amazon would issue to `aud` for the account. */
  issue(options?: { account?: LwaAccount; aud?: string; secondsLeft?: number }): string;
  /** Forget a token, as Amazon does once it is revoked. */
  revoke(token: string): void;
  callsTo(path: '/auth/o2/tokeninfo' | '/user/profile'): number;
  close(): Promise<void>;
}

/** An access token shaped like Amazon's: `Atza|` and about 400 characters. */
export function lwaShapedToken(): string {
  return `Atza|IwEB${randomBytes(300).toString('base64url')}`;
}

export async function startLwaStandIn(): Promise<LwaStandIn> {
  const issued = new Map<string, Issued>();
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const state = {
    tokenInfoBehaviour: 'serve' as LwaBehaviour,
    profileBehaviour: 'serve' as LwaBehaviour,
  };

  const server: LoopbackServer = await startHttpServer((req, res) => {
    const url = req.url ?? '';
    const path = url.split('?')[0] ?? '';
    requests.push({ path, url, headers: req.headers });
    const behaviour =
      path === '/auth/o2/tokeninfo' ? state.tokenInfoBehaviour : state.profileBehaviour;
    const answer = () => {
      switch (behaviour) {
        case 'down':
          return res.destroy();
        case 'fail':
          return sendJson(res, 500, { error: 'ServerError' });
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"aud": "amzn1.application-oa2-cli');
        case 'serve':
        case 'slow':
          break;
      }
      if (path === '/auth/o2/tokeninfo') {
        const token = req.headers['x-amz-access-token'];
        const found = typeof token === 'string' ? issued.get(token) : undefined;
        if (!found)
          return sendJson(res, 400, {
            error: 'invalid_token',
            error_description: 'The request has an invalid parameter : access_token',
          });
        return sendJson(res, 200, {
          iss: 'https://www.amazon.com',
          user_id: found.account.userId,
          aud: found.aud,
          app_id: 'amzn1.application.0123456789abcdef0123456789abcdef',
          exp: found.secondsLeft,
          iat: Math.floor(Date.now() / 1000) - 60,
        });
      }
      if (path === '/user/profile') {
        const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
        const found = match?.[1] ? issued.get(match[1]) : undefined;
        if (!found)
          return sendJson(res, 401, {
            error: 'invalid_token',
            error_description: 'The access token provided is invalid',
          });
        return sendJson(res, 200, {
          user_id: found.account.userId,
          name: found.account.name,
          email: found.account.email,
        });
      }
      return sendJson(res, 404, { error: 'not_found' });
    };
    if (behaviour === 'slow') {
      const t = setTimeout(() => {
        pending.delete(t);
        answer();
      }, 3000);
      pending.add(t);
    } else answer();
  });

  return Object.assign(state, {
    tokenInfoUrl: `${server.url}/auth/o2/tokeninfo`,
    profileUrl: `${server.url}/user/profile`,
    requests,
    issue(options: { account?: LwaAccount; aud?: string; secondsLeft?: number } = {}) {
      const token = lwaShapedToken();
      issued.set(token, {
        account: options.account ?? ADA,
        aud: options.aud ?? LWA_CLIENT_ID,
        secondsLeft: options.secondsLeft ?? 3600,
      });
      return token;
    },
    revoke(token: string) {
      issued.delete(token);
    },
    callsTo(path: string) {
      return requests.filter((r) => r.path === path).length;
    },
    async close() {
      for (const t of pending) clearTimeout(t);
      await server.close();
    },
  });
}
