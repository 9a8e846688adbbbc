/**
 * The port that remembers which linked accounts an Alexa user has had, for a skill whose data is
 * keyed by the linking server's stable user ID (the smart home device table: Cognito `sub`, Login
 * with Amazon `user_id`, OIDC `sub`) while skill events carry Alexa's `userId`.
 *
 * Written from skill events only, and only with a subject taken from an access token the
 * LinkingVerifier port verified (SkillAccountLinked carries the fresh token; later events carry
 * the current one). Smart home directives cannot write it: they carry the bearer token but not
 * Alexa's user ID.
 */
export interface LinkedSubjects {
  /**
   * Remembers that `alexaUserId` is linked to `subject` through the token whose link fingerprint
   * is `link`, keeping every subject remembered before (a user who re-links to another account).
   */
  remember(alexaUserId: string, subject: string, link: string): Promise<void>;
  /**
   * Erases what is stored for the Alexa user under every subject it linked, and `fromToken`'s
   * (the event's own verified token), then the records of the links themselves; what another
   * Alexa user linked to the same subject still uses stays. Nothing to erase is not an error.
   * Resolves to the items deleted.
   */
  erase(
    alexaUserId: string,
    fromToken?: { readonly subject: string; readonly link: string }
  ): Promise<number>;
}
