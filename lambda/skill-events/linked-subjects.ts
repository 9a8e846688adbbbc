/**
 * The port that remembers which linked account an Alexa user is, for a skill whose data is keyed
 * by the linking server's stable user ID (the smart home device table: Cognito `sub`, Login with
 * Amazon `user_id`, OIDC `sub`) while skill events carry Alexa's `userId`.
 *
 * Written from skill events only, and only with a subject taken from an access token the
 * LinkingVerifier port verified (SkillAccountLinked carries the fresh token; later events carry
 * the current one). Smart home directives cannot write it: they carry the bearer token but not
 * Alexa's user ID.
 */
export interface LinkedSubjects {
  /** Remembers that `alexaUserId` is linked to `subject`, replacing an earlier subject. */
  remember(alexaUserId: string, subject: string): Promise<void>;
  /** The remembered subject, or undefined when none is stored. */
  subjectOf(alexaUserId: string): Promise<string | undefined>;
  /** Forgets the Alexa user; nothing to forget is not an error. Resolves to the items deleted. */
  forget(alexaUserId: string): Promise<number>;
}
