import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger of the function. Never give it a token, a secret or a whole envelope. */
export const logger = new Logger({ serviceName: 'alexa-account-linking-skill' });
