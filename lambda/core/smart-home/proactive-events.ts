/**
 * The proactive events the change reporter sends to the Alexa event gateway (payload version 3):
 * each carries the user's grant access token as its scope, and a fresh message ID. Pure: the
 * message ID, the time and the token come from the caller.
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-changereport.html
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html#addorupdatereport-event
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html#deletereport-event
 */
import { lampDescription, lampProperties, type ContextProperty } from './events';
import type { StoredEndpoint } from './lamp';
import type { ChangeCause, LampPropertyName } from './stream-report';

/** The event gateway's scope: the Amazon access token from the user's grant. A secret. */
export interface BearerScope {
  readonly type: 'BearerToken';
  readonly token: string;
}

export interface ProactiveEvent {
  readonly event: {
    readonly header: {
      readonly namespace: string;
      readonly name: string;
      readonly payloadVersion: '3';
      readonly messageId: string;
    };
    readonly endpoint?: { readonly scope: BearerScope; readonly endpointId: string };
    readonly payload: Record<string, unknown>;
  };
  readonly context?: { readonly properties: readonly ContextProperty[] };
}

const scopeOf = (token: string): BearerScope => ({ type: 'BearerToken', token });
const header = (namespace: string, name: string, messageId: string) =>
  ({ namespace, name, payloadVersion: '3', messageId }) as const;

const isChanged = (changed: readonly LampPropertyName[], property: ContextProperty) =>
  (changed as readonly string[]).includes(property.name);

/**
 * A ChangeReport: the changed properties in the payload with their cause, every other property
 * (unchanged, and the lamp's connectivity) in the context, all sampled when the state was written.
 */
export function changeReport(
  messageId: string,
  token: string,
  change: {
    readonly endpoint: StoredEndpoint;
    readonly changed: readonly LampPropertyName[];
    readonly cause: ChangeCause;
    readonly sampledAt: Date;
  }
): ProactiveEvent {
  const properties = lampProperties(change.endpoint.state, change.sampledAt);
  return {
    event: {
      header: header('Alexa', 'ChangeReport', messageId),
      endpoint: { scope: scopeOf(token), endpointId: change.endpoint.endpointId },
      payload: {
        change: {
          cause: { type: change.cause },
          properties: properties.filter((property) => isChanged(change.changed, property)),
        },
      },
    },
    context: {
      properties: properties.filter((property) => !isChanged(change.changed, property)),
    },
  };
}

/** An AddOrUpdateReport: the endpoint as discovery describes it, its properties proactively reported. */
export function addOrUpdateReport(
  messageId: string,
  token: string,
  endpoint: StoredEndpoint
): ProactiveEvent {
  return {
    event: {
      header: header('Alexa.Discovery', 'AddOrUpdateReport', messageId),
      payload: {
        endpoints: [lampDescription(endpoint, { proactivelyReported: true })],
        scope: scopeOf(token),
      },
    },
  };
}

/** A DeleteReport: the endpoint IDs the user no longer has. */
export function deleteReport(messageId: string, token: string, endpointId: string): ProactiveEvent {
  return {
    event: {
      header: header('Alexa.Discovery', 'DeleteReport', messageId),
      payload: { endpoints: [{ endpointId }], scope: scopeOf(token) },
    },
  };
}
