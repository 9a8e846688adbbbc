/**
 * What can be said about a request envelope before the SDK sees it. Only Alexa, for this skill,
 * can invoke the function (its resource policy says so); this is defence in depth: a malformed
 * envelope gets a safe answer instead of a throw inside ask-sdk, and both application IDs an
 * envelope carries must name this skill (ask-sdk compares only the one in `context`).
 */
export type EnvelopeCheck =
  | { readonly verdict: 'ok' }
  | { readonly verdict: 'malformed'; readonly problem: string }
  | { readonly verdict: 'other-skill'; readonly field: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An envelope for another skill, refused by the custom skill and the smart home function alike. */
export class SkillIdMismatchError extends Error {
  constructor(field: string) {
    // Worded as ask-sdk words its own check, which still runs behind the custom skill's.
    super(`CustomSkill ID verification failed: ${field} does not name this skill`);
    this.name = 'SkillIdMismatchError';
  }
}

/**
 * Checks a request envelope before the SDK sees it: `ok`, `malformed` (saying what is missing) or
 * `other-skill` (naming the field whose application ID is not `skillId`).
 */
export function checkEnvelope(envelope: unknown, skillId: string): EnvelopeCheck {
  if (!isObject(envelope)) return { verdict: 'malformed', problem: 'the body is not an object' };
  const { context, session, request } = envelope;
  if (!isObject(context)) return { verdict: 'malformed', problem: 'no context' };
  if (!isObject(context.System)) return { verdict: 'malformed', problem: 'no context.System' };
  if (!isObject(request) || typeof request.type !== 'string')
    return { verdict: 'malformed', problem: 'no request type' };
  if (applicationIdOf(context.System) !== skillId)
    return { verdict: 'other-skill', field: 'context.System.application.applicationId' };
  // A session is absent for some request types; when present it must be for this skill too.
  if (session !== undefined && applicationIdOf(session) !== skillId)
    return { verdict: 'other-skill', field: 'session.application.applicationId' };
  return { verdict: 'ok' };
}

function applicationIdOf(holder: unknown): unknown {
  if (!isObject(holder) || !isObject(holder.application)) return undefined;
  return holder.application.applicationId;
}
