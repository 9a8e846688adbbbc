/**
 * Alexa skill lifecycle events as they reach the skill's events endpoint: a fresh object per
 * call. A linked user's events carry the account's access token in `context.System.user`;
 * SkillAccountLinked carries the new one in its body too.
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
 */
import { SKILL_ID } from './infra';

let counter = 0;

export interface SkillEventOptions {
  /** Alexa's user ID for the skill (`amzn1.ask.account.…`). */
  readonly userId: string;
  /** The linked account's access token, when the user has linked. */
  readonly accessToken?: string;
  readonly body?: Record<string, unknown>;
  /** The skill the event is for. @default the test stack's SKILL_ID */
  readonly skillId?: string;
}

export function skillEventEnvelope(type: string, options: SkillEventOptions) {
  counter += 1;
  const now = new Date().toISOString();
  return {
    version: '1.0',
    context: {
      System: {
        application: { applicationId: options.skillId ?? SKILL_ID },
        user: {
          userId: options.userId,
          ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
        },
        apiEndpoint: 'https://api.amazonalexa.com',
      },
    },
    request: {
      type,
      requestId: `amzn1.echo-api.request.skill-event-${counter}`,
      timestamp: now,
      eventCreationTime: now,
      eventPublishingTime: now,
      body: options.body ?? {},
    },
  };
}

export const skillAccountLinked = (userId: string, accessToken: string) =>
  skillEventEnvelope('AlexaSkillEvent.SkillAccountLinked', {
    userId,
    accessToken,
    body: { accessToken },
  });

export const skillDisabled = (
  userId: string,
  persistence: 'PERSISTED' | 'NOT_PERSISTED',
  accessToken?: string
) =>
  skillEventEnvelope('AlexaSkillEvent.SkillDisabled', {
    userId,
    accessToken,
    body: { userInformationPersistenceStatus: persistence },
  });
