/** Lambda entry of the token-exchange recorder (API Gateway HTTP API, payload format 2.0). */
import {
  DEADLINE_MS_VARIABLE,
  DEFAULT_DEADLINE_MS,
  UPSTREAM_TOKEN_URL_VARIABLE,
} from '../core/token-recorder-config';
import { createTokenRecorderHandler } from './handler';
import { forwardTokenRequest } from './forward';
import { createExchangeReporter } from './report';

export const handler = createTokenRecorderHandler({
  tokenUrl: process.env[UPSTREAM_TOKEN_URL_VARIABLE] ?? '',
  deadlineMs: Number(process.env[DEADLINE_MS_VARIABLE]) || DEFAULT_DEADLINE_MS,
  forward: forwardTokenRequest,
  // One line per exchange: derived fields and metrics, never the request or the answer.
  report: createExchangeReporter(),
});
