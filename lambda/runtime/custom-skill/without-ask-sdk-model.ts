/**
 * What a bundle of your `entry` holds in place of ask-sdk-model when SkillFunction leaves it out
 * (`askSdkModel`, lib/skill-functions/ask-sdk-model-use.ts). ask-sdk-model is the request and
 * response types, which compile away, plus the clients of Alexa's service APIs, which ask-sdk-core
 * builds only for a skill with an API client (`withApiClient`). Leaving it out spares every cold
 * start 61 KiB of code to parse and evaluate. Anything that does reach for a service client fails
 * loudly here, naming the prop that keeps the real package.
 */
export const ASK_SDK_MODEL_LEFT_OUT_OF_ENTRY =
  "ask-sdk-model is left out of this bundle (SkillFunction's askSdkModel), so ask-sdk-core cannot build the Alexa service clients an API client (withApiClient) needs. Set askSdkModel: 'bundled' on the SkillFunction to keep it.";

class ServiceClientFactory {
  constructor() {
    throw new Error(ASK_SDK_MODEL_LEFT_OUT_OF_ENTRY);
  }
}

export const services = { ServiceClientFactory };
