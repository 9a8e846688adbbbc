/**
 * The smart home skill: one directive in, one event out, never a throw. It verifies the bearer
 * token through the LinkingVerifier port (whichever linking server is behind it), answers
 * AcceptGrant itself, and hands every other directive, with the verified user only, to the
 * device port (lambda/core/smart-home/device-port.ts), whose answer it checks before Alexa sees it.
 */
import { randomUUID } from 'node:crypto';
import type { LinkedUser, LinkingDecision } from '../../core/linking-decision';
import { redactTokens } from '../../core/redact';
import {
  checkDeviceAnswer,
  checkDiscovery,
  type Checked,
  type CheckedAnswer,
} from '../../core/smart-home/device-port-answers';
import type { SmartHomeDevicePort } from '../../core/smart-home/device-port';
import {
  routeDirective,
  type DirectiveEcho,
  type RoutedDirective,
} from '../../core/smart-home/directive';
import { describeDecision, errorForDecision } from '../../core/smart-home/errors';
import {
  acceptGrantFailed,
  acceptGrantResponse,
  deviceErrorResponse,
  discoveryEvent,
  errorResponse,
  propertiesEvent,
  type AlexaError,
  type AlexaEvent,
  type EventStamp,
} from '../../core/smart-home/events';
import { linkFingerprint } from '../../core/smart-home/device-table-keys';
import type { AlexaEventsGrantStore, GrantExchange } from '../../core/smart-home/ports';
import type { LinkingVerifier } from '../../verifiers/linking-verifier';

/** The slice of the runtime's Logger (lambda/adapters/logger.ts) the handler uses. */
export interface SmartHomeLog {
  /** Logs each directive handled: its name, linking decision and outcome. */
  info(message: string, attributes: Record<string, unknown>): void;
  /** Logs a directive refused before verification: one that is not a well-formed directive. */
  warn(message: string, attributes: Record<string, unknown>): void;
  /** Logs a failure on the skill's side (the verifier or the store), answered as a transient error. */
  error(message: string, attributes: Record<string, unknown>): void;
}

/** The slice of SkillMetrics (lambda/adapters/metrics.ts) the handler records into. */
export interface SmartHomeMetrics {
  /** Counts the directive's linking decision. */
  recordLinkingDecision(decision: LinkingDecision): void;
  /** Counts the directive, and the ErrorResponse type it was answered with. */
  recordDirective(directive: string, errorType?: string): void;
  /** Writes what was recorded, and the cold start on a container's first call. */
  publish(): void;
}

/**
 * What createDirectiveHandler is built from: the verifier, the device port, the grant exchange, the
 * logger and the metrics.
 */
