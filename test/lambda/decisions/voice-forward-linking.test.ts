/** Voice-forward account linking's pure parts: the hand-over directive, the replies, and what each SessionResumedRequest means. */
import {
  START_VOICE_FORWARD_LINKING,
  VOICE_FORWARD_LINKING_TOKEN,
  voiceForwardDeniedReply,
  voiceForwardLinkedReply,
  voiceForwardLinkingPrompt,
  voiceForwardOutcome,
} from '../../../lambda/core/voice-forward-linking';

describe('voiceForwardOutcome', () => {
  const resumed = (cause: Record<string, unknown>) => ({
    type: 'SessionResumedRequest',
    cause: { type: 'ConnectionCompleted', token: VOICE_FORWARD_LINKING_TOKEN, ...cause },
  });
  test.each([
    [resumed({ status: { code: '200' }, result: { status: 'LINKED' } }), 'linked'],
    [resumed({ status: { code: 200 }, result: { status: 'LINKED' } }), 'linked'],
    [resumed({ status: { code: '200' }, result: { status: 'DENIED' } }), 'denied'],
    [
      resumed({ status: { code: '200' }, result: { status: 'USER_REQUIREMENTS_NOT_MET' } }),
      'not-possible',
    ],
    [resumed({ status: { code: '200' }, result: {} }), 'not-possible'],
    [resumed({ status: { code: '500' }, result: { status: 'LINKED' } }), 'not-possible'],
    [resumed({}), 'not-possible'],
    [resumed({ token: 'someone-elses-task', status: { code: '200' } }), undefined],
    [{ ...resumed({}), cause: { type: 'Other', token: VOICE_FORWARD_LINKING_TOKEN } }, undefined],
    [{ type: 'LaunchRequest' }, undefined],
    [undefined, undefined],
  ])('%j is %s', (request, outcome) => {
    expect(voiceForwardOutcome(request)).toBe(outcome);
  });

  test("the directive names Amazon's task and resumes this session; the words said", () => {
    expect(START_VOICE_FORWARD_LINKING).toStrictEqual({
      type: 'Connections.StartConnection',
      uri: 'connection://AMAZON.AskForAccountLinking/1',
      onCompletion: 'RESUME_SESSION',
      input: { '@version': '1', '@type': 'AskForAccountLinking' },
      token: 'voice-forward-account-linking',
    });
    expect(voiceForwardLinkingPrompt('Linked Greeter')).toBe(
      "To use Linked Greeter, let's link your Amazon account."
    );
    expect(voiceForwardDeniedReply('Linked Greeter')).toStrictEqual({
      speech: 'Okay. You can link your Linked Greeter account any time in the Alexa app.',
      linkAccountCard: false,
      endSession: true,
    });
    expect(voiceForwardLinkedReply('Taxi Orders')).toStrictEqual({
      speech: 'Your Taxi Orders account is linked. What would you like to do?',
      reprompt: 'What would you like to do?',
      linkAccountCard: false,
      endSession: false,
    });
  });

  test('the skill name is spoken as plain text (SSML-escaped)', () => {
    expect(voiceForwardLinkingPrompt('R&D <Lab>')).toBe(
      "To use R&amp;D &lt;Lab&gt;, let's link your Amazon account."
    );
    expect(voiceForwardDeniedReply('R&D').speech).toBe(
      'Okay. You can link your R&amp;D account any time in the Alexa app.'
    );
    expect(voiceForwardLinkedReply('R&D').speech).toContain('Your R&amp;D account is linked.');
  });
});
