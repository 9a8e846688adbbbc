/**
 * App-to-app linking started from your app: what the app's backend is answered for each thing
 * Login with Amazon or the Alexa Skill Enablement API said. Pure: no SDK, no network.
 *
 * The status codes and their meanings come from Amazon's pages:
 * @see https://developer.amazon.com/en-US/docs/alexa/account-linking/your-app-to-alexa-step6.html
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html
 * @see https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html
 */

/** The three calls the function makes on the app's behalf, in order. */
export type EnablementStep = 'token' | 'endpoints' | 'enablement';
/** What the app asked: link (POST), status (GET) or unlink (DELETE). */
export type EnablementOperation = 'link' | 'status' | 'unlink';

/** What the function tells the app: an HTTP status and a body the app can act on. */
export interface EnablementAnswer {
  readonly statusCode: number;
  readonly body: {
    /** A stable snake_case word the app switches on. */
    readonly error?: string;
    /** True when the same request may succeed later (throttled, Amazon unavailable). */
    readonly retryable?: boolean;
    readonly message?: string;
    /** The Skill Enablement API's own `status` (e.g. ENABLED), on success. */
    readonly status?: string;
    /** The Skill Enablement API's `accountLink.status` (e.g. LINKED), on success. */
    readonly accountLinkStatus?: string;
    readonly enabled?: boolean;
  };
}

/** One answer from Amazon: its HTTP status and, for Login with Amazon, its OAuth `error` word. */
export interface UpstreamReply {
  readonly status: number;
  readonly oauthError?: string;
}

/** True for the answers worth sending again inside the time limit: throttled or unavailable. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * The answer for a failed call. `reply` is undefined when no answer came (timeout, network,
 * refused redirect).
 */
export function failureAnswer(
  operation: EnablementOperation,
  step: EnablementStep,
  reply: UpstreamReply | undefined
): EnablementAnswer {
  if (reply === undefined) {
    return answer(504, 'amazon_unreachable', true, `no answer from Amazon (${step})`);
  }
  const { status } = reply;
  if (status === 429) return answer(429, 'throttled', true, `Amazon throttled the ${step} call`);
  if (status >= 500) return answer(503, 'amazon_unavailable', true, `Amazon answered ${status}`);
  if (step === 'token') return tokenFailure(reply);
  if (step === 'endpoints' && status < 400) {
    // Discovery answered, but with no host of the Skill Enablement API this function knows.
    return answer(502, 'endpoint_unknown', false, 'Amazon named no known Alexa API endpoint');
  }
  if (step === 'endpoints') {
    // The Amazon access token was just issued: a refusal means it lacks the scope.
    return answer(
      403,
      'amazon_scope_missing',
      false,
      'the Amazon authorization code was not granted alexa::skills:account_linking'
    );
  }
  switch (status) {
    case 400:
      return answer(
        400,
        'enablement_bad_request',
        false,
        "Alexa refused the request: check that redirectUri is one of the skill's app redirect URLs and that your authorization code is fresh and was issued for it"
      );
    case 401:
      return answer(
        410,
        'enablement_gone',
        false,
        'the skill is no longer enabled for this Amazon account (disabled in the Alexa app): link again'
      );
    case 403:
      return answer(
        403,
        'enablement_forbidden',
        false,
        'Amazon refused: the Amazon code lacks alexa::skills:account_linking, or the skill stage is development and the Amazon account is not a beta tester or the developer'
      );
    case 404:
      return operation === 'status'
        ? { statusCode: 200, body: { enabled: false } }
        : answer(404, 'not_enabled', false, 'the skill is not enabled for this Amazon account');
    default:
      return answer(502, 'enablement_failed', false, `Alexa answered ${status}`);
  }
}

function tokenFailure(reply: UpstreamReply): EnablementAnswer {
  if (reply.oauthError === 'invalid_grant' || reply.oauthError === 'invalid_request') {
    return answer(
      400,
      'amazon_code_invalid',
      false,
      'the Amazon authorization code is expired (they last 5 minutes), was already used, or its redirect URI or PKCE verifier does not match: get a new one'
    );
  }
  if (reply.oauthError === 'unauthorized_client' || reply.oauthError === 'invalid_scope') {
    return answer(403, 'amazon_scope_missing', false, 'the Amazon code is not for this skill');
  }
  // invalid_client and anything else: our own credentials, nothing the app can fix.
  return answer(
    502,
    'server_misconfigured',
    false,
    "Login with Amazon refused the skill's app-to-app client credentials"
  );
}

// Amazon's status words are upper-case enums (ENABLED, LINKED); anything else is not passed on.
const STATUS_WORD = /^[A-Z][A-Z_]{0,31}$/;

/** The answer for a success: 201 for a new link, 204 for an unlink, 200 with the status. */
export function successAnswer(
  operation: EnablementOperation,
  enablement: unknown
): EnablementAnswer {
  if (operation === 'unlink') return { statusCode: 204, body: {} };
  const fields = (typeof enablement === 'object' && enablement !== null ? enablement : {}) as {
    status?: unknown;
    accountLink?: { status?: unknown } | null;
  };
  const word = (value: unknown) =>
    typeof value === 'string' && STATUS_WORD.test(value) ? value : undefined;
  const status = word(fields.status);
  const accountLinkStatus = word(fields.accountLink?.status);
  return {
    statusCode: operation === 'link' ? 201 : 200,
    body: {
      enabled: true,
      ...(status !== undefined ? { status } : {}),
      ...(accountLinkStatus !== undefined ? { accountLinkStatus } : {}),
    },
  };
}

function answer(
  statusCode: number,
  error: string,
  retryable: boolean,
  message: string
): EnablementAnswer {
  return { statusCode, body: { error, retryable, message } };
}
