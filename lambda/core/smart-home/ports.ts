/**
 * What the smart home handler needs from the outside world, as plain shapes: the device store
 * (one DynamoDB adapter) and the exchange of AcceptGrant's code for Amazon tokens (one LWA
 * adapter). The handler depends on these, never on an SDK.
 */
import type { LampState, StoredEndpoint } from './lamp';

/**
 * The devices of each linked user, keyed by the stable user ID from the verified token. Every
 * method takes that user ID, so one user can never reach another user's endpoint, even knowing
 * its ID. Failures (throttling, an outage) are thrown; the handler answers INTERNAL_ERROR.
 */
export interface DeviceStore extends AlexaEventsGrantStore {
  /** The user's endpoints; empty for a user the store has never seen. */
  endpointsOf(userId: string): Promise<StoredEndpoint[]>;
  /** Adds an endpoint unless the user already has one with that ID (then nothing changes). */
  addEndpoint(userId: string, endpoint: StoredEndpoint): Promise<void>;
  /** The user's endpoint with that ID, or undefined when the user has none by that ID. */
  endpointOf(userId: string, endpointId: string): Promise<StoredEndpoint | undefined>;
  /**
   * Applies `change` to the user's endpoint atomically and returns it as stored; undefined (and
   * nothing written) when the user has no endpoint by that ID.
   */
  changeState(
    userId: string,
    endpointId: string,
    change: (state: LampState) => LampState
  ): Promise<StoredEndpoint | undefined>;
}

/**
 * Where AcceptGrant's Amazon tokens are kept, under the verified user's ID: the handler's own
 * storage, whichever device port answers the directives (lambda/adapters/dynamodb-grant-store.ts
 * keeps them in the device table, where skill events erase them).
 */
export interface AlexaEventsGrantStore {
  /**
   * Keeps the Amazon tokens for proactive events to one Alexa user of the account, replacing
   * that link's earlier ones. `link` is the fingerprint of the grantee token
   * (device-table-keys.ts `linkFingerprint`): two Alexa users linked to one account have two.
   */
  saveAlexaEventsGrant(userId: string, link: string, grant: AlexaEventsGrant): Promise<void>;
}

/** The Amazon tokens AcceptGrant's code is exchanged for: secrets, never logged. */
export interface AlexaEventsGrant {
  /** The Amazon access token for sending events to the Alexa event gateway. */
  readonly accessToken: string;
  /** The refresh token that gets a new access token. */
  readonly refreshToken: string;
  /** When the access token expires (the refresh token gets a new one). */
  readonly accessTokenExpiresAt: Date;
}

/** What a grant exchange produced: the tokens, or why not. */
export type GrantExchangeResult =
  | { readonly ok: true; readonly grant: AlexaEventsGrant }
  | {
      readonly ok: false;
      /**
       * `rejected`: LWA refused the code (expired, used, wrong client);
       * `unavailable`: LWA or the credentials could not be had in time;
       * `bad-response`: LWA answered something that is not a token response.
       */
      readonly reason: 'rejected' | 'unavailable' | 'bad-response';
      /** Safe to log: an LWA error code or a status, never a token or the grant code. */
      readonly detail: string;
    };

/** Exchanges AcceptGrant's authorization code for Amazon tokens with the skill's events credentials. */
export interface GrantExchange {
  /** Exchanges the code; a refusal, a timeout or a bad answer is a result, not a throw. */
  exchange(code: string): Promise<GrantExchangeResult>;
}
