/** Lambda entry of the app-to-app linking endpoint: everything built once per container. */
import { createSkillEnablement } from '../adapters/alexa-skill-enablement';
import { createSecretsManagerEventsCredentials } from '../adapters/alexa-events-credentials';
import { createLogger } from '../adapters/logger';
import { APP_TO_APP_ENV, appToAppConfigFrom } from '../core/app-to-app/link-request';
import { createAppToAppHandler } from './handler';

const config = appToAppConfigFrom(process.env);
const logger = createLogger({ serviceName: 'alexa-account-linking-app-to-app' });

export const handler = createAppToAppHandler({
  config,
  enablement: createSkillEnablement({
    config,
    // The skill's app-to-app client ({"clientId", "clientSecret"}), read on the first request.
    credentials: createSecretsManagerEventsCredentials({
      secretId: process.env[APP_TO_APP_ENV.secretId] ?? '',
      clientConfig: { maxAttempts: 2 },
    }),
  }),
  log: (line) => logger.info('app-to-app request', line),
});
