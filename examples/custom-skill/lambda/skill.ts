// lambda/skill.ts: the Order Desk skill on verified account linking.
import { SkillBuilders, getIntentName, getRequestType, type HandlerInput } from 'ask-sdk-core';
import {
  MAX_SPOKEN_EMAIL,
  accountLinking,
  escapeSsml,
  linkedUsersOnly,
  speakable,
} from 'alexa-account-linking/runtime';

// Once per container: reads SKILL_ID and the linking server's settings from the environment that
// SkillFunction sets, and fails at start, naming what is missing, when they are not there.
const linking = accountLinking({ skillName: 'Order Desk' });

const isIntent = (input: HandlerInput, name: string) =>
  getRequestType(input.requestEnvelope) === 'IntentRequest' &&
  getIntentName(input.requestEnvelope) === name;

const HELP = 'You can say: place an order. Ordering needs your account linked in the Alexa app.';

const launch = {
  canHandle: (input: HandlerInput) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
  handle: (input: HandlerInput) =>
    input.responseBuilder
      .speak('Welcome to Order Desk. You can say: place an order.')
      .reprompt('Say: place an order, or: help.')
      .getResponse(),
};

// Linked users only: everyone else gets the LinkAccount card (no link, or a token that fails
// verification) or "try again in a moment" (the linking server cannot be reached).
const order = linkedUsersOnly({
  canHandle: (input) => isIntent(input, 'OrderIntent'),
  // `user.userId` is the linking server's stable ID: key your own order data by it.
  async handle(input, { profile }) {
    const email = (await profile())?.email; // looked up once per request, undefined if slow
    const speech = email
      ? `Your order is placed. The confirmation goes to ${escapeSsml(speakable(email, MAX_SPOKEN_EMAIL))}.`
      : 'Your order is placed.';
    return input.responseBuilder.speak(speech).withShouldEndSession(true).getResponse();
  },
});

// A plain ask-sdk-core handler: it answers linked or not, and verifies no token.
const help = {
  canHandle: (input: HandlerInput) => isIntent(input, 'AMAZON.HelpIntent'),
  handle: (input: HandlerInput) => input.responseBuilder.speak(HELP).reprompt(HELP).getResponse(),
};

const stop = {
  canHandle: (input: HandlerInput) =>
    isIntent(input, 'AMAZON.StopIntent') || isIntent(input, 'AMAZON.CancelIntent'),
  handle: (input: HandlerInput) =>
    input.responseBuilder.speak('Goodbye.').withShouldEndSession(true).getResponse(),
};

// Alexa sends it when a session ends; it takes no speech.
const sessionEnded = {
  canHandle: (input: HandlerInput) =>
    getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
  handle: (input: HandlerInput) => input.responseBuilder.getResponse(),
};

// Your handlers first; the linking step adds the skill ID check, skill events and the error
// handler after them.
const skill = linking
  .applyTo(SkillBuilders.custom().addRequestHandlers(launch, order, help, stop, sessionEnded))
  .create();

// An async (event, context) entry that checks each envelope before ask-sdk-core sees it.
export const handler = linking.lambdaHandler(skill);
