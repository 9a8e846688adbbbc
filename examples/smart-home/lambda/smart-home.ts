// lambda/smart-home.ts: the Acme Plug smart home skill on verified account linking.
import {
  createDirectiveHandler,
  createLinkingVerifier,
  logger,
  skillMetrics,
  withSkillEvents,
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
const verifier = createLinkingVerifier();
const plugs = createAcmePlugPort({ baseUrl });

const directives = createDirectiveHandler({
  verifier,
  devices: plugs,
  // No grantExchange: without events credentials AcceptGrant is acknowledged and Alexa asks
  // for state with ReportState.
  logger,
  metrics: skillMetrics,
});

// The function is the skill's events endpoint too: skill events for this skill (SKILL_ID) are
// acknowledged, and a user who disables the skill and asks for their data to go is forgotten by
// the Acme cloud, by the user ID of the event's verified token.
export const handler = withSkillEvents(directives, {
  verifier,
  forgetUser: (user) => plugs.forgetUser(user),
  logger,
  metrics: skillMetrics,
});
