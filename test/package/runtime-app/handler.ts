// handler.ts: a complete custom skill on verified account linking
import { SkillBuilders, getIntentName, getRequestType, type HandlerInput } from 'ask-sdk-core';
import { accountLinking, linkedUsersOnly } from 'alexa-account-linking/runtime';

const isIntent = (input: HandlerInput, name: string) =>
  getRequestType(input.requestEnvelope) === 'IntentRequest' &&
  getIntentName(input.requestEnvelope) === name;

// Once per container: reads SKILL_ID and the linking server's settings from the environment.
const linking = accountLinking({ skillName: 'Taxi Orders' });

const orderTaxi = linkedUsersOnly({
  canHandle: (input) => isIntent(input, 'OrderTaxiIntent'),
  // Also given `user`: its userId (the linking server's stable ID, to key your own data by) and scopes.
  async handle(input, { profile }) {
    const email = (await profile())?.email; // the linked user's, looked up once per request
    return input.responseBuilder
      .speak(email ? `Your taxi is booked. The receipt goes to ${email}.` : 'Your taxi is booked.')
      .withShouldEndSession(true)
      .getResponse();
  },
});

// No linking needed: a plain ask-sdk-core handler, and no token is verified.
const help = {
  canHandle: (input: HandlerInput) => isIntent(input, 'AMAZON.HelpIntent'),
  handle: (input: HandlerInput) =>
    input.responseBuilder.speak('Say: order a taxi.').reprompt('Say: order a taxi.').getResponse(),
};

// Your handlers first: ask-sdk tries them in order, and the linking step's error handler answers every error.
const skill = linking.applyTo(SkillBuilders.custom().addRequestHandlers(orderTaxi, help)).create();

export const handler = linking.lambdaHandler(skill);
