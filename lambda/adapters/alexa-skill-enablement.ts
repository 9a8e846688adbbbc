/**
 * The three calls of app-to-app linking started from your app, made with fetch: the Amazon code
 * exchanged at Login with Amazon for the user's Amazon access token, the user's Alexa API
 * endpoints found, and the Skill Enablement API called on them. Answers 429 and 5xx are sent again
 * while the time limit allows; no redirect is followed (a token never leaves for another host).
 * Nothing here logs: tokens and codes stay in these functions' locals.
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step5.html
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step6.html
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html
 */
import {
  failureAnswer,
  isRetryableStatus,
  successAnswer,
  type EnablementAnswer,
  type EnablementOperation,
  type EnablementStep,
  type UpstreamReply,
} from '../core/app-to-app/enablement-answer';
import type { AmazonGrant, AppToAppConfig, LinkRequest } from '../core/app-to-app/link-request';
import { alexaApiOrigins } from '../core/app-to-app/alexa-api-origins';
import { LWA_TOKEN_URL, type EventsCredentials } from './alexa-grant-exchange';

/** Login with Amazon's endpoint discovery: which Alexa API hosts hold the user's account. */
export const ALEXA_API_ENDPOINT_URL = 'https://api.amazon.com/v1/alexaApiEndpoint';
/** Each call's own limit: short, so a retry still fits in the function's time. */
export const CALL_TIMEOUT_MS = 3000;
/** The whole request's limit, under the API Gateway integration's 10 s. */
export const DEADLINE_MS = 8000;

export interface SkillEnablementOptions {
  readonly config: AppToAppConfig;
  /** The skill's app-to-app client credentials (cached by the provider). */
  readonly credentials: () => Promise<EventsCredentials>;
  /** @default LWA_TOKEN_URL */
  readonly tokenUrl?: string;
  /** @default ALEXA_API_ENDPOINT_URL */
  readonly endpointUrl?: string;
  /** @default CALL_TIMEOUT_MS */
  readonly callTimeoutMs?: number;
  /** @default DEADLINE_MS */
  readonly deadlineMs?: number;
  /** Waits before a retry. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SkillEnablement {
  link(request: LinkRequest): Promise<EnablementAnswer>;
  status(grant: AmazonGrant): Promise<EnablementAnswer>;
  unlink(grant: AmazonGrant): Promise<EnablementAnswer>;
}

type Call =
  { ok: true; reply: UpstreamReply; body: unknown } | { ok: false; reply?: UpstreamReply };

class StepFailed extends Error {
  constructor(
    readonly step: EnablementStep,
    readonly reply: UpstreamReply | undefined
  ) {
    super(`${step} failed`);
    this.name = 'StepFailed';
  }
}

export function createSkillEnablement(options: SkillEnablementOptions): SkillEnablement {
  const tokenUrl = options.tokenUrl ?? LWA_TOKEN_URL;
  const endpointUrl = options.endpointUrl ?? ALEXA_API_ENDPOINT_URL;
  const callTimeoutMs = options.callTimeoutMs ?? CALL_TIMEOUT_MS;
  const deadlineMs = options.deadlineMs ?? DEADLINE_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { skillId } = options.config;

  async function call(deadline: number, url: string, init: RequestInit): Promise<Call> {
    for (let attempt = 0; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) return { ok: false };
      let response: Response;
      try {
        response = await fetch(url, {
          ...init,
          // Amazon's APIs never redirect here; following one could carry a token elsewhere.
          redirect: 'error',
          signal: AbortSignal.timeout(Math.min(callTimeoutMs, left)),
        });
      } catch {
        return { ok: false };
      }
      let body: unknown;
      try {
        body = response.status === 204 ? undefined : await response.json();
      } catch {
        body = undefined;
      }
      const error = (body as { error?: unknown } | undefined)?.error;
      const reply: UpstreamReply = {
        status: response.status,
        ...(typeof error === 'string' && /^[a-z_]{1,64}$/.test(error) ? { oauthError: error } : {}),
      };
      if (response.ok) return { ok: true, reply, body };
      const backoff = 200 * 2 ** attempt;
      if (
        !isRetryableStatus(response.status) ||
        deadline - Date.now() < backoff + callTimeoutMs / 3
      ) {
        return { ok: false, reply };
      }
      await sleep(backoff);
    }
  }

  async function accessToken(deadline: number, grant: AmazonGrant): Promise<string> {
    let credentials: EventsCredentials;
    try {
      credentials = await options.credentials();
    } catch {
      // The secret could not be read: nothing the app can fix.
      throw new StepFailed('token', { status: 401, oauthError: 'invalid_client' });
    }
    const result = await call(deadline, tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
        accept: 'application/json',
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: grant.code,
        redirect_uri: grant.redirectUri,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        ...(grant.codeVerifier !== undefined ? { code_verifier: grant.codeVerifier } : {}),
      }).toString(),
    });
    const token = result.ok ? (result.body as { access_token?: unknown }).access_token : undefined;
    if (!result.ok || typeof token !== 'string' || token === '') {
      throw new StepFailed('token', result.ok ? { status: 502 } : result.reply);
    }
    return token;
  }

  async function endpoints(deadline: number, token: string): Promise<string[]> {
    const result = await call(deadline, endpointUrl, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    if (!result.ok) throw new StepFailed('endpoints', result.reply);
    const hosts = alexaApiOrigins((result.body as { endpoints?: unknown } | undefined)?.endpoints);
    // A success naming no Alexa API host: passed on as it came, for the answer to say so.
    if (hosts.length === 0) throw new StepFailed('endpoints', result.reply);
    return hosts;
  }

  /**
   * Calls the enablement resource on each of the user's endpoints: the first success wins; when
   * none succeeds, the most telling failure (anything before a 404, which only says "not here").
   */
  async function onEndpoints(
    operation: EnablementOperation,
    grant: AmazonGrant,
    init: (token: string) => RequestInit
  ): Promise<EnablementAnswer> {
    const deadline = Date.now() + deadlineMs;
    try {
      const token = await accessToken(deadline, grant);
      let failure: UpstreamReply | undefined;
      let reached = false;
      for (const origin of await endpoints(deadline, token)) {
        const result = await call(
          deadline,
          `${origin}/v1/users/~current/skills/${encodeURIComponent(skillId)}/enablement`,
          init(token)
        );
        if (result.ok) return successAnswer(operation, result.body);
        if (result.reply) {
          if (!reached || failure?.status === 404) failure = result.reply;
          reached = true;
        }
      }
      return failureAnswer(operation, 'enablement', failure);
    } catch (error) {
      if (error instanceof StepFailed) return failureAnswer(operation, error.step, error.reply);
      throw error;
    }
  }

  return {
    link: (request) =>
      onEndpoints('link', request.amazon, (token) => ({
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        // The body as Amazon's step 6 shows it.
        body: JSON.stringify({
          stage: request.stage,
          accountLinkRequest: {
            redirectUri: request.amazon.redirectUri,
            authCode: request.authorizationCode,
            type: 'AUTH_CODE',
          },
        }),
      })),
    status: (grant) =>
      onEndpoints('status', grant, (token) => ({
        method: 'GET',
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      })),
    unlink: (grant) =>
      onEndpoints('unlink', grant, (token) => ({
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      })),
  };
}
