// A skill's own handler file, as the README's "Your own skill" shows it: it imports the runtime
// API by its package subpath, from the installed package, and nothing else of the project.
import { SkillBuilders, getIntentName, getRequestType, type HandlerInput } from 'ask-sdk-core';
import { accountLinking, linkedUsersOnly } from 'alexa-account-linking/runtime';

const isIntent = (input: HandlerInput, name: string) =>
  getRequestType(input.requestEnvelope) === 'IntentRequest' &&
  getIntentName(input.requestEnvelope) === name;

// Once per container: reads SKILL_ID and the linking server's settings from the environment.
const linking = accountLinking({ skillName: 'Taxi Orders' });

const orderTaxi = linkedUsersOnly({
  canHandle: (input) => isIntent(input, 'OrderTaxiIntent'),
  async handle(input, { user }) {
    return input.responseBuilder
      .speak(`Your taxi is booked, ${user.userId}.`)
      .withShouldEndSession(true)
      .getResponse();
  },
});

const help = {
  canHandle: (input: HandlerInput) => isIntent(input, 'AMAZON.HelpIntent'),
  handle: (input: HandlerInput) =>
    input.responseBuilder.speak('Say: order a taxi.').reprompt('Say: order a taxi.').getResponse(),
};

const skill = linking.applyTo(SkillBuilders.custom().addRequestHandlers(orderTaxi, help)).create();

export const handler = linking.lambdaHandler(skill);
