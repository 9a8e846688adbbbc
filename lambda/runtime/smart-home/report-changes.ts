/**
 * The change reporter: turns the device table's stream records into proactive events to the Alexa
 * event gateway of each grant's region, with the grant's access token (refreshed first when it
 * expires within a minute, never twice at once for one grant). Records are handled in order; the
 * first that cannot be delivered in the function's time is returned as a batch item failure, so
 * Lambda retries from it (and, after its retries, sends it to the on-failure destination).
 */
import { randomUUID } from 'node:crypto';
import {
  gatewayUrlFor,
  gatewayVerdict,
  needsRefresh,
  retryDelay,
} from '../../core/smart-home/event-gateway';
import {
  addOrUpdateReport,
  changeReport,
  deleteReport,
  type ProactiveEvent,
} from '../../core/smart-home/proactive-events';
import type {
  EventGateway,
  EventsGrantStore,
  StoredEventsGrant,
  TokenRefresher,
} from '../../core/smart-home/reporter-ports';
import {
  decideReport,
  type Report,
  type StreamRecordLike,
} from '../../core/smart-home/stream-report';

export interface ReporterLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface ReporterMetricsPort {
  recordSent(): void;
  recordRefused(): void;
  recordRefreshFailed(): void;
  recordRevoked(): void;
  publish(): void;
}

