/**
 * The events the skill answers Alexa with (payload version 3). Pure: the message ID and the time
 * come from the caller, so every builder is deterministic under test.
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-response.html
 */
import type { DeviceError, DeviceErrorType, DeviceProperty } from './device-port';
import type { DirectiveEcho } from './directive';
import { BRIGHTNESS_RANGE, type LampState, type StoredEndpoint } from './lamp';

/** What every event gets from outside: a fresh UUID and the time of this answer. */
export interface EventStamp {
  readonly messageId: string;
  readonly now: Date;
}

export interface EventHeader {
  readonly namespace: string;
  readonly name: string;
  readonly payloadVersion: '3';
  readonly messageId: string;
  readonly correlationToken?: string;
}

/** One property's state in an event's `context` or a ChangeReport's `change`, as Alexa reads it. */
export interface ContextProperty {
  /** The interface the property belongs to, e.g. `Alexa.PowerController`. */
  readonly namespace: string;
  /** The property, e.g. `powerState`. */
  readonly name: string;
  /**
   * For the multi-instance interfaces (ModeController, RangeController, ToggleController).
   * @default - none: a single-instance interface
   */
  readonly instance?: string;
  /** The property's value: `'ON'`, `42`, `{ value: 'OK' }`. */
  readonly value: unknown;
  /** ISO 8601 with milliseconds and `Z`. */
  readonly timeOfSample: string;
  /** How stale the value may be, in milliseconds. */
  readonly uncertaintyInMilliseconds: number;
}

/**
 * An event the smart home function answers Alexa with (a Response, an ErrorResponse,
 * Discover.Response...), as Alexa's smart home API shapes it.
 */
export interface AlexaEvent {
  /** The event: its header, the endpoint it is about, and its payload. */
  readonly event: {
    readonly header: EventHeader;
    readonly endpoint?: { readonly endpointId: string };
    readonly payload: Record<string, unknown>;
  };
  /**
   * The endpoint's properties after the directive, in a state report or a Response.
   * @default - no context: the event reports no property
   */
  readonly context?: { readonly properties: readonly ContextProperty[] };
}

/** The error types this skill sends in an `Alexa` ErrorResponse. */
export type AlexaErrorType =
  | 'EXPIRED_AUTHORIZATION_CREDENTIAL'
  | 'INVALID_AUTHORIZATION_CREDENTIAL'
  | 'INTERNAL_ERROR'
  | 'ENDPOINT_UNREACHABLE'
  | 'NO_SUCH_ENDPOINT'
  | 'INVALID_DIRECTIVE'
  | 'VALUE_OUT_OF_RANGE';

export interface AlexaError {
  readonly type: AlexaErrorType;
  /** For the developer, not the user: Alexa does not speak it. Never holds a token. */
  readonly message: string;
}

export const MANUFACTURER_NAME = 'alexa-account-linking';

function header(
  namespace: string,
  name: string,
  stamp: EventStamp,
  echo: DirectiveEcho
): EventHeader {
  return {
    namespace,
    name,
    payloadVersion: '3',
    messageId: stamp.messageId,
    ...(echo.correlationToken === undefined ? {} : { correlationToken: echo.correlationToken }),
  };
}

export function acceptGrantResponse(stamp: EventStamp, echo: DirectiveEcho): AlexaEvent {
  return {
    event: {
      header: header('Alexa.Authorization', 'AcceptGrant.Response', stamp, echo),
      payload: {},
    },
  };
}

/** AcceptGrant's only error: Alexa tells the user that linking failed and they may try again. */
export function acceptGrantFailed(
  stamp: EventStamp,
  echo: DirectiveEcho,
  message: string
): AlexaEvent {
  return {
    event: {
      header: header('Alexa.Authorization', 'ErrorResponse', stamp, echo),
      payload: { type: 'ACCEPT_GRANT_FAILED', message },
    },
  };
}

/** Discover.Response with endpoints a device port described (checked by device-port-answers.ts). */
export function discoveryEvent(
  stamp: EventStamp,
  echo: DirectiveEcho,
  endpoints: readonly object[]
): AlexaEvent {
  return {
    event: {
      header: header('Alexa.Discovery', 'Discover.Response', stamp, echo),
      payload: { endpoints },
    },
  };
}

