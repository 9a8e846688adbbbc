/**
 * The device port: what a smart home skill's own code (a device cloud, a DynamoDB lamp) answers,
 * in Alexa's terms. The directive handler (lambda/runtime/smart-home/handle-directive.ts) owns
 * everything else: it verifies the token, answers AcceptGrant, builds the events, and hands the
 * port only the verified user. Types only: no SDK, no behaviour.
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery-objects.html
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-errorresponse.html
 */
import type { LinkedUser } from '../linking-decision';

/**
 * One capability interface of an endpoint, as Discover.Response lists it: `type` is
 * `AlexaInterface`, `interface` its namespace (`Alexa.ThermostatController`), `version` `'3'`
 * (or the interface's own), plus what the interface needs (`properties`, `configuration`,
 * `instance`, `capabilityResources`, …), passed to Alexa as given.
 */
export interface DiscoveredCapability {
  /** Always `AlexaInterface` for a capability of the endpoint. */
  readonly type: 'AlexaInterface';
  /** The interface's namespace, e.g. `Alexa.PowerController`. */
  readonly interface: string;
  /** The interface's version: `'3'` for most. */
  readonly version: string;
  readonly [field: string]: unknown;
}

/**
 * One of the user's endpoints, as Discover.Response lists it. The handler checks each against
 * Alexa's rules (an endpoint that breaks one fails the whole discovery with INTERNAL_ERROR and a
 * log line naming it) and adds the `Alexa` interface when `capabilities` lacks it.
 */
export interface DiscoveredEndpoint {
  /** 1 to 256 letters, digits or `_ - = # ; : ? @ &`; unique among the user's endpoints and stable. */
  readonly endpointId: string;
  /** 1 to 128 characters: the name the user says ("kitchen thermostat"). */
  readonly friendlyName: string;
  /** 1 to 128 characters, e.g. "Wi-Fi thermostat by Example Corp". */
  readonly description: string;
  /** 1 to 128 characters. */
  readonly manufacturerName: string;
  /** At least one, e.g. `['THERMOSTAT']`, `['LIGHT']`; no repeats. */
  readonly displayCategories: readonly string[];
  /** At most 100. */
  readonly capabilities: readonly DiscoveredCapability[];
  /**
   * String values Alexa sends back in each directive to this endpoint; never device state.
   * @default - no cookie
   */
  readonly cookie?: Readonly<Record<string, string>>;
  /** `additionalAttributes`, `connections`, `relationships`, `registration`: passed as given. */
  readonly [field: string]: unknown;
}

/** A directive for one endpoint, of any capability interface, as the port receives it. */
export interface EndpointDirective {
  /** The interface, e.g. `Alexa.PowerController`, `Alexa.ThermostatController`. */
  readonly namespace: string;
  /** The directive, e.g. `TurnOn`, `SetTargetTemperature`. */
  readonly name: string;
  /** The directive's payload as Alexa sent it: read it as untrusted input. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Checked against Alexa's endpoint ID rules, not against the user's endpoints: that is yours. */
  readonly endpointId: string;
  /** The smart home API version of the directive: always `'3'`. */
  readonly payloadVersion: '3';
  /**
   * For an asynchronous answer later; the handler echoes it in its own answer.
   * @default - none: the directive carried no correlation token
   */
  readonly correlationToken?: string;
}

/**
 * One context property: the state of one property after the change (or as read). The handler
 * adds `timeOfSample` (now) and `uncertaintyInMilliseconds` (0) when they are absent: give them
 * when the value was read earlier than now, from a device that reports on its own schedule.
 */
export interface DeviceProperty {
  /** The interface the property belongs to, e.g. `Alexa.PowerController`. */
  readonly namespace: string;
  /** The property, e.g. `powerState`, `targetSetpoint`. */
  readonly name: string;
  /** Any JSON value but `undefined`: `'ON'`, `42`, `{ value: 21.5, scale: 'CELSIUS' }`. */
  readonly value: unknown;
  /**
   * For the multi-instance interfaces (ModeController, RangeController, ToggleController).
   * @default - none: a single-instance interface
   */
  readonly instance?: string;
  /**
   * ISO 8601 in UTC with `Z`, e.g. `2026-01-02T03:04:05.006Z`.
   * @default - the time the handler answers
   */
  readonly timeOfSample?: string;
  /**
   * How stale the value may be, in milliseconds.
   * @default 0
   */
  readonly uncertaintyInMilliseconds?: number;
}

