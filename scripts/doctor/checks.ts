/**
 * The doctor's checks of a live deployment, each answering pass, fail (with the fix) or skip.
 * They only read: a bogus authorization code proves the client credentials without linking anyone.
 */
import { accountLinkingDifferences } from '../../lambda/link-settings/account-linking-request';
import type { LwaCredentials } from '../../lambda/link-settings/account-linking-request';
import type { SmapiClient } from '../../lambda/link-settings/smapi-client';
import type { DeployedLinking } from '../link-config/account-linking-settings';
import { shortLifetimeProblem, tokenAnswerFormatCheck } from './linking-checks';
import type { TokenEndpointVerdict } from './token-endpoint';

export interface CheckResult {
  readonly check: string;
  readonly result: 'pass' | 'warn' | 'fail' | 'skip';
  readonly detail: string;
  readonly fix?: string;
}

export interface DoctorTarget {
  readonly linking: DeployedLinking;
  readonly clientSecret: string;
  /** The key set the skill verifies tokens with (Cognito's for the pool, or the OIDC issuer's). */
  readonly jwksUrl?: string;
  /** Rows found before the checks ran (e.g. the OIDC discovery document). */
  readonly earlier?: readonly CheckResult[];
  /** Whether the client secret may go to the AccessTokenUri (see token-endpoint.ts). */
  readonly tokenEndpoint: TokenEndpointVerdict;
}

export interface DoctorOptions {
  /** Alexa gives the token endpoint 4.5 s. */
  readonly tokenLatencyBudgetMs?: number;
  readonly timeoutMs?: number;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  readonly smapi?: {
    readonly client: SmapiClient;
    readonly credentials: LwaCredentials;
    readonly stage: string;
  };
}

export const ALEXA_TOKEN_LATENCY_BUDGET_MS = 4500;

const pass = (check: string, detail: string): CheckResult => ({ check, result: 'pass', detail });
const fail = (check: string, detail: string, fix: string): CheckResult => ({
  check,
  result: 'fail',
  detail,
  fix,
});

/** The sign-in domain's base URL, from the authorization URL. */
export const domainBaseUrl = (authorizationUrl: string) =>
  authorizationUrl.replace(/\/oauth2\/authorize$/, '');