/** `Alexa.Response` or `StateReport` for one endpoint, with the properties a device port reported. */
export function propertiesEvent(
  name: 'Response' | 'StateReport',
  stamp: EventStamp,
  echo: DirectiveEcho,
  endpointId: string,
  properties: readonly ContextProperty[]
): AlexaEvent {
  return {
    event: {
      header: header('Alexa', name, stamp, echo),
      endpoint: { endpointId },
      payload: {},
    },
    context: { properties },
  };
}

/**
 * An `Alexa` ErrorResponse, with the fields its type takes: for an error a device port answered,
 * and for the skill's own (errorResponse), which only the skill may send (the credential errors).
 */
export function deviceErrorResponse(
  stamp: EventStamp,
  echo: DirectiveEcho,
  error: Omit<DeviceError, 'type'> & { readonly type: DeviceErrorType | AlexaErrorType }
): AlexaEvent {
  const { type, message, validRange, percentageState, currentDeviceMode } = error;
  return {
    event: {
      header: header('Alexa', 'ErrorResponse', stamp, echo),
      ...(echo.endpointId === undefined ? {} : { endpoint: { endpointId: echo.endpointId } }),
      payload: {
        type,
        message,
        ...(validRange === undefined ? {} : { validRange: { ...validRange } }),
        ...(percentageState === undefined ? {} : { percentageState }),
        ...(currentDeviceMode === undefined ? {} : { currentDeviceMode }),
      },
    },
  };
}

/** An `Alexa` ErrorResponse: a type and a message (and the valid range), never a context. */
export function errorResponse(
  stamp: EventStamp,
  echo: DirectiveEcho,
  error: AlexaError,
  validRange?: typeof BRIGHTNESS_RANGE
): AlexaEvent {
  return deviceErrorResponse(stamp, echo, { type: error.type, message: error.message, validRange });
}

/**
 * The lamp's reported properties. The stored state is the device, so reading it is sampling it:
 * the time is now and the uncertainty nil.
 */
export function lampProperties(state: LampState, now: Date): ContextProperty[] {
  const timeOfSample = now.toISOString();
  const property = (namespace: string, name: string, value: unknown): ContextProperty => ({
    namespace,
    name,
    value,
    timeOfSample,
    uncertaintyInMilliseconds: 0,
  });
  return lampStateProperties(state).map(({ namespace, name, value }) =>
    property(namespace, name, value)
  );
}

/**
 * The lamp's properties as its device port reports them: without a sample time, which the
 * handler fills in with now and an uncertainty of 0 (the stored state is the device).
 */
export function lampStateProperties(state: LampState): DeviceProperty[] {
  return [
    { namespace: 'Alexa.PowerController', name: 'powerState', value: state.powerState },
    { namespace: 'Alexa.BrightnessController', name: 'brightness', value: state.brightness },
    { namespace: 'Alexa.EndpointHealth', name: 'connectivity', value: { value: 'OK' } },
  ];
}

const capability = (interfaceName: string) => ({
  type: 'AlexaInterface' as const,
  interface: interfaceName,
  version: '3',
});

const propertyCapability = (
  interfaceName: string,
  property: string,
  proactivelyReported: boolean
) => ({
  ...capability(interfaceName),
  properties: {
    supported: [{ name: property }],
    // True only when the skill sends ChangeReports (it has events credentials); otherwise
    // Alexa asks with ReportState instead.
    proactivelyReported,
    retrievable: true,
  },
});

/**
 * A lamp in Discover.Response (or the reporter's AddOrUpdateReport): the Alexa, power,
 * brightness and health interfaces, category LIGHT. `proactivelyReported` is declared on each
 * property (false unless ChangeReports are sent).
 */
export function lampDescription(endpoint: StoredEndpoint, { proactivelyReported = false } = {}) {
  return {
    endpointId: endpoint.endpointId,
    manufacturerName: MANUFACTURER_NAME,
    friendlyName: endpoint.friendlyName,
    description: `Virtual lamp by ${MANUFACTURER_NAME}`,
    displayCategories: ['LIGHT'],
    cookie: {},
    capabilities: [
      capability('Alexa'),
      propertyCapability('Alexa.PowerController', 'powerState', proactivelyReported),
      propertyCapability('Alexa.BrightnessController', 'brightness', proactivelyReported),
      propertyCapability('Alexa.EndpointHealth', 'connectivity', proactivelyReported),
    ],
  };
}
