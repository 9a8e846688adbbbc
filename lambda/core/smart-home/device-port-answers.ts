/**
 * Checks what a device port answered before it reaches Alexa. Pure: a port is the skill
 * developer's code, so its answer is input like any other; a malformed one becomes INTERNAL_ERROR
 * to Alexa and one log line with the `problem` these return (it names the field, shows what was
 * received and the valid form, and never holds more than a short excerpt of the answer).
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery-objects.html
 */
import type { ContextProperty } from './events';
import {
  DEVICE_ERROR_TYPES,
  type DeviceError,
  type DeviceErrorType,
  type RangeBound,
} from './device-port';
import { isEndpointId } from './lamp';

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** A checked answer: the properties with their sample time filled in, or the error. */
export type CheckedAnswer =
  { readonly properties: readonly ContextProperty[] } | { readonly error: DeviceError };

/** Alexa's limits for one user's discovery. */
export const MAX_ENDPOINTS = 300;
export const MAX_CAPABILITIES = 100;
export const MAX_NAME_LENGTH = 128;

/** The interface every endpoint must list; added when a port leaves it out. */
export const ALEXA_INTERFACE = {
  type: 'AlexaInterface',
  interface: 'Alexa',
  version: '3',
} as const;

/** Namespaces, property names and instances: plain, so a log line and a metric stay bounded. */
const PLAIN_NAME = /^[A-Za-z0-9._:-]{1,128}$/;
/** Display categories are upper-case identifiers (`LIGHT`, `THERMOSTAT`, `TEMPERATURE_SENSOR`). */
const DISPLAY_CATEGORY = /^[A-Z][A-Z0-9_]{0,63}$/;
/** ISO 8601 in UTC with `Z`, as Alexa asks for timeOfSample. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|\.\d{1,3}Z)$/;
const DEVICE_MODES = ['ASLEEP', 'COLOR', 'NOT_PROVISIONED', 'OTHER'];
const TEMPERATURE_SCALES = ['CELSIUS', 'FAHRENHEIT', 'KELVIN'];
const ERROR_FIELDS = ['type', 'message', 'validRange', 'percentageState', 'currentDeviceMode'];
const CREDENTIAL_ERRORS = ['EXPIRED_AUTHORIZATION_CREDENTIAL', 'INVALID_AUTHORIZATION_CREDENTIAL'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What was received, short: enough for a developer to find it, too short to carry a payload. */
export function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    // JSON has no undefined and no symbol: their type stands for them.
    text = (JSON.stringify(value) as string | undefined) ?? typeof value;
  } catch {
    // A cycle or a bigint, likewise.
    text = typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const fail = <T>(problem: string): Checked<T> => ({ ok: false, problem });
const pass = <T>(value: T): Checked<T> => ({ ok: true, value });

function isName(value: unknown, max = MAX_NAME_LENGTH): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= max;
}

/**
 * The endpoints of a Discover.Response, from what `discover()` answered: an array of at most 300
 * endpoints, each with a unique endpoint ID and the fields Alexa requires. The `Alexa` interface
 * is put first in an endpoint's capabilities when the port left it out.
 */
export function checkDiscovery(answer: unknown): Checked<Json[]> {
  if (!Array.isArray(answer)) {
    return fail(`discover() answered ${shown(answer)}: expected an array of endpoints`);
  }
  if (answer.length > MAX_ENDPOINTS) {
    return fail(
      `discover() answered ${answer.length} endpoints: Alexa takes at most ${MAX_ENDPOINTS} per user`
    );
  }
  const seen = new Set<string>();
  const endpoints: Json[] = [];
  for (const [index, candidate] of answer.entries()) {
    const checked = checkEndpoint(candidate, `discover() endpoint ${index}`);
    if (!checked.ok) return checked;
    const id = checked.value.endpointId as string;
    if (seen.has(id)) {
      return fail(
        `discover() endpoint ${index} repeats endpointId ${shown(id)}: each endpoint needs its own`
      );
    }
    seen.add(id);
    endpoints.push(checked.value);
  }
  return pass(endpoints);
}

