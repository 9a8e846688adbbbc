/**
 * Skill events for a smart home function: the same Lambda is the skill's events endpoint, so an
 * `AlexaSkillEvent.*` envelope (SkillEnabled, SkillAccountLinked, SkillDisabled, ...) must not
 * reach the directive handler, which would answer it as a malformed directive. `withSkillEvents`
 * puts the one skill event handler (lambda/skill-events/skill-event.ts, which the custom skill's
 * linking step uses too) in front of a directive handler. A function that does not call it
 * carries none of this code.
 */
import type { LinkedUser } from '../../core/linking-decision';
import { SkillConfigError, loadSkillId, withLinkingSettingsHint } from '../../core/skill-config';
import type { AlexaEvent } from '../../core/smart-home/events';
import type { LinkedSubjects } from '../../skill-events/linked-subjects';
import {
  createSkillEventHandler,
  type SkillEventLog,
  type SkillEventMetrics,
} from '../../skill-events/skill-event';
import { routeSmartHomeInvocation } from '../../skill-events/skill-event-request';
import { SkillIdMismatchError } from '../../core/envelope-check';
import type { LinkingVerifier } from '../../verifiers/linking-verifier';
import type { DirectiveHandler } from './handle-directive';

/** What Alexa expects back for a skill event: an empty response envelope. */
export interface SkillEventAcknowledgement {
  /** Always `'1.0'`. */
  readonly version: '1.0';
  /** Always empty. */
  readonly response: Record<string, never>;
}

/** The smart home function's handler with skill events: a directive's event, or an acknowledgement. */
export type SmartHomeHandler = (event: unknown) => Promise<AlexaEvent | SkillEventAcknowledgement>;

/** The metrics skill events are counted in: `skillMetrics` of the runtime fits. */
export interface SmartHomeSkillEventMetrics extends SkillEventMetrics {
  /** Writes what was recorded. */
  publish(): void;
}

/** What `withSkillEvents` needs to answer a smart home skill's lifecycle events. */
export interface SmartHomeSkillEventsOptions {
  /**
   * Reads the linking server's user from the access token an event carries (the directive
   * handler's verifier). A token it does not find valid names nobody: nothing is erased for it.
   */
  readonly verifier: LinkingVerifier;
  /**
   * Erases what is yours for a linked user who disabled the skill and asked for their data to go
   * (SkillDisabled with `userInformationPersistenceStatus` NOT_PERSISTED), e.g. tells your device
   * cloud to forget the user's Alexa link. It gets the user of the event's verified token
   * (`userId`: the linking server's stable ID). A throw fails the event, and Alexa sends it again.
   * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-events-in-alexa-skills.html
   * @default - nothing of yours is erased
   */
  readonly forgetUser?: (user: LinkedUser) => Promise<void>;
  /**
   * Where each Alexa user's linked accounts are remembered (from SkillAccountLinked and later
   * events with a valid token), so that a SkillDisabled with an expired token still finds them;
   * erasure deletes what the device table holds for them. `createDynamoDbLinkedSubjects` for the
   * device table the DynamoDB lamp and the Amazon event tokens live in.
   * @default - nothing remembered: only the event's own valid token names the user
   */
  readonly linkedSubjects?: LinkedSubjects;
  /**
   * The skill the events must name: an event for any other skill is refused (the invocation
   * fails) and erases nothing.
   * @default the SKILL_ID variable of process.env (SmartHomeFunction sets it)
   */
  readonly skillId?: string;
  /** Where each event is logged: its type and outcome, never a user ID or a token. */
  readonly logger: SkillEventLog;
  /**
   * Where each event is counted (a getter, as the directive handler takes it), published after
   * each event.
   * @default - nothing is counted
   */
  readonly metrics?: () => SmartHomeSkillEventMetrics;
}

const NO_METRICS: SmartHomeSkillEventMetrics = {
  recordSkillEvent: () => undefined,
  publish: () => undefined,
};

/**
 * The smart home function's handler that answers skill events too: an event for this skill is
 * logged, counted, erases the user's data on SkillDisabled (NOT_PERSISTED) and is acknowledged;
 * an event for another skill is refused; everything else goes to `directives`. Build it once per
 * container; it reads SKILL_ID now when `skillId` is not given, failing with what to set.
 */
export function withSkillEvents(
  directives: DirectiveHandler,
  options: SmartHomeSkillEventsOptions
): SmartHomeHandler {
  if (typeof directives !== 'function') {
    throw new TypeError(
      `withSkillEvents(directives, options) needs the directive handler createDirectiveHandler({ ... }) returns; received ${typeof directives}.`
    );
  }
  if (typeof options?.verifier?.decide !== 'function') {
    throw new TypeError(
      'withSkillEvents(directives, { verifier }) needs the linking verifier the directive handler uses, e.g. createLinkingVerifier(); received no verifier.'
    );
  }
  const skillId = options.skillId ?? skillIdFromEnvironment();
  const metrics = options.metrics ?? (() => NO_METRICS);
  const handleSkillEvent = createSkillEventHandler({
    logger: options.logger,
    linkedAccounts: {
      verifier: options.verifier,
      subjects: options.linkedSubjects,
      forgetUser: options.forgetUser,
    },
    metrics,
  });

  return async (event) => {
    const route = routeSmartHomeInvocation(event, skillId);
    if (route.to === 'directive') return directives(event);
    if (route.to === 'refused') throw new SkillIdMismatchError(route.field);
    try {
      await handleSkillEvent(event);
    } finally {
      metrics().publish();
    }
    return { version: '1.0', response: {} };
  };
}

function skillIdFromEnvironment(): string {
  try {
    return loadSkillId(process.env);
  } catch (error) {
    throw error instanceof SkillConfigError ? withLinkingSettingsHint(error) : error;
  }
}
