/**
 * Issue 19: skill events in a smart home function of a user's own, built only from lambda/runtime's
 * index: `withSkillEvents` in front of `createDirectiveHandler`, with real RS256 tokens and the
 * real Cognito verifier. The user's erasure is a `forgetUser` that records whom it was asked to
 * forget; the DynamoDB one (linkedSubjects) is driven in test/lambda/smart-home/skill-events.test.ts
 * and the bundle suites.
 */
import {
  SkillConfigError,
  SkillIdMismatchError,
  createDirectiveHandler,
  withSkillEvents,
  type LinkedUser,
  type SmartHomeDevicePort,
  type SmartHomeSkillEventsOptions,
} from '../../../lambda/runtime';
import { discover } from '../../support/directives';
import { SKILL_ID } from '../../support/infra';
import { generateTestKey } from '../../support/jwt';
import { skillAccountLinked, skillDisabled } from '../../support/skill-event-envelopes';
import { cognitoVerifierWith, tokenFor } from '../../support/smart-home-harness';

const key = generateTestKey('sh-events-key');
const SUB = '3c3c3c3c-dddd-4ddd-8ddd-dddddddddddd';
const ALEXA_USER = 'amzn1.ask.account.AMZN-USER-1';
const token = tokenFor(key, SUB);
const ACKNOWLEDGED = { version: '1.0', response: {} };

const verifier = cognitoVerifierWith(key);
const devices: SmartHomeDevicePort = {
  discover: async () => [],
  handleDirective: async () => ({ error: { type: 'INVALID_DIRECTIVE', message: 'none' } }),
  reportState: async () => ({ error: { type: 'NO_SUCH_ENDPOINT', message: 'none' } }),
};
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const directives = createDirectiveHandler({ verifier, devices, logger: silent });

let forgotten: LinkedUser[];
let logged: { message: string; attributes: Record<string, unknown> }[];
let counted: [string, number | undefined][];
let published: number;

function build(options: Partial<SmartHomeSkillEventsOptions> = {}) {
  return withSkillEvents(directives, {
    verifier,
    forgetUser: async (user) => void forgotten.push(user),
    skillId: SKILL_ID,
    logger: {
      info: (message, attributes) => void logged.push({ message, attributes }),
      warn: (message, attributes) => void logged.push({ message, attributes }),
    },
    metrics: () => ({
      recordSkillEvent: (eventType, erasedItems) => void counted.push([eventType, erasedItems]),
      publish: () => void (published += 1),
    }),
    ...options,
  });
}

beforeEach(() => {
  forgotten = [];
  logged = [];
  counted = [];
  published = 0;
});

