/** Skill events' pure parts: what an event says, whether it erases, and where a smart home function routes it. */
import {
  SKILL_DISABLED,
  UNKNOWN_SKILL_EVENT,
  erasesUserData,
  isSkillEventEnvelope,
  readSkillEvent,
  routeSmartHomeInvocation,
} from '../../../lambda/skill-events/skill-event-request';

const THIS_SKILL = 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555';
const OTHER_SKILL = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';

/** A skill event as Alexa sends it, with the parts each case changes. */
const skillEvent = ({
  type = SKILL_DISABLED,
  body = { userInformationPersistenceStatus: 'NOT_PERSISTED' } as unknown,
  user = { userId: 'amzn1.ask.account.A', accessToken: 'current-token' } as unknown,
  applicationId = THIS_SKILL,
} = {}) => ({
  version: '1.0',
  context: { System: { application: { applicationId }, user } },
  request: { type, requestId: 'amzn1.echo-api.request.1', body },
});

describe('isSkillEventEnvelope', () => {
  test.each([
    [skillEvent(), true],
    [skillEvent({ type: 'AlexaSkillEvent.SkillEnabled' }), true],
    [skillEvent({ type: 'AlexaSkillEvent.' }), true],
    [skillEvent({ type: 'LaunchRequest' }), false],
    [skillEvent({ type: 'alexaSkillEvent.SkillDisabled' }), false],
    [skillEvent({ type: 'X.AlexaSkillEvent.SkillDisabled' }), false],
    [{ request: { type: 42 } }, false],
    [{ request: [{ type: SKILL_DISABLED }] }, false],
    [{ request: null }, false],
    [{ directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover' } } }, false],
    [[], false],
    ['AlexaSkillEvent.SkillDisabled', false],
    [null, false],
    [undefined, false],
  ])('%j: %s', (envelope, expected) => {
    expect(isSkillEventEnvelope(envelope)).toBe(expected);
  });
});

describe('readSkillEvent', () => {
  test('reads the type, the persistence status, the Alexa user and the current token', () => {
    expect(readSkillEvent(skillEvent())).toStrictEqual({
      eventType: SKILL_DISABLED,
      persistence: 'NOT_PERSISTED',
      alexaUserId: 'amzn1.ask.account.A',
      accessToken: 'current-token',
    });
  });

  test("SkillAccountLinked's new token in its body comes before the one in context", () => {
    const linked = skillEvent({
      type: 'AlexaSkillEvent.SkillAccountLinked',
      body: { accessToken: 'new-token' },
    });
    expect(readSkillEvent(linked).accessToken).toBe('new-token');
    // An empty token in the body is no token.
    expect(readSkillEvent(skillEvent({ body: { accessToken: '' } })).accessToken).toBe(
      'current-token'
    );
  });

  test.each([
    ['a type with a dot', 'AlexaSkillEvent.Skill.Disabled'],
    ['a type with digits', 'AlexaSkillEvent.Skill1'],
    ['a type too long to log', `AlexaSkillEvent.${'A'.repeat(65)}`],
    ['a prefix only', 'AlexaSkillEvent.'],
    ['another prefix', 'IntentRequest'],
    ['text around a plain type', ' AlexaSkillEvent.SkillDisabled'],
    ['text after a plain type', 'AlexaSkillEvent.SkillDisabled\n'],
  ])('%s is logged and counted as Unknown', (_case, type) => {
    expect(readSkillEvent(skillEvent({ type })).eventType).toBe(UNKNOWN_SKILL_EVENT);
  });

  test("Unknown is a plain event type itself, as logs and the metric's dimension show it", () => {
    expect(UNKNOWN_SKILL_EVENT).toBe('AlexaSkillEvent.Unknown');
  });

  test('a type of 64 letters is kept as it is', () => {
    const type = `AlexaSkillEvent.${'A'.repeat(64)}`;
    expect(readSkillEvent(skillEvent({ type })).eventType).toBe(type);
  });

  const A = { alexaUserId: 'amzn1.ask.account.A', accessToken: 'current-token' };
  test.each([
    ['no body', skillEvent({ body: null }), { persistence: undefined, ...A }],
    [
      'a body that is a list',
      skillEvent({ body: [{ accessToken: 'x', userInformationPersistenceStatus: 'X' }] }),
      { persistence: undefined, ...A },
    ],
    ['no user', skillEvent({ user: null }), { alexaUserId: undefined, accessToken: undefined }],
    [
      'a user that is text',
      skillEvent({ user: 'amzn1.ask.account.A' }),
      { alexaUserId: undefined, accessToken: undefined },
    ],
    [
      'empty strings',
      skillEvent({
        body: { userInformationPersistenceStatus: '' },
        user: { userId: '', accessToken: '' },
      }),
      { persistence: undefined, alexaUserId: undefined, accessToken: undefined },
    ],
    [
      'numbers',
      skillEvent({
        body: { userInformationPersistenceStatus: 1 },
        user: { userId: 7, accessToken: 8 },
      }),
      { persistence: undefined, alexaUserId: undefined, accessToken: undefined },
    ],
    ['no context', { request: { type: SKILL_DISABLED } }, { alexaUserId: undefined }],
    [
      'no System',
      { context: { System: 'x' }, request: { type: SKILL_DISABLED } },
      { alexaUserId: undefined },
    ],
  ])('%s: those fields are absent, never an error', (_case, envelope, expected) => {
    const read = readSkillEvent(envelope);
    expect(read).toMatchObject({ eventType: SKILL_DISABLED, ...expected });
    for (const [field, value] of Object.entries(expected)) {
      expect(read[field as keyof typeof read]).toBe(value);
    }
  });

  test.each([null, undefined, 'text', [skillEvent()], { request: 'SkillDisabled' }])(
    '%j reads as an Unknown event with nothing else',
    (envelope) => {
      expect(readSkillEvent(envelope)).toStrictEqual({
        eventType: UNKNOWN_SKILL_EVENT,
        persistence: undefined,
        alexaUserId: undefined,
        accessToken: undefined,
      });
    }
  );
});

describe('erasesUserData', () => {
  test.each([
    [SKILL_DISABLED, 'NOT_PERSISTED', true],
    [SKILL_DISABLED, 'PERSISTED', false],
    [SKILL_DISABLED, undefined, false],
    [SKILL_DISABLED, 'not_persisted', false],
    ['AlexaSkillEvent.SkillEnabled', 'NOT_PERSISTED', false],
    ['AlexaSkillEvent.SkillAccountLinked', 'NOT_PERSISTED', false],
    [UNKNOWN_SKILL_EVENT, 'NOT_PERSISTED', false],
  ])('%s with %s: %s', (eventType, persistence, expected) => {
    expect(erasesUserData({ eventType, persistence })).toBe(expected);
  });
});

describe('routeSmartHomeInvocation', () => {
  test('a directive goes to the directive handler, whatever it holds', () => {
    const directive = {
      directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover' }, payload: {} },
    };
    expect(routeSmartHomeInvocation(directive, THIS_SKILL)).toStrictEqual({ to: 'directive' });
    expect(routeSmartHomeInvocation(undefined, THIS_SKILL)).toStrictEqual({ to: 'directive' });
  });

  test('a skill event for this skill goes to the skill event handler', () => {
    expect(routeSmartHomeInvocation(skillEvent(), THIS_SKILL)).toStrictEqual({
      to: 'skill-event',
    });
  });

  test('a skill event for another skill is refused, naming the field', () => {
    expect(
      routeSmartHomeInvocation(skillEvent({ applicationId: OTHER_SKILL }), THIS_SKILL)
    ).toStrictEqual({ to: 'refused', field: 'context.System.application.applicationId' });
  });

  test('a skill event without a context is handled (and erases nothing: it names no user)', () => {
    const bare = { request: { type: SKILL_DISABLED, body: {} } };
    expect(routeSmartHomeInvocation(bare, THIS_SKILL)).toStrictEqual({ to: 'skill-event' });
    expect(readSkillEvent(bare).alexaUserId).toBeUndefined();
  });
});