function checkEndpoint(endpoint: unknown, where: string): Checked<Json> {
  if (!isObject(endpoint)) return fail(`${where} is ${shown(endpoint)}: expected an object`);
  const { endpointId, capabilities, displayCategories, cookie } = endpoint;
  if (!isEndpointId(endpointId)) {
    return fail(
      `${where} has endpointId ${shown(endpointId)}: expected 1 to 256 letters, digits or _-=#;:?@& (no spaces, dots or slashes)`
    );
  }
  const named = `${where} (${endpointId})`;
  for (const field of ['friendlyName', 'description', 'manufacturerName']) {
    if (!isName(endpoint[field])) {
      return fail(
        `${named} has ${field} ${shown(endpoint[field])}: expected a string of 1 to ${MAX_NAME_LENGTH} characters`
      );
    }
  }
  if (
    !Array.isArray(displayCategories) ||
    displayCategories.length === 0 ||
    !displayCategories.every((category) => DISPLAY_CATEGORY.test(String(category))) ||
    !displayCategories.every((category) => typeof category === 'string') ||
    new Set(displayCategories).size !== displayCategories.length
  ) {
    return fail(
      `${named} has displayCategories ${shown(displayCategories)}: expected a non-empty array of distinct categories such as ["LIGHT"]`
    );
  }
  if (
    cookie !== undefined &&
    !(isObject(cookie) && Object.values(cookie).every((v) => typeof v === 'string'))
  ) {
    return fail(`${named} has cookie ${shown(cookie)}: expected an object of string values`);
  }
  if (!Array.isArray(capabilities) || capabilities.length > MAX_CAPABILITIES) {
    return fail(
      `${named} has capabilities ${shown(capabilities)}: expected an array of at most ${MAX_CAPABILITIES} interfaces`
    );
  }
  for (const [index, capability] of capabilities.entries()) {
    if (
      !isObject(capability) ||
      capability.type !== 'AlexaInterface' ||
      typeof capability.interface !== 'string' ||
      !PLAIN_NAME.test(capability.interface) ||
      typeof capability.version !== 'string' ||
      capability.version === ''
    ) {
      return fail(
        `${named} capability ${index} is ${shown(capability)}: expected { type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3', ... }`
      );
    }
  }
  const hasAlexa = capabilities.some((capability: Json) => capability.interface === 'Alexa');
  if (!hasAlexa && capabilities.length >= MAX_CAPABILITIES) {
    return fail(
      `${named} has ${MAX_CAPABILITIES} capabilities without the Alexa interface: with it that is one more than Alexa takes`
    );
  }
  return pass(
    hasAlexa ? endpoint : { ...endpoint, capabilities: [ALEXA_INTERFACE, ...capabilities] }
  );
}

/**
 * The answer of `handleDirective()` or `reportState()` (`method` names it in the problem):
 * exactly one of `properties` (each with namespace, name and value; timeOfSample and
 * uncertaintyInMilliseconds filled in from `now` and 0 when absent) or `error` (a known type
 * with a message, and only the fields that type takes).
 */
export function checkDeviceAnswer(
  answer: unknown,
  method: string,
  now: Date
): Checked<CheckedAnswer> {
  if (!isObject(answer) || 'properties' in answer === 'error' in answer) {
    return fail(
      `${method} answered ${shown(answer)}: expected { properties: [...] } or { error: { type, message } }`
    );
  }
  if ('error' in answer) {
    const error = checkDeviceError(answer.error, method);
    return error.ok ? pass({ error: error.value }) : error;
  }
  const { properties } = answer;
  if (!Array.isArray(properties)) {
    return fail(`${method} answered properties ${shown(properties)}: expected an array`);
  }
  const checked: ContextProperty[] = [];
  for (const [index, property] of properties.entries()) {
    const one = checkProperty(property, `${method} property ${index}`, now);
    if (!one.ok) return one;
    checked.push(one.value);
  }
  return pass({ properties: checked });
}