describe('withSkillEvents', () => {
  test('SkillDisabled (NOT_PERSISTED) forgets the verified user, is counted, published and acknowledged', async () => {
    const handler = build();
    expect(await handler(skillDisabled(ALEXA_USER, 'NOT_PERSISTED', token))).toEqual(ACKNOWLEDGED);
    expect(forgotten).toEqual([expect.objectContaining({ userId: SUB })]);
    expect(counted).toEqual([['AlexaSkillEvent.SkillDisabled', 0]]);
    expect(published).toBe(1);
    expect(logged).toEqual([
      {
        message: 'skill event',
        attributes: expect.objectContaining({
          eventType: 'AlexaSkillEvent.SkillDisabled',
          linkedAccount: 'token verified',
          forgotUser: true,
        }),
      },
    ]);
  });

  test('never logs the token, the linking server user ID or the Alexa user ID', async () => {
    const handler = build();
    await handler(skillAccountLinked(ALEXA_USER, token));
    await handler(skillDisabled(ALEXA_USER, 'NOT_PERSISTED', token));
    await handler(skillDisabled(ALEXA_USER, 'NOT_PERSISTED', `${token}x`));
    const written = JSON.stringify(logged);
    expect(logged.length).toBeGreaterThanOrEqual(4);
    for (const secret of [token, token.split('.')[1] as string, SUB, ALEXA_USER]) {
      expect(written).not.toContain(secret);
    }
  });

  test('PERSISTED, another event, or a token that does not verify forgets nobody', async () => {
    const handler = build();
    const now = Math.floor(Date.now() / 1000);
    for (const envelope of [
      skillDisabled(ALEXA_USER, 'PERSISTED', token),
      skillAccountLinked(ALEXA_USER, token),
      skillDisabled(ALEXA_USER, 'NOT_PERSISTED', tokenFor(key, SUB, { exp: now - 60 })),
      skillDisabled(ALEXA_USER, 'NOT_PERSISTED', tokenFor(generateTestKey(key.kid), SUB)),
      skillDisabled(ALEXA_USER, 'NOT_PERSISTED'),
    ]) {
      expect(await handler(envelope)).toEqual(ACKNOWLEDGED);
    }
    expect(forgotten).toEqual([]);
    expect(published).toBe(5);
  });

  test('an event for another skill is refused before anything is read, counted or forgotten', async () => {
    const handler = build();
    const other = skillDisabled(ALEXA_USER, 'NOT_PERSISTED', token);
    other.context.System.application.applicationId =
      'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';
    await expect(handler(other)).rejects.toThrow(SkillIdMismatchError);
    expect([forgotten, counted, logged, published]).toEqual([[], [], [], 0]);
  });

  test('a forgetUser that fails fails the event (Alexa sends it again), and the metrics are still published', async () => {
    const handler = build({
      forgetUser: () => Promise.reject(new Error('device cloud down')),
    });
    await expect(handler(skillDisabled(ALEXA_USER, 'NOT_PERSISTED', token))).rejects.toThrow(
      'device cloud down'
    );
    expect(published).toBe(1);
  });

  test('a directive goes to the directive handler', async () => {
    const answer = await build()(discover(token));
    expect(answer).toMatchObject({
      event: { header: { namespace: 'Alexa.Discovery', name: 'Discover.Response' } },
    });
    expect([forgotten, counted]).toEqual([[], []]);
  });

  test('without metrics, events are still answered', async () => {
    const handler = build({ metrics: undefined });
    expect(await handler(skillDisabled(ALEXA_USER, 'NOT_PERSISTED', token))).toEqual(ACKNOWLEDGED);
    expect(forgotten).toHaveLength(1);
  });
});

describe('withSkillEvents misused fails at creation, saying what to pass', () => {
  test('without a directive handler', () => {
    expect(() =>
      withSkillEvents(undefined as never, { verifier, skillId: SKILL_ID, logger: silent })
    ).toThrow(
      /needs the directive handler createDirectiveHandler\(\{ \.\.\. \}\) returns; received undefined/
    );
  });

  test('without a verifier', () => {
    expect(() =>
      withSkillEvents(directives, { skillId: SKILL_ID, logger: silent } as never)
    ).toThrow(/needs the linking verifier .* createLinkingVerifier\(\)/);
  });

  test('without skillId, in a function without SKILL_ID: names the variable and the construct', () => {
    const saved = process.env.SKILL_ID;
    delete process.env.SKILL_ID;
    try {
      expect(() => withSkillEvents(directives, { verifier, logger: silent })).toThrow(
        SkillConfigError
      );
      expect(() => withSkillEvents(directives, { verifier, logger: silent })).toThrow(
        /SKILL_ID[\s\S]*SmartHomeFunction/
      );
    } finally {
      if (saved !== undefined) process.env.SKILL_ID = saved;
    }
  });

  test('without skillId, SKILL_ID is the skill', async () => {
    const saved = process.env.SKILL_ID;
    process.env.SKILL_ID = SKILL_ID;
    try {
      const handler = withSkillEvents(directives, { verifier, logger: silent });
      expect(await handler(skillDisabled(ALEXA_USER, 'PERSISTED'))).toEqual(ACKNOWLEDGED);
    } finally {
      if (saved === undefined) delete process.env.SKILL_ID;
      else process.env.SKILL_ID = saved;
    }
  });
});
