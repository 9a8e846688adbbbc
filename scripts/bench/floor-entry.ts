/**
 * The floor the skill is measured against: only ask-sdk-core and aws-jwt-verify, doing the least
 * a linked skill must (verify the token, answer). Built by the benchmark, never deployed.
 */
import { SkillBuilders } from 'ask-sdk-core';
import type { RequestEnvelope } from 'ask-sdk-model';
import { CognitoJwtVerifier } from 'aws-jwt-verify';

const verifier = CognitoJwtVerifier.create({
  userPoolId: process.env.USER_POOL_ID as string,
  tokenUse: 'access',
  clientId: process.env.USER_POOL_CLIENT_ID as string,
});

const skill = SkillBuilders.custom()
  .withSkillId(process.env.SKILL_ID as string)
  .addRequestHandlers({
    canHandle: () => true,
    async handle(input) {
      const token = input.requestEnvelope.context.System.user.accessToken;
      const linked = token
        ? await verifier.verify(token).then(
            () => true,
            () => false
          )
        : false;
      return input.responseBuilder
        .speak(linked ? 'Welcome back!' : 'Please link your account.')
        .getResponse();
    },
  })
  .create();

export const handler = async (event: RequestEnvelope, context: unknown) =>
  skill.invoke(event, context);
