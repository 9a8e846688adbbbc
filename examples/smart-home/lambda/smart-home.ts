// lambda/smart-home.ts: the Acme Plug smart home skill on verified account linking.
import {
  createDirectiveHandler,
  createLinkingVerifier,
  logger,
  skillMetrics,
} from 'alexa-account-linking/runtime';
import { createAcmePlugPort } from './acme-plug-port';

// Set by bin/app.ts from the acmeCloudUrl setting.
const baseUrl = process.env.ACME_CLOUD_URL;
if (!baseUrl?.startsWith('https://')) {
  throw new Error(
    `ACME_CLOUD_URL is ${JSON.stringify(baseUrl)}; expected the Acme cloud's HTTPS base URL (bin/app.ts sets it from the acmeCloudUrl setting).`
  );
}

// Once per container: the verifier reads the linking server's settings from the environment
// SmartHomeFunction sets (failing at start, naming what is missing) and keeps its key set
// between directives.
export const handler = createDirectiveHandler({
  verifier: createLinkingVerifier(),
  devices: createAcmePlugPort({ baseUrl }),
  // No grantExchange: without events credentials AcceptGrant is acknowledged and Alexa asks
  // for state with ReportState.
  logger,
  metrics: skillMetrics,
});
