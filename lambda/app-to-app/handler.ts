/**
 * The app-to-app linking endpoint (API Gateway HTTP API, payload format 2.0): API Gateway's JWT
 * authorizer has already checked your user's token; this routes link (POST), status (GET) and
 * unlink (DELETE) to the Skill Enablement calls and answers JSON. The log line names the route,
 * the user's subject and the outcome, never a code, a token or a header.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { EnablementAnswer } from '../core/app-to-app/enablement-answer';
import {
  parseGrantHeaders,
  parseLinkRequest,
  type AppToAppConfig,
} from '../core/app-to-app/link-request';
import type { SkillEnablement } from '../adapters/alexa-skill-enablement';

export interface AppToAppHandlerOptions {
  readonly config: AppToAppConfig;
  readonly enablement: SkillEnablement;
  /** One line per request: what was asked and how it ended. */
  readonly log: (line: Record<string, unknown>) => void;
}

export function createAppToAppHandler(options: AppToAppHandlerOptions) {
  const { config, enablement } = options;
  return async (
    event: APIGatewayProxyEventV2WithJWTAuthorizer
  ): Promise<APIGatewayProxyResultV2> => {
    const method = event.requestContext.http.method;
    let answer: EnablementAnswer;
    if (method === 'POST') {
      const body =
        event.body !== undefined && event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body;
      const request = parseLinkRequest(body, config);
      answer = request.ok ? await enablement.link(request.value) : request.answer;
    } else if (method === 'GET' || method === 'DELETE') {
      const grant = parseGrantHeaders(event.headers, config);
      answer = !grant.ok
        ? grant.answer
        : method === 'GET'
          ? await enablement.status(grant.value)
          : await enablement.unlink(grant.value);
    } else {
      answer = { statusCode: 405, body: { error: 'method_not_allowed', retryable: false } };
    }
    const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
    options.log({
      route: `${method} ${event.rawPath}`,
      // Who asked (the authorizer's verified subject), to trace a user's attempts; not a secret.
      user: typeof sub === 'string' ? sub : undefined,
      statusCode: answer.statusCode,
      error: answer.body.error,
    });
    return {
      statusCode: answer.statusCode,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: answer.statusCode === 204 ? '' : JSON.stringify(answer.body),
    };
  };
}
