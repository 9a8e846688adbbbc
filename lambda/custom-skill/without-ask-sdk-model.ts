/**
 * What the custom skill's bundle holds in place of ask-sdk-model (the `alias` of its entry in
 * lib/skill-functions/bundle-recipe.ts). ask-sdk-model is the request and response types, which
 * compile away, plus the clients of Alexa's service APIs. ask-sdk-core reaches it at run time only
 * to build those clients, which it does only for a skill built with an API client
 * (`withApiClient`); this skill has none. Leaving it out spares every cold start 61 KiB of code to
 * parse and evaluate. Anything that does reach for a service client fails loudly here instead.
 */
export const ASK_SDK_MODEL_LEFT_OUT =
  'ask-sdk-model is left out of this bundle: the skill has no API client, so it builds no service clients';

class ServiceClientFactory {
  constructor() {
    throw new Error(ASK_SDK_MODEL_LEFT_OUT);
  }
}

export const services = { ServiceClientFactory };
