/** Lambda entry of the token-exchange recorder (API Gateway HTTP API, payload format 2.0). */
import { lazyLogger } from '../adapters/logger';
import {
  DEADLINE_MS_VARIABLE,
  DEFAULT_DEADLINE_MS,
  UPSTREAM_TOKEN_URL_VARIABLE,
  createTokenRecorderHandler,
} from './handler';
import { forwardTokenRequest } from './forward';
import { createExchangeReporter } from './report';

// Logs exchange records only: derived fields, never the request or the answer.
const logger = lazyLogger({ serviceName: 'alexa-account-linking-token-recorder' });

export const handler = createTokenRecorderHandler({
  tokenUrl: process.env[UPSTREAM_TOKEN_URL_VARIABLE] ?? '',
  deadlineMs: Number(process.env[DEADLINE_MS_VARIABLE]) || DEFAULT_DEADLINE_MS,
  forward: forwardTokenRequest,
  report: createExchangeReporter({ logger }),
});