/** What the change reporter reads grants from, sends through, refreshes with, and logs to. */
export interface ChangeReporterOptions {
  /** Where AcceptGrant's Amazon tokens are (`createDynamoDbEventsGrants`): read, refreshed, revoked. */
  readonly grants: EventsGrantStore;
  /** Sends one event to a regional event gateway (`createHttpEventGateway`). */
  readonly gateway: EventGateway;
  /** Refreshes an expired grant at Login with Amazon (`createLwaTokenRefresher`). */
  readonly refresher: TokenRefresher;
  /** The messaging credentials; a rejection (unreadable or malformed secret) turns events off for the call. */
  readonly credentials: () => Promise<{ readonly clientId: string; readonly clientSecret: string }>;
  /** Where each event's outcome is logged (never a token, a grant code or the secret). */
  readonly logger: ReporterLogger;
  /** Where events sent, refused, failed refreshes and revoked grants are counted. */
  readonly metrics: ReporterMetricsPort;
  /**
   * The home stack's AWS region: the gateway of grants stored before regions were recorded.
   * @default - NA (api.amazonalexa.com) for such grants
   */
  readonly homeAwsRegion?: string;
  /** How long one gateway or LWA call may take, for the retry budget. @default 2500 */
  readonly callBudgetMs?: number;
  /** How long a refresh lease holds. @default 10 s */
  readonly leaseMs?: number;
  /** The pause before re-reading a grant another caller is refreshing. @default 250 ms */
  readonly leaseWaitMs?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default crypto.randomUUID */
  readonly messageId?: () => string;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A batch of DynamoDB stream records, as Lambda hands them to the reporter. */
export interface StreamEvent {
  /** The records, oldest first; each names its table item's keys and images. */
  readonly Records: readonly (StreamRecordLike & {
    readonly dynamodb?: { readonly SequenceNumber?: string };
  })[];
}
export interface ReporterContext {
  getRemainingTimeInMillis(): number;
}
export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** How one event to one grant ended. `failed` leaves the record for Lambda to retry. */
type Delivery = 'sent' | 'dropped' | 'stopped' | 'failed';
type FreshToken =
  | { readonly kind: 'token'; readonly grant: StoredEventsGrant }
  | {
      readonly kind: Exclude<Delivery, 'sent'>;
    };

/** Time kept back so the function answers Lambda before its own timeout. */
const SAFETY_MS = 1000;

/**
 * The change reporter's Lambda handler: each stream record of an endpoint item becomes a
 * ChangeReport, AddOrUpdateReport or DeleteReport to every grant of its user, at the gateway of
 * the grant's region; records it could not deliver are returned as batch item failures.
 */
export function createChangeReporter(options: ChangeReporterOptions) {
  const { grants, gateway, refresher, logger, metrics } = options;
  const now = options.now ?? (() => new Date());
  const messageId = options.messageId ?? randomUUID;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const callBudgetMs = options.callBudgetMs ?? 2500;
  const leaseMs = options.leaseMs ?? 10_000;
  const leaseWaitMs = options.leaseWaitMs ?? 250;
  // Never the token: the link fingerprint's start is enough to tell grants apart in a log.
  const grantLabel = (grant: StoredEventsGrant) => grant.link.slice(0, 12);

  return async (event: StreamEvent, context: ReporterContext): Promise<BatchResponse> => {
    const remaining = () => context.getRemainingTimeInMillis() - SAFETY_MS;
    try {
      let credentials: Awaited<ReturnType<ChangeReporterOptions['credentials']>> | undefined;
      const credentialsOnce = async () => (credentials ??= await options.credentials());

      async function refreshed(grant: StoredEventsGrant): Promise<FreshToken> {
        for (;;) {
          if (remaining() < callBudgetMs) return { kind: 'failed' };
          const leaseId = randomUUID();
          const at = now();
          if (
            await grants.acquireRefreshLease(grant, leaseId, at, new Date(at.getTime() + leaseMs))
          ) {
            let secret;
            try {
              secret = await credentialsOnce();
            } catch (error) {
              await grants.releaseRefreshLease(grant, leaseId);
              throw error;
            }
            const answer = await refresher.refresh(grant.refreshToken, secret);
            switch (answer.kind) {
              case 'refreshed':
                await grants.storeRefreshed(grant, leaseId, answer.grant);
                return { kind: 'token', grant: { ...grant, ...answer.grant } };
              case 'revoked':
                await grants.markRevoked(grant, 'invalid_grant', now());
                metrics.recordRefreshFailed();
                metrics.recordRevoked();
                logger.warn('Events grant revoked: Login with Amazon refused its refresh token', {
                  grant: grantLabel(grant),
                  reason: 'invalid_grant',
                });
                return { kind: 'stopped' };
              default:
                await grants.releaseRefreshLease(grant, leaseId);
                metrics.recordRefreshFailed();
                logger.error('Events token refresh failed', {
                  grant: grantLabel(grant),
                  detail: answer.detail,
                });
                return { kind: 'failed' };
            }
          }
          // Another caller holds the lease (or refreshed already): wait, then read what it stored.
          await sleep(leaseWaitMs);
          const current = await grants.grantOf(grant.subject, grant.link);
          if (!current || current.revoked) return { kind: 'stopped' };
          if (
            current.accessToken !== grant.accessToken &&
            !needsRefresh(current.accessTokenExpiresAt, now())
          ) {
            return { kind: 'token', grant: current };
          }
        }
      }

      function eventFor(report: Report, token: string): ProactiveEvent {
        switch (report.kind) {
          case 'change':
            return changeReport(messageId(), token, report);
          case 'add-or-update':
            return addOrUpdateReport(messageId(), token, report.endpoint);
          case 'delete':
            return deleteReport(messageId(), token, report.endpointId);
        }
      }

      async function deliver(report: Report, stored: StoredEventsGrant): Promise<Delivery> {
        let grant = stored;
        if (needsRefresh(grant.accessTokenExpiresAt, now())) {
          const fresh = await refreshed(grant);
          if (fresh.kind !== 'token') return fresh.kind;
          grant = fresh.grant;
        }
        const url = gatewayUrlFor(grant.region, options.homeAwsRegion);
        let refreshedOnce = false;
        for (let retry = 1; ;) {
          const answer = await gateway.send(
            url,
            grant.accessToken,
            eventFor(report, grant.accessToken)
          );
          const verdict =
            answer.kind === 'answered' ? gatewayVerdict(answer.status, answer.code) : 'retry';
          const detail = {
            grant: grantLabel(grant),
            event: report.kind,
            ...(answer.kind === 'answered'
              ? { status: answer.status, ...(answer.code ? { code: answer.code } : {}) }
              : { failure: answer.kind }),
          };
          switch (verdict) {
            case 'sent':
              metrics.recordSent();
              return 'sent';
            case 'refresh': {
              if (refreshedOnce) {
                metrics.recordRefused();
                logger.error('Event gateway refused a freshly refreshed token', detail);
                return 'dropped';
              }
              refreshedOnce = true;
              const fresh = await refreshed(grant);
              if (fresh.kind !== 'token') return fresh.kind;
              grant = fresh.grant;
              continue;
            }
            case 'stop':
              await grants.markRevoked(
                grant,
                answer.kind === 'answered' ? (answer.code ?? '403') : '403',
                now()
              );
              metrics.recordRefused();
              metrics.recordRevoked();
              logger.warn('Event gateway stopped events for this grant', detail);
              return 'stopped';
            case 'drop':
              metrics.recordRefused();
              logger.error('Event gateway refused an event; dropped', detail);
              return 'dropped';
            case 'retry': {
              const delay = retryDelay(retry, remaining(), callBudgetMs);
              if (delay === undefined) {
                logger.warn('Event gateway unavailable; the record is left for a retry', detail);
                return 'failed';
              }
              retry += 1;
              await sleep(delay);
            }
          }
        }
      }

      for (const record of event.Records) {
        const decision = decideReport(record);
        let failed = false;
        for (const report of decision.reports) {
          const usable = (await grants.grantsOf(report.subject)).filter((grant) => !grant.revoked);
          // Each Alexa user linked to the account gets the event with their own grant.
          for (const grant of usable) {
            if ((await deliver(report, grant)) === 'failed') failed = true;
          }
        }
        logger.info('Stream record', { note: decision.note, reports: decision.reports.length });
        const sequence = record.dynamodb?.SequenceNumber;
        if (failed && sequence !== undefined) {
          // Lambda retries from this record on; the ones after it come again in order.
          return { batchItemFailures: [{ itemIdentifier: sequence }] };
        }
      }
      return { batchItemFailures: [] };
    } catch (error) {
      const name = (error as { name?: unknown } | undefined)?.name;
      if (name === 'EventsCredentialsError' || name === 'ResourceNotFoundException') {
        // A malformed or missing secret: named in the log (never its value), events off for
        // this call; the whole batch is left for Lambda's retries and its on-failure destination.
        metrics.recordRefreshFailed();
        logger.error('Events credentials unusable; no events sent in this call', {
          error: (error as Error).message,
        });
        const first = event.Records[0]?.dynamodb?.SequenceNumber;
        return { batchItemFailures: first === undefined ? [] : [{ itemIdentifier: first }] };
      }
      throw error;
    } finally {
      metrics.publish();
    }
  };
}