function checkProperty(property: unknown, where: string, now: Date): Checked<ContextProperty> {
  if (!isObject(property)) return fail(`${where} is ${shown(property)}: expected an object`);
  const { namespace, name, value, instance, timeOfSample, uncertaintyInMilliseconds } = property;
  if (typeof namespace !== 'string' || !PLAIN_NAME.test(namespace)) {
    return fail(
      `${where} has namespace ${shown(namespace)}: expected an interface such as 'Alexa.PowerController'`
    );
  }
  if (typeof name !== 'string' || !PLAIN_NAME.test(name)) {
    return fail(`${where} has name ${shown(name)}: expected a property name such as 'powerState'`);
  }
  if (value === undefined || typeof value === 'function') {
    return fail(`${where} (${namespace}.${name}) has value ${shown(value)}: expected a JSON value`);
  }
  if (instance !== undefined && (typeof instance !== 'string' || !PLAIN_NAME.test(instance))) {
    return fail(
      `${where} (${namespace}.${name}) has instance ${shown(instance)}: expected a string such as 'Fan.Speed'`
    );
  }
  if (
    timeOfSample !== undefined &&
    (typeof timeOfSample !== 'string' ||
      !ISO_UTC.test(timeOfSample) ||
      Number.isNaN(Date.parse(timeOfSample)))
  ) {
    return fail(
      `${where} (${namespace}.${name}) has timeOfSample ${shown(timeOfSample)}: expected ISO 8601 in UTC such as '2026-01-02T03:04:05.006Z'`
    );
  }
  if (
    uncertaintyInMilliseconds !== undefined &&
    !(
      typeof uncertaintyInMilliseconds === 'number' &&
      Number.isFinite(uncertaintyInMilliseconds) &&
      uncertaintyInMilliseconds >= 0
    )
  ) {
    return fail(
      `${where} (${namespace}.${name}) has uncertaintyInMilliseconds ${shown(uncertaintyInMilliseconds)}: expected a number of 0 or more`
    );
  }
  return pass({
    namespace,
    name,
    ...(instance === undefined ? {} : { instance }),
    value,
    timeOfSample: timeOfSample ?? now.toISOString(),
    uncertaintyInMilliseconds: uncertaintyInMilliseconds ?? 0,
  });
}

function isDeviceErrorType(value: unknown): value is DeviceErrorType {
  return (DEVICE_ERROR_TYPES as readonly unknown[]).includes(value);
}

function checkDeviceError(error: unknown, method: string): Checked<DeviceError> {
  const where = `${method} error`;
  if (!isObject(error)) return fail(`${where} is ${shown(error)}: expected { type, message }`);
  const { type, message, validRange, percentageState, currentDeviceMode } = error;
  if (CREDENTIAL_ERRORS.includes(type as string)) {
    return fail(
      `${where} has type ${shown(type)}: Alexa unlinks the user on it, so only the handler sends it, from the token; answer INTERNAL_ERROR or ENDPOINT_UNREACHABLE for a failure of yours`
    );
  }
  if (!isDeviceErrorType(type)) {
    return fail(
      `${where} has type ${shown(type)}: expected one of ${DEVICE_ERROR_TYPES.join(', ')}`
    );
  }
  if (typeof message !== 'string' || message === '') {
    return fail(`${where} (${type}) has message ${shown(message)}: expected a non-empty string`);
  }
  const extra = Object.keys(error).find((field) => !ERROR_FIELDS.includes(field));
  if (extra !== undefined) {
    return fail(
      `${where} (${type}) has field ${shown(extra)}: expected only ${ERROR_FIELDS.join(', ')}`
    );
  }
  const ranged = type === 'VALUE_OUT_OF_RANGE' || type === 'TEMPERATURE_VALUE_OUT_OF_RANGE';
  if (validRange !== undefined) {
    const bound = type === 'VALUE_OUT_OF_RANGE' ? isNumberBound : isTemperatureBound;
    if (
      !ranged ||
      !isObject(validRange) ||
      !bound(validRange.minimumValue) ||
      !bound(validRange.maximumValue)
    ) {
      return fail(
        `${where} (${type}) has validRange ${shown(validRange)}: expected { minimumValue, maximumValue } on VALUE_OUT_OF_RANGE (numbers) or TEMPERATURE_VALUE_OUT_OF_RANGE ({ value, scale }) only`
      );
    }
  }
  if (
    percentageState !== undefined &&
    (type !== 'ENDPOINT_LOW_POWER' ||
      typeof percentageState !== 'number' ||
      !(percentageState >= 0 && percentageState <= 100))
  ) {
    return fail(
      `${where} (${type}) has percentageState ${shown(percentageState)}: expected a number from 0 to 100 on ENDPOINT_LOW_POWER only`
    );
  }
  const modal = type === 'NOT_SUPPORTED_IN_CURRENT_MODE';
  if (
    modal !== (currentDeviceMode !== undefined) ||
    (modal && !DEVICE_MODES.includes(currentDeviceMode as string))
  ) {
    return fail(
      `${where} (${type}) has currentDeviceMode ${shown(currentDeviceMode)}: NOT_SUPPORTED_IN_CURRENT_MODE requires one of ${DEVICE_MODES.join(', ')}, other types take none`
    );
  }
  return pass(error as unknown as DeviceError);
}

function isNumberBound(value: unknown): value is number {
  // Number.isFinite never coerces: '5' is not a bound.
  return Number.isFinite(value);
}

function isTemperatureBound(value: unknown): value is RangeBound {
  return (
    isObject(value) &&
    isNumberBound(value.value) &&
    TEMPERATURE_SCALES.includes(value.scale as string)
  );
}