/**
 * The `Alexa.ErrorResponse` types a port may answer with. The two credential errors
 * (EXPIRED_ / INVALID_AUTHORIZATION_CREDENTIAL) are not among them: Alexa unlinks the user on
 * either, and the handler alone decides them, from the token.
 */
export const DEVICE_ERROR_TYPES = [
  'ALREADY_IN_OPERATION',
  'BRIDGE_UNREACHABLE',
  'CLOUD_CONTROL_DISABLED',
  'ENDPOINT_BUSY',
  'ENDPOINT_LOW_POWER',
  'ENDPOINT_UNREACHABLE',
  'FIRMWARE_OUT_OF_DATE',
  'HARDWARE_MALFUNCTION',
  'INSUFFICIENT_PERMISSIONS',
  'INTERNAL_ERROR',
  'INVALID_DIRECTIVE',
  'INVALID_VALUE',
  'NO_SUCH_ENDPOINT',
  'NOT_CALIBRATED',
  'NOT_IN_OPERATION',
  'NOT_SUPPORTED_IN_CURRENT_MODE',
  'POWER_LEVEL_NOT_SUPPORTED',
  'RATE_LIMIT_EXCEEDED',
  'TEMPERATURE_VALUE_OUT_OF_RANGE',
  'TOO_MANY_FAILED_ATTEMPTS',
  'VALUE_OUT_OF_RANGE',
] as const;

/** One of DEVICE_ERROR_TYPES: the `type` of an `Alexa.ErrorResponse` a port may answer. */
export type DeviceErrorType = (typeof DEVICE_ERROR_TYPES)[number];

/** A bound of `validRange`: a number, or a temperature for TEMPERATURE_VALUE_OUT_OF_RANGE. */
export type RangeBound =
  number | { readonly value: number; readonly scale: 'CELSIUS' | 'FAHRENHEIT' | 'KELVIN' };

/** Why the port could not do what the directive asked, in Alexa's words. */
export interface DeviceError {
  /** The ErrorResponse type Alexa gets, e.g. `ENDPOINT_UNREACHABLE`. */
  readonly type: DeviceErrorType;
  /** For the developer (Alexa does not speak it): never a token or a secret. */
  readonly message: string;
  /**
   * VALUE_OUT_OF_RANGE and TEMPERATURE_VALUE_OUT_OF_RANGE only: the values accepted.
   * @default - none (the other types take no range)
   */
  readonly validRange?: { readonly minimumValue: RangeBound; readonly maximumValue: RangeBound };
  /**
   * ENDPOINT_LOW_POWER only: the battery level, 0 to 100.
   * @default - none (the other types take no level)
   */
  readonly percentageState?: number;
  /**
   * NOT_SUPPORTED_IN_CURRENT_MODE only, and required there.
   * @default - none (the other types take no mode)
   */
  readonly currentDeviceMode?: 'ASLEEP' | 'COLOR' | 'NOT_PROVISIONED' | 'OTHER';
}

/** What a port answers to a directive or a state request: the properties, or why not. */
export type DeviceAnswer =
  { readonly properties: readonly DeviceProperty[] } | { readonly error: DeviceError };

/**
 * Your devices, behind the smart home directive handler. Each method gets the verified linked
 * user (`userId`, the linking server's stable subject, and the token's `scopes`), never the
 * token. **Scope every lookup by `user.userId`**: an endpoint ID comes from the directive, so a
 * user may send another user's; answer NO_SUCH_ENDPOINT for any endpoint that is not theirs.
 *
 * Throw on a failure you did not expect (the handler answers INTERNAL_ERROR and logs the error,
 * never the token); answer an error for one you did (`ENDPOINT_UNREACHABLE` when your cloud
 * cannot reach the device). A malformed answer is INTERNAL_ERROR to Alexa and one log line that
 * says what was wrong.
 */
export interface SmartHomeDevicePort {
  /** The user's endpoints (at most 300), for Discover.Response. */
  discover(user: LinkedUser): Promise<readonly DiscoveredEndpoint[]>;
  /**
   * Applies a directive of any capability interface (everything but Alexa.Discovery,
   * Alexa.Authorization and ReportState) to one of the user's endpoints: the context properties
   * after the change (`Alexa.Response`), or an error (`Alexa.ErrorResponse`).
   */
  handleDirective(user: LinkedUser, directive: EndpointDirective): Promise<DeviceAnswer>;
  /** The endpoint's current properties (`StateReport`), or an error. */
  reportState(user: LinkedUser, endpointId: string): Promise<DeviceAnswer>;
}
