/**
 * What the change reporter needs from the outside world, as plain shapes: the stored grants
 * (one DynamoDB adapter), the event gateway and Login with Amazon's refresh (HTTP adapters).
 */
import type { AlexaEventsGrant } from './ports';
import type { RefreshAnswer } from './lwa-refresh-answer';

/** One Alexa user's grant, as stored in the linked account's partition. Holds secrets. */
export interface StoredEventsGrant extends AlexaEventsGrant {
  /** The linked account (the linking server's subject). */
  readonly subject: string;
  /** The link fingerprint (device-table-keys.ts): one per Alexa user of the account. */
  readonly link: string;
  /** The Alexa region AcceptGrant arrived in (`NA`, `EU`, `FE`); absent on older grants. */
  readonly region?: string;
  /** Set when events must stop for this grant (invalid_grant, skill disabled, permission withdrawn). */
  readonly revoked: boolean;
}

/**
 * The grants, with a refresh lease so that one grant is never refreshed twice at once, across
 * every container: a conditional write, not a lock in memory.
 */
export interface EventsGrantStore {
  /** The account's grants, revoked ones included. */
  grantsOf(subject: string): Promise<StoredEventsGrant[]>;
  /** One grant as stored now (a consistent read), or undefined when it is gone. */
  grantOf(subject: string, link: string): Promise<StoredEventsGrant | undefined>;
  /**
   * Takes the refresh lease until `until` when the grant still holds `staleAccessToken`, is not
   * revoked and no unexpired lease is held. False when another caller holds it or was faster.
   */
  acquireRefreshLease(
    grant: StoredEventsGrant,
    leaseId: string,
    now: Date,
    until: Date
  ): Promise<boolean>;
  /** Stores the refreshed tokens and drops the lease, if the lease is still `leaseId`'s. */
  storeRefreshed(grant: StoredEventsGrant, leaseId: string, fresh: AlexaEventsGrant): Promise<void>;
  /** Drops the lease without changing the tokens (a failed refresh). */
  releaseRefreshLease(grant: StoredEventsGrant, leaseId: string): Promise<void>;
  /**
   * Marks the grant revoked with a reason (a code, never a token), unless it has been replaced
   * since (a new AcceptGrant writes a new refresh token and no mark).
   */
  markRevoked(grant: StoredEventsGrant, reason: string, at: Date): Promise<void>;
}

export type GatewayAnswer =
  | { readonly kind: 'answered'; readonly status: number; readonly code?: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network' };

/** POSTs one event to a regional event gateway with the grant's access token. */
export interface EventGateway {
  send(url: string, accessToken: string, event: unknown): Promise<GatewayAnswer>;
}

/** Refreshes a grant's access token at Login with Amazon with the messaging credentials. */
export interface TokenRefresher {
  refresh(
    refreshToken: string,
    credentials: { readonly clientId: string; readonly clientSecret: string }
  ): Promise<RefreshAnswer>;
}
