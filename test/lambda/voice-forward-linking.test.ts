/**
 * Voice-forward account linking in the custom skill: with it on, an unlinked user is handed to
 * Amazon's linking skill (Connections.StartConnection) instead of getting the card, and each way
 * the session can resume is answered. The skill is the real one, with real RS256 tokens and
 * aws-jwt-verify (the pure decisions: test/lambda/decisions/voice-forward-linking.test.ts).
 */
import type { ResponseEnvelope } from 'ask-sdk-model';
import { VOICE_FORWARD_LINKING_TOKEN } from '../../lambda/core/voice-forward-linking';
import { intentRequest, launchRequest, sessionResumedRequest } from '../support/envelopes';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import { startSkillHarness, type SkillHarness } from '../support/skill-harness';

const key = generateTestKey('key-1');
const validToken = signRs256(key, accessTokenClaims());
const CARD_REPLY = {
  ssml: "<speak>To use Linked Greeter, link your account first. I've sent a card to the Alexa app to get you started.</speak>",
  card: { type: 'LinkAccount' },
  directives: undefined,
  shouldEndSession: true,
};
const HAND_OVER = {
  ssml: "<speak>To use Linked Greeter, let's link your Amazon account.</speak>",
  card: undefined,
  directives: [
    {
      type: 'Connections.StartConnection',
      uri: 'connection://AMAZON.AskForAccountLinking/1',
      onCompletion: 'RESUME_SESSION',
      input: { '@version': '1', '@type': 'AskForAccountLinking' },
      token: 'voice-forward-account-linking',
    },
  ],
  // Alexa keeps the session for the task: the response must not end it.
  shouldEndSession: undefined,
};

function shapeOf(envelope: ResponseEnvelope) {
  const { outputSpeech, card, directives, shouldEndSession } = envelope.response;
  return {
    ssml: (outputSpeech as { ssml?: string } | undefined)?.ssml,
    card,
    directives,
    shouldEndSession,
  };
}

describe('the skill with voice-forward account linking on', () => {
  let harness: SkillHarness;
  beforeEach(async () => {
    harness = await startSkillHarness({ keys: [key], voiceForwardAccountLinking: true });
  });
  afterEach(() => harness.close());

  test.each([
    ['LaunchRequest', () => launchRequest()],
    ['WhichAccountIntent', () => intentRequest('WhichAccountIntent')],
    ['AMAZON.HelpIntent', () => intentRequest('AMAZON.HelpIntent')],
    ['another intent', () => intentRequest('SomethingElseIntent')],
  ])("%s without a link: handed to Amazon's linking skill, no card", async (_, envelope) => {
    expect(shapeOf(await harness.invoke(envelope()))).toEqual(HAND_OVER);
  });

  test('an expired link still gets the card: voice-forward linking is for a first link', async () => {
    const expired = signRs256(
      key,
      accessTokenClaims({
        iat: Math.floor(Date.now() / 1000) - 7200,
        exp: Math.floor(Date.now() / 1000) - 3600,
      })
    );
    const response = shapeOf(await harness.invoke(launchRequest({ accessToken: expired })));
    expect(response.card).toEqual({ type: 'LinkAccount' });
    expect(response.directives).toBeUndefined();
  });

  test('linked by voice: the resumed request carries the new token, and the user is greeted', async () => {
    const response = shapeOf(
      await harness.invoke(
        sessionResumedRequest(
          { token: VOICE_FORWARD_LINKING_TOKEN, code: '200', status: 'LINKED' },
          { accessToken: validToken }
        )
      )
    );
    expect(response).toEqual({
      ssml: '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>',
      card: undefined,
      directives: undefined,
      shouldEndSession: false,
    });
  });

  test('"linked" without a token: the card, never a second hand-over', async () => {
    expect(
      shapeOf(
        await harness.invoke(
          sessionResumedRequest({
            token: VOICE_FORWARD_LINKING_TOKEN,
            code: '200',
            status: 'LINKED',
          })
        )
      )
    ).toEqual(CARD_REPLY);
  });

  test('declined: the session ends, no card', async () => {
    expect(
      shapeOf(
        await harness.invoke(
          sessionResumedRequest({
            token: VOICE_FORWARD_LINKING_TOKEN,
            code: '200',
            status: 'DENIED',
          })
        )
      )
    ).toEqual({
      ssml: '<speak>Okay. You can link your Linked Greeter account any time in the Alexa app.</speak>',
      card: undefined,
      directives: undefined,
      shouldEndSession: true,
    });
  });

  test.each([
    ['the user cannot link by voice', { code: '200', status: 'USER_REQUIREMENTS_NOT_MET' }],
    ['the task failed', { code: '500' }],
  ])('%s: the card', async (_, cause) => {
    expect(
      shapeOf(
        await harness.invoke(
          sessionResumedRequest({ token: VOICE_FORWARD_LINKING_TOKEN, ...cause })
        )
      )
    ).toEqual(CARD_REPLY);
  });
});

describe('the skill with voice-forward account linking off (the default)', () => {
  let harness: SkillHarness;
  beforeEach(async () => {
    harness = await startSkillHarness({ keys: [key] });
  });
  afterEach(() => harness.close());

  test('an unlinked user gets the card, as before', async () => {
    expect(shapeOf(await harness.invoke(launchRequest()))).toEqual(CARD_REPLY);
  });
});