export interface SmartHomeDependencies {
  /** Verifies each directive's bearer token. */
  readonly verifier: LinkingVerifier;
  /**
   * Your devices: discovery, every directive but AcceptGrant, Discover and ReportState's state.
   * It gets the verified user, never the token, and must scope every lookup by `user.userId`.
   */
  readonly devices: SmartHomeDevicePort;
  /**
   * Exchanges AcceptGrant's code for Amazon tokens (`createLwaGrantExchange`).
   * @default - none (no events credentials): AcceptGrant is acknowledged without an exchange
   */
  readonly grantExchange?: GrantExchange;
  /**
   * Where AcceptGrant keeps the Amazon tokens it exchanged the code for
   * (`createDynamoDbGrantStore`). Required with `grantExchange`.
   * @default - none: only allowed without grantExchange
   */
  readonly grantStore?: AlexaEventsGrantStore;
  /** Where the handler logs (never a token or a grant code). */
  readonly logger: SmartHomeLog;
  /**
   * Where each directive's linking decision, name and outcome are counted (a getter, so the
   * metrics are created on the first directive, not at init).
   * @default - nothing is counted
   */
  readonly metrics?: () => SmartHomeMetrics;
  /**
   * How long the port may take to answer one call. A port that takes longer gets INTERNAL_ERROR
   * sent for it (and a log line naming the call), so Alexa, which waits 8 s for the whole
   * directive, hears an answer rather than nothing from a function that hit its own timeout.
   * @default 5000
   */
  readonly portTimeoutMs?: number;
  /** @default crypto.randomUUID */
  readonly newMessageId?: () => string;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** The smart home function's handler: any directive in, the event to answer Alexa with out. */
export type DirectiveHandler = (event: unknown) => Promise<AlexaEvent>;

// The lamp's endpoint ID, from where it was before the lamp became a device port.
export { starterEndpointId } from './lamp-port';

interface Outcome {
  readonly event: AlexaEvent;
  /** The response name or error type, for the log. */
  readonly outcome: string;
  /** The ErrorResponse type when the directive was refused, for the metrics. */
  readonly errorType?: string;
  readonly detail?: string;
  /** What was wrong with the device port's answer, for the developer (logged as an error). */
  readonly problem?: string;
}

/**
 * Builds the directive handler: it verifies each directive's token, answers AcceptGrant, Discover,
 * ReportState and the device directives through `deps.devices`, and maps every failure to an Alexa
 * ErrorResponse, never unlinking a user whose token could not be checked.
 */
export function createDirectiveHandler(deps: SmartHomeDependencies): DirectiveHandler {
  assertIsDevicePort(deps.devices);
  if (deps.grantExchange !== undefined && deps.grantStore === undefined) {
    throw new TypeError(
      'createDirectiveHandler: grantExchange needs grantStore, where AcceptGrant keeps the Amazon tokens (received grantStore: undefined); pass createDynamoDbGrantStore({ client, tableName }), or leave grantExchange out to acknowledge AcceptGrant without an exchange'
    );
  }
  const portTimeoutMs = deps.portTimeoutMs ?? DEFAULT_PORT_TIMEOUT_MS;
  const askPort = <T>(call: string, answer: () => Promise<T>): Promise<T> =>
    withDeadline(
      answer,
      portTimeoutMs,
      `the device port's ${call} did not answer within ${portTimeoutMs} ms`
    );
  const newMessageId = deps.newMessageId ?? randomUUID;
  const now = deps.now ?? (() => new Date());
  const stamp = (): EventStamp => ({ messageId: newMessageId(), now: now() });
  const { logger } = deps;

  return async (event) => {
    const metrics = deps.metrics?.();
    try {
      const { reply, directive, errorType, decision } = await answer(event);
      if (metrics) {
        if (decision) metrics.recordLinkingDecision(decision);
        metrics.recordDirective(directive, errorType);
      }
      return reply;
    } finally {
      metrics?.publish();
    }
  };

  /** The reply, with what the metrics count: `<namespace>.<name>`, the error type, the decision. */
  async function answer(event: unknown): Promise<{
    readonly reply: AlexaEvent;
    readonly directive: string;
    readonly errorType?: string;
    readonly decision?: LinkingDecision;
  }> {
    const parsed = routeDirective(event);
    if (!parsed.ok) {
      const { event: reply, errorType } = refusal(
        parsed.namespace === 'Alexa.Authorization' && parsed.name === 'AcceptGrant',
        parsed.echo,
        `Malformed AcceptGrant: ${parsed.reason}.`,
        {
          type: 'INVALID_DIRECTIVE',
          message: `Unsupported or malformed directive: ${parsed.reason}.`,
        }
      );
      logger.warn('directive refused', {
        namespace: parsed.namespace ?? 'unknown',
        name: parsed.name ?? 'unknown',
        endpointId: parsed.echo.endpointId,
        outcome: errorType,
        reason: parsed.reason,
      });
      // Names are plain (letters, digits, dots, at most 64 characters) or 'unknown': a bounded
      // dimension, and only Alexa can invoke the function.
      const directiveName = `${parsed.namespace ?? 'unknown'}.${parsed.name ?? 'unknown'}`;
      return { reply, directive: directiveName, errorType };
    }

    const { directive } = parsed;
    const directiveName = `${directive.namespace}.${directive.name}`;
    const where = {
      namespace: directive.namespace,
      name: directive.name,
      endpointId: 'endpointId' in directive ? directive.endpointId : undefined,
    };
    let decision: LinkingDecision | undefined;
    try {
      decision = await deps.verifier.decide(directive.token);
      const result = await handleVerified(directive, decision);
      const line = {
        ...where,
        decision: describeDecision(decision),
        outcome: result.outcome,
        ...(result.detail === undefined ? {} : { detail: result.detail }),
      };
      if (result.problem === undefined) logger.info('directive handled', line);
      else logger.error('device port answer refused', { ...line, problem: result.problem });
      return {
        reply: result.event,
        directive: directiveName,
        errorType: result.errorType,
        decision,
      };
    } catch (error) {
      // A verifier that does not recognise what happened, or the store failing: our fault, and
      // transient as far as Alexa can tell, so never an error that would unlink the user.
      const { event: reply, errorType } = refusal(
        directive.kind === 'accept-grant',
        directive.echo,
        'The grant could not be handled; try again.',
        internal('The skill failed to handle the directive; try again.')
      );
      logger.error('directive failed', {
        ...where,
        decision: decision ? describeDecision(decision) : 'not decided',
        outcome: errorType,
        error: describeError(error),
      });
      return { reply, directive: directiveName, errorType, decision };
    }
  }

  async function handleVerified(
    directive: RoutedDirective,
    decision: LinkingDecision
  ): Promise<Outcome> {
    const refused = errorForDecision(decision);
    if (decision.kind !== 'linked' || refused) {
      const error = refused ?? internal('no linked user');
      const isAcceptGrant = directive.kind === 'accept-grant';
      const { event, errorType } = refusal(
        isAcceptGrant,
        directive.echo,
        `The grantee token was not accepted: ${error.message}`,
        error
      );
      // AcceptGrant's own error has one type: the log says which Alexa error it stands for.
      return {
        event,
        outcome: errorType,
        errorType,
        detail: isAcceptGrant ? error.type : undefined,
      };
    }
    // The port gets the verified user and nothing of the token.
    const { user } = decision;
    switch (directive.kind) {
      case 'accept-grant':
        return acceptGrant(user, directive, directive.echo);
      case 'discover':
        return discover(user, directive.echo);
      case 'report-state':
        return deviceOutcome(
          'StateReport',
          directive,
          checkDeviceAnswer(
            await askPort('reportState()', () =>
              deps.devices.reportState(user, directive.endpointId)
            ),
            'reportState()',
            now()
          )
        );
      case 'endpoint': {
        const { namespace, name, payload, endpointId, echo } = directive;
        const answer = await askPort('handleDirective()', () =>
          deps.devices.handleDirective(user, {
            namespace,
            name,
            payload,
            endpointId,
            payloadVersion: '3',
            ...(echo.correlationToken === undefined
              ? {}
              : { correlationToken: echo.correlationToken }),
          })
        );
        return deviceOutcome(
          'Response',
          directive,
          checkDeviceAnswer(answer, 'handleDirective()', now())
        );
      }
    }
  }

  /** The event for a checked port answer: its properties, its error, or INTERNAL_ERROR. */
  function deviceOutcome(
    name: 'Response' | 'StateReport',
    directive: { readonly endpointId: string; readonly echo: DirectiveEcho },
    checked: Checked<CheckedAnswer>
  ): Outcome {
    if (!checked.ok) return malformed(directive.echo, checked.problem);
    const answer = checked.value;
    if ('error' in answer) {
      return {
        event: deviceErrorResponse(stamp(), directive.echo, answer.error),
        outcome: answer.error.type,
        errorType: answer.error.type,
      };
    }
    return {
      event: propertiesEvent(
        name,
        stamp(),
        directive.echo,
        directive.endpointId,
        answer.properties
      ),
      outcome: name,
    };
  }

  async function discover(user: LinkedUser, echo: DirectiveEcho): Promise<Outcome> {
    const checked = checkDiscovery(await askPort('discover()', () => deps.devices.discover(user)));
    if (!checked.ok) return malformed(echo, checked.problem);
    const endpoints = checked.value;
    return {
      event: discoveryEvent(stamp(), echo, endpoints),
      outcome: 'Discover.Response',
      detail: `${endpoints.length} endpoint(s)`,
    };
  }

  async function acceptGrant(
    user: LinkedUser,
    { code, token }: { readonly code: string; readonly token: unknown },
    echo: DirectiveEcho
  ): Promise<Outcome> {
    if (!deps.grantExchange) {
      return {
        event: acceptGrantResponse(stamp(), echo),
        outcome: 'AcceptGrant.Response',
        detail: 'no events credentials configured: code not exchanged, proactive events off',
      };
    }
    // At once: the code lives for minutes, and only after the grantee token verified.
    const result = await deps.grantExchange.exchange(code);
    if (!result.ok) {
      return {
        event: acceptGrantFailed(
          stamp(),
          echo,
          `Login with Amazon did not exchange the code (${result.reason}: ${result.detail}).`
        ),
        outcome: 'ACCEPT_GRANT_FAILED',
        errorType: 'ACCEPT_GRANT_FAILED',
        detail: `${result.reason}: ${result.detail}`,
      };
    }
    // Keyed by the grantee token too: each Alexa user linked to the account keeps its own tokens.
    await requireGrantStore(deps.grantStore).saveAlexaEventsGrant(
      user.userId,
      linkFingerprint(String(token)),
      result.grant
    );
    return { event: acceptGrantResponse(stamp(), echo), outcome: 'AcceptGrant.Response' };
  }

  /**
   * A refused directive's event: AcceptGrant's own ErrorResponse (ACCEPT_GRANT_FAILED, with
   * `grantMessage`) for an AcceptGrant, an `Alexa` ErrorResponse with `error` for any other.
   */
  function refusal(
    isAcceptGrant: boolean,
    echo: DirectiveEcho,
    grantMessage: string,
    error: AlexaError
  ): { readonly event: AlexaEvent; readonly errorType: string } {
    return isAcceptGrant
      ? { event: acceptGrantFailed(stamp(), echo, grantMessage), errorType: 'ACCEPT_GRANT_FAILED' }
      : { event: errorResponse(stamp(), echo, error), errorType: error.type };
  }

  function failure(echo: DirectiveEcho, error: AlexaError): Outcome {
    return {
      event: errorResponse(stamp(), echo, error),
      outcome: error.type,
      errorType: error.type,
    };
  }

  /** A port answer that breaks the contract: the developer's bug, INTERNAL_ERROR to Alexa. */
  function malformed(echo: DirectiveEcho, problem: string): Outcome {
    return {
      ...failure(echo, internal('The skill failed to handle the directive; try again.')),
      problem: redactTokens(problem),
    };
  }
}

/** Checked at creation (createDirectiveHandler was given a store, not a port, say). */
function assertIsDevicePort(value: unknown): asserts value is SmartHomeDevicePort {
  const port = value as Partial<Record<string, unknown>> | undefined;
  const missing = ['discover', 'handleDirective', 'reportState'].filter(
    (method) => typeof port?.[method] !== 'function'
  );
  if (value === null || typeof value !== 'object' || missing.length > 0) {
    throw new TypeError(
      `createDirectiveHandler: devices must be a SmartHomeDevicePort with discover(user), handleDirective(user, directive) and reportState(user, endpointId); received ${value === null || typeof value !== 'object' ? String(value) : `an object without ${missing.join(', ')}`} (the DynamoDB lamp is createDynamoDbLampPort({ client, tableName }))`
    );
  }
}

function requireGrantStore(store: AlexaEventsGrantStore | undefined): AlexaEventsGrantStore {
  // createDirectiveHandler refuses a grantExchange without a grantStore: this cannot happen.
  if (!store) throw new TypeError('no grantStore for the grant exchange');
  return store;
}

/**
 * Under the smart home function's 7 s timeout with room for verification and the answer: a port
 * call still running then is abandoned, not awaited.
 */
const DEFAULT_PORT_TIMEOUT_MS = 5000;

/** `answer()`, or a rejection with `message` once `ms` have passed (the timer never holds the process). */
function withDeadline<T>(answer: () => Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  return Promise.race([Promise.resolve().then(answer), deadline]).finally(() =>
    clearTimeout(timer)
  );
}

function internal(message: string): AlexaError {
  return { type: 'INTERNAL_ERROR', message };
}

/** An unexpected error for the log: its name and message with anything token-shaped removed. */
function describeError(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : 'a non-Error was thrown';
  return redactTokens(text).slice(0, 500);
}