export async function runChecks(
  target: DoctorTarget,
  options: DoctorOptions = {}
): Promise<CheckResult[]> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const budget = options.tokenLatencyBudgetMs ?? ALEXA_TOKEN_LATENCY_BUDGET_MS;
  const { linking } = target;
  const base = domainBaseUrl(linking.authorizationUrl);
  const fetchImpl = options.fetch ?? fetch;
  const request = async (url: string, init: RequestInit = {}) => {
    try {
      return await fetchImpl(url, {
        redirect: 'manual',
        ...init,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return new Error(
        `${(error as Error).name}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`
      );
    }
  };
  const results: CheckResult[] = [...(target.earlier ?? [])];
  // The authorize, userInfo and login-page checks know Cognito's hosted endpoints only.
  const cognito = linking.linkingServer === 'cognito';

  for (const redirectUri of cognito ? linking.alexaRedirectUrls : []) {
    const check = `authorize with ${new URL(redirectUri).host}`;
    const url = `${linking.authorizationUrl}?${new URLSearchParams({ response_type: 'code', client_id: linking.clientId, redirect_uri: redirectUri, scope: linking.scopes.join(' '), state: 'doctor' })}`;
    const response = await request(url);
    if (response instanceof Error) {
      results.push(
        fail(
          check,
          `no answer (${response.message})`,
          'Check the AuthorizationUri output and that the sign-in domain is deployed (a custom domain needs its DNS alias).'
        )
      );
      continue;
    }
    const location = response.headers.get('location') ?? '';
    await response.body?.cancel();
    if (
      response.status === 200 ||
      (response.status >= 300 && response.status < 400 && !/error/.test(location))
    ) {
      results.push(pass(check, `HTTP ${response.status} to the sign-in page`));
    } else {
      results.push(
        fail(
          check,
          `HTTP ${response.status}${location ? ` to ${location}` : ''}`,
          /redirect_mismatch/.test(location)
            ? `${redirectUri} is not an allowed callback URL: set alexaVendorId to your vendor ID and deploy again.`
            : 'Check the app client: code grant on, the scopes allowed, and the Alexa redirect URLs as callback URLs.'
        )
      );
    }
  }

  results.push(...(await tokenEndpointChecks(target, budget, request)));

  if (target.jwksUrl) {
    const jwks = await request(target.jwksUrl);
    const keys =
      jwks instanceof Error
        ? undefined
        : ((await jwks.json().catch(() => ({}))) as { keys?: unknown }).keys;
    results.push(
      Array.isArray(keys) && keys.length > 0
        ? pass('JWKS endpoint', `${keys.length} signing key(s)`)
        : fail(
            'JWKS endpoint',
            jwks instanceof Error
              ? `no answer (${jwks.message})`
              : `HTTP ${jwks.status} without keys`,
            cognito
              ? 'Check the UserPoolId output: the skill cannot verify any token without this key set.'
              : "Check the issuer's jwks_uri: the skill cannot verify any token without this key set."
          )
    );
  }

  if (cognito) {
    const userInfo = await request(`${base}/oauth2/userInfo`, {
      headers: { authorization: 'Bearer doctor-bogus-token' },
    });
    if (!(userInfo instanceof Error)) await userInfo.body?.cancel();
    results.push(
      !(userInfo instanceof Error) && (userInfo.status === 401 || userInfo.status === 400)
        ? pass('userInfo endpoint', `answers (HTTP ${userInfo.status} for a bogus token)`)
        : fail(
            'userInfo endpoint',
            userInfo instanceof Error
              ? `no answer (${userInfo.message})`
              : `HTTP ${userInfo.status}`,
            'The skill greets users with data from userInfo: check the sign-in domain.'
          )
    );

    const loginUrl = `${base}/login?${new URLSearchParams({ client_id: linking.clientId, response_type: 'code', scope: linking.scopes.join(' '), redirect_uri: linking.alexaRedirectUrls[0] ?? '' })}`;
    const login = await request(loginUrl);
    const html = login instanceof Error ? '' : await login.text();
    if (
      !(login instanceof Error) &&
      login.status === 200 &&
      !/Login pages unavailable/i.test(html)
    ) {
      results.push(pass('managed login page', 'renders'));
    } else {
      results.push(
        fail(
          'managed login page',
          login instanceof Error
            ? `no answer (${login.message})`
            : /Login pages unavailable/i.test(html)
              ? '"Login pages unavailable"'
              : `HTTP ${login.status}`,
          'Managed login needs a branding style for the client: deploy the stack with loginUi "managed" (the default), which creates one.'
        )
      );
    }
  }

  if (!options.smapi) {
    results.push({
      check: 'skill account-linking settings',
      result: 'skip',
      detail: 'no Skill Management API credentials',
      fix: 'Pass --smapi-secret <secret name> (or set smapiCredentialsSecret in cdk.json) to compare.',
    });
  } else {
    try {
      const { client, credentials, stage } = options.smapi;
      const current = await client.getAccountLinking(
        linking.skillId,
        stage,
        await client.accessToken(credentials)
      );
      // The optional fields the stack sets for this stage are compared too.
      const extras = linking.stages.find((s) => s.stage === stage)?.extras;
      const differences = accountLinkingDifferences(current, linking, extras);
      results.push(
        differences.length === 0
          ? pass('skill account-linking settings', `the ${stage} stage matches the stack`)
          : fail(
              'skill account-linking settings',
              `differs in ${differences.join(', ')}`,
              'Run npm run link-config and the ask command it prints, or deploy with smapiCredentialsSecret set.'
            )
      );
    } catch (error) {
      results.push(
        fail(
          'skill account-linking settings',
          (error as Error).message,
          'Fix the Skill Management API credentials (see the message).'
        )
      );
    }
  }
  return results;
}

type Request = (url: string, init?: RequestInit) => Promise<Response | Error>;

/** A bogus code with the real client credentials: invalid_grant proves them, without linking anyone. */
async function tokenEndpointChecks(
  target: DoctorTarget,
  budget: number,
  request: Request
): Promise<CheckResult[]> {
  const { linking } = target;
  if (!target.tokenEndpoint.send) {
    return [
      fail(
        'token endpoint credentials',
        `not sent: ${target.tokenEndpoint.reason}`,
        "The client secret goes only to the linking server's https token endpoint: check the AccessTokenUri, AuthorizationUri and DomainList outputs against the pool's domain."
      ),
      {
        check: 'token endpoint latency',
        result: 'skip',
        detail: 'the credentials check did not run',
        fix: 'See the token endpoint credentials row.',
      },
    ];
  }
  const started = Date.now();
  // The credentials go as the stack tells Alexa to send them: HTTP Basic, or in the body.
  const inBody = linking.accessTokenScheme === 'REQUEST_BODY_CREDENTIALS';
  const token = await request(target.tokenEndpoint.url, {
    method: 'POST',
    // Never follow a redirect: it would carry the client secret to another address.
    redirect: 'error',
    headers: {
      ...(inBody
        ? {}
        : {
            authorization: `Basic ${Buffer.from(`${linking.clientId}:${target.clientSecret}`).toString('base64')}`,
          }),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'doctor-bogus-code',
      redirect_uri: linking.alexaRedirectUrls[0] ?? '',
      ...(inBody ? { client_id: linking.clientId, client_secret: target.clientSecret } : {}),
    }).toString(),
  });
  const elapsedMs = Date.now() - started;
  if (token instanceof Error) {
    return [
      /redirect/i.test(token.message)
        ? fail(
            'token endpoint credentials',
            'answered with a redirect, refused: the credentials were not sent on',
            'The token endpoint must answer itself; check the AccessTokenUri output and the domain.'
          )
        : fail(
            'token endpoint credentials',
            `no answer (${token.message})`,
            'Check the AccessTokenUri output.'
          ),
    ];
  }
  const results: CheckResult[] = [];
  const text = await token.text().catch(() => '');
  const answer = parseAnswer(text);
  const error = answer.error ?? '';
  if (token.status === 200 && answer.access_token !== undefined) {
    results.push(
      fail(
        'token endpoint credentials',
        [
          'a bogus code got a token',
          ...[shortLifetimeProblem(answer.expires_in)].filter((p) => p !== undefined),
        ].join(', and '),
        'The token endpoint must refuse unknown codes with invalid_grant, and every token answer needs expires_in (Alexa refreshes by it).'
      )
    );
  } else if (error === 'invalid_grant') {
    results.push(
      pass(
        'token endpoint credentials',
        'a bogus code gets invalid_grant: the client ID and secret are right'
      )
    );
  } else if (error === 'invalid_client') {
    results.push(
      fail(
        'token endpoint credentials',
        `HTTP ${token.status} invalid_client`,
        'The client ID or secret is wrong: copy the ClientId output and the secret from the ClientSecretCommand output (or run npm run link-config).'
      )
    );
  } else {
    results.push(
      fail(
        'token endpoint credentials',
        `HTTP ${token.status} ${error || '(no OAuth error)'}`,
        'The app client must allow the authorization code grant with a client secret (HTTP Basic).'
      )
    );
  }
  results.push(
    tokenAnswerFormatCheck({
      status: token.status,
      contentType: token.headers.get('content-type') ?? '',
      body: text,
    })
  );
  results.push(
    elapsedMs <= budget
      ? pass('token endpoint latency', `${elapsedMs} ms (Alexa allows ${budget} ms)`)
      : fail(
          'token endpoint latency',
          `${elapsedMs} ms, over Alexa's ${budget} ms`,
          'Alexa gives up on slow token endpoints: check for a slow custom domain or a Lambda trigger on token generation.'
        )
  );
  return results;
}

function parseAnswer(text: string): {
  error?: string;
  access_token?: unknown;
  expires_in?: unknown;
} {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, never>) : {};
  } catch {
    return {};
  }
}

export function formatResults(results: CheckResult[]): string {
  const rows = results.map((r) => [
    r.check,
    r.result.toUpperCase(),
    r.result === 'pass' ? r.detail : `${r.detail}. Fix: ${r.fix ?? ''}`,
  ]);
  const header = ['check', 'result', 'detail / fix'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
