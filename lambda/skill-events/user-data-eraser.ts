/**
 * The port through which a skill event deletes what the project stores about a user (smart home
 * devices, stored Amazon event tokens). Keyed by the Alexa user ID that skill events carry
 * (`context.System.user.userId`).
 */
export interface UserDataEraser {
  /**
   * Deletes every item stored for the user and says how many went. Data already gone is not an
   * error: erasing twice deletes nothing the second time and resolves to 0.
   */
  eraseUser(userId: string): Promise<number>;
}
