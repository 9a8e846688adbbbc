/**
 * The floor examples/custom-skill is measured against: its intents (launch, OrderIntent with the
 * linked user's email, help, stop, session end) written on ask-sdk-core and aws-jwt-verify
 * directly, without the runtime API, doing the least each must: verify the token, look up the
 * email, send the LinkAccount card otherwise. Built by the benchmark, never deployed.
 */
import { SkillBuilders, getIntentName, getRequestType, type HandlerInput } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

const verifier = CognitoJwtVerifier.create({
  userPoolId: process.env.USER_POOL_ID as string,
  tokenUse: 'access',
  clientId: process.env.USER_POOL_CLIENT_ID as string,
});
const userInfoUrl = `${process.env.SIGN_IN_DOMAIN_URL}/oauth2/userInfo`;

const isIntent = (input: HandlerInput, name: string) =>
  getRequestType(input.requestEnvelope) === 'IntentRequest' &&
  getIntentName(input.requestEnvelope) === name;
const HELP = 'You can say: place an order. Ordering needs your account linked in the Alexa app.';

async function emailOf(token: string): Promise<string | undefined> {
  try {
    const response = await fetch(userInfoUrl, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(1500),
    });
    return response.ok ? ((await response.json()) as { email?: string }).email : undefined;
  } catch {
    return undefined;
  }
}

const skill = SkillBuilders.custom()
  .withSkillId(process.env.SKILL_ID as string)
  .addRequestHandlers(
    {
      canHandle: (input) => getRequestType(input.requestEnvelope) === 'LaunchRequest',
      handle: (input) =>
        input.responseBuilder
          .speak('Welcome to Order Desk. You can say: place an order.')
          .reprompt('Say: place an order, or: help.')
          .getResponse(),
    },
    {
      canHandle: (input) => isIntent(input, 'OrderIntent'),
      async handle(input) {
        const token = input.requestEnvelope.context.System.user.accessToken;
        const linked = token
          ? await verifier.verify(token).then(
              () => true,
              () => false
            )
          : false;
        if (!token || !linked) {
          return input.responseBuilder
            .speak('To use Order Desk, link your account first.')
            .withLinkAccountCard()
            .withShouldEndSession(true)
            .getResponse();
        }
        const email = await emailOf(token);
        return input.responseBuilder
          .speak(
            email
              ? `Your order is placed. The confirmation goes to ${email}.`
              : 'Your order is placed.'
          )
          .withShouldEndSession(true)
          .getResponse();
      },
    },
    {
      canHandle: (input) => isIntent(input, 'AMAZON.HelpIntent'),
      handle: (input) => input.responseBuilder.speak(HELP).reprompt(HELP).getResponse(),
    },
    {
      canHandle: (input) =>
        isIntent(input, 'AMAZON.StopIntent') || isIntent(input, 'AMAZON.CancelIntent'),
      handle: (input) =>
        input.responseBuilder.speak('Goodbye.').withShouldEndSession(true).getResponse(),
    },
    {
      canHandle: (input) => getRequestType(input.requestEnvelope) === 'SessionEndedRequest',
      handle: (input) => input.responseBuilder.getResponse(),
    }
  )
  .addErrorHandlers({
    canHandle: () => true,
    handle: (input) => input.responseBuilder.speak('Sorry, something went wrong.').getResponse(),
  })
  .create();

export const handler = async (event: RequestEnvelope, context: unknown) =>
  skill.invoke(event, context);
