/**
 * What a device port may answer: the pure checks of lambda/core/smart-home/device-port-answers.ts,
 * with the boundaries Alexa sets (300 endpoints, 100 capabilities, 128-character names, 256-character
 * endpoint IDs) and each error type's own fields.
 */
import {
  ALEXA_INTERFACE,
  checkDeviceAnswer,
  checkDiscovery,
  shown,
} from '../../../lambda/core/smart-home/device-port-answers';
import { DEVICE_ERROR_TYPES } from '../../../lambda/core/smart-home/device-port';

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
const capability = (iface: string) => ({ type: 'AlexaInterface', interface: iface, version: '3' });
const endpoint = (endpointId: string, extra: Record<string, unknown> = {}) => ({
  endpointId,
  friendlyName: 'Hall thermostat',
  description: 'Wi-Fi thermostat by Example Corp',
  manufacturerName: 'Example Corp',
  displayCategories: ['THERMOSTAT'],
  capabilities: [capability('Alexa'), capability('Alexa.ThermostatController')],
  ...extra,
});
const problemOf = (checked: { ok: boolean; problem?: string }) =>
  checked.ok ? 'passed' : checked.problem;

describe('checkDiscovery', () => {
  test('passes endpoints as given when they list the Alexa interface', () => {
    const given = [
      endpoint('t-1', { cookie: { room: 'hall' }, additionalAttributes: { model: 'T1' } }),
    ];
    expect(checkDiscovery(given)).toStrictEqual({ ok: true, value: given });
  });

  test('puts the Alexa interface first when the port left it out, and only then', () => {
    const without = endpoint('t-1', { capabilities: [capability('Alexa.PowerController')] });
    expect(checkDiscovery([without])).toStrictEqual({
      ok: true,
      value: [{ ...without, capabilities: [ALEXA_INTERFACE, capability('Alexa.PowerController')] }],
    });
    expect(ALEXA_INTERFACE).toStrictEqual({
      type: 'AlexaInterface',
      interface: 'Alexa',
      version: '3',
    });
    const empty = endpoint('t-2', { capabilities: [] });
    expect(checkDiscovery([empty])).toStrictEqual({
      ok: true,
      value: [{ ...empty, capabilities: [ALEXA_INTERFACE] }],
    });
  });

  test('an empty discovery passes (a user without devices)', () => {
    expect(checkDiscovery([])).toStrictEqual({ ok: true, value: [] });
  });

  test('300 endpoints pass; 301 fail', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => endpoint(`t-${i}`));
    expect(checkDiscovery(many(300)).ok).toBe(true);
    expect(problemOf(checkDiscovery(many(301)))).toBe(
      'discover() answered 301 endpoints: Alexa takes at most 300 per user'
    );
  });

  test('100 capabilities pass with the Alexa interface among them; 101, or 100 without it, fail', () => {
    const others = (n: number) => Array.from({ length: n }, (_, i) => capability(`Alexa.X${i}`));
    expect(
      checkDiscovery([endpoint('t', { capabilities: [capability('Alexa'), ...others(99)] })]).ok
    ).toBe(true);
    expect(checkDiscovery([endpoint('t', { capabilities: others(99) })]).ok).toBe(true);
    expect(
      problemOf(
        checkDiscovery([endpoint('t', { capabilities: [capability('Alexa'), ...others(100)] })])
      )
    ).toMatch(
      /^discover\(\) endpoint 0 \(t\) has capabilities \[.*: expected an array of at most 100 interfaces$/
    );
    expect(problemOf(checkDiscovery([endpoint('t', { capabilities: others(100) })]))).toBe(
      'discover() endpoint 0 (t) has 100 capabilities without the Alexa interface: with it that is one more than Alexa takes'
    );
  });

  test.each<[string, unknown, string]>([
    [
      'not an array',
      { endpoints: [] },
      'discover() answered {"endpoints":[]}: expected an array of endpoints',
    ],
    ['undefined', undefined, 'discover() answered undefined: expected an array of endpoints'],
    [
      'an endpoint that is not an object',
      [null],
      'discover() endpoint 0 is null: expected an object',
    ],
    ['an array endpoint', [[]], 'discover() endpoint 0 is []: expected an object'],
    [
      'an endpoint ID with a dot',
      [endpoint('t.1')],
      'discover() endpoint 0 has endpointId "t.1": expected 1 to 256 letters, digits or _-=#;:?@& (no spaces, dots or slashes)',
    ],
    [
      'an empty endpoint ID',
      [endpoint('')],
      'discover() endpoint 0 has endpointId "": expected 1 to 256 letters, digits or _-=#;:?@& (no spaces, dots or slashes)',
    ],
    [
      'a repeated endpoint ID',
      [endpoint('a'), endpoint('b'), endpoint('a')],
      'discover() endpoint 2 repeats endpointId "a": each endpoint needs its own',
    ],
    [
      'a description of 129 characters',
      [endpoint('t', { description: 'd'.repeat(129) })],
      `discover() endpoint 0 (t) has description "${'d'.repeat(56)}...: expected a string of 1 to 128 characters`,
    ],
    [
      'no manufacturer name',
      [endpoint('t', { manufacturerName: undefined })],
      'discover() endpoint 0 (t) has manufacturerName undefined: expected a string of 1 to 128 characters',
    ],
    [
      'a friendly name that is a number',
      [endpoint('t', { friendlyName: 7 })],
      'discover() endpoint 0 (t) has friendlyName 7: expected a string of 1 to 128 characters',
    ],
    [
      'no display category',
      [endpoint('t', { displayCategories: [] })],
      'discover() endpoint 0 (t) has displayCategories []: expected a non-empty array of distinct categories such as ["LIGHT"]',
    ],
    [
      'a lower-case display category',
      [endpoint('t', { displayCategories: ['light'] })],
      'discover() endpoint 0 (t) has displayCategories ["light"]: expected a non-empty array of distinct categories such as ["LIGHT"]',
    ],
    [
      'a repeated display category',
      [endpoint('t', { displayCategories: ['LIGHT', 'LIGHT'] })],
      'discover() endpoint 0 (t) has displayCategories ["LIGHT","LIGHT"]: expected a non-empty array of distinct categories such as ["LIGHT"]',
    ],
    [
      'display categories that are not an array',
      [endpoint('t', { displayCategories: 'LIGHT' })],
      'discover() endpoint 0 (t) has displayCategories "LIGHT": expected a non-empty array of distinct categories such as ["LIGHT"]',
    ],
    [
      'a cookie with a number',
      [endpoint('t', { cookie: { room: 3 } })],
      'discover() endpoint 0 (t) has cookie {"room":3}: expected an object of string values',
    ],
    [
      'a cookie that is a string',
      [endpoint('t', { cookie: 'hall' })],
      'discover() endpoint 0 (t) has cookie "hall": expected an object of string values',
    ],
    [
      'capabilities that are not an array',
      [endpoint('t', { capabilities: {} })],
      'discover() endpoint 0 (t) has capabilities {}: expected an array of at most 100 interfaces',
    ],
    [
      'a capability of another type',
      [endpoint('t', { capabilities: [{ ...capability('Alexa'), type: 'Interface' }] })],
      `discover() endpoint 0 (t) capability 0 is {"type":"Interface","interface":"Alexa","version":"3"}: expected { type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3', ... }`,
    ],
    [
      'a capability without a version',
      [
        endpoint('t', {
          capabilities: [
            capability('Alexa'),
            { type: 'AlexaInterface', interface: 'Alexa.X', version: '' },
          ],
        }),
      ],
      `discover() endpoint 0 (t) capability 1 is {"type":"AlexaInterface","interface":"Alexa.X","version":""}: expected { type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3', ... }`,
    ],
    [
      'a capability with a spaced interface',
      [endpoint('t', { capabilities: [capability('A B')] })],
      `discover() endpoint 0 (t) capability 0 is {"type":"AlexaInterface","interface":"A B","version":"3"}: expected { type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3', ... }`,
    ],
    [
      'a capability that is not an object',
      [endpoint('t', { capabilities: ['Alexa'] })],
      `discover() endpoint 0 (t) capability 0 is "Alexa": expected { type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3', ... }`,
    ],
  ])('fails on %s', (_case, answer, problem) => {
    expect(checkDiscovery(answer)).toStrictEqual({ ok: false, problem });
  });

  const categories = (shownValue: string) =>
    `discover() endpoint 0 (t) has displayCategories ${shownValue}: expected a non-empty array of distinct categories such as ["LIGHT"]`;
  const capabilityProblem = (shownValue: string) =>
    `discover() endpoint 0 (t) capability 0 is ${shownValue}: expected { type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3', ... }`;
  test.each<[string, Record<string, unknown>, string]>([
    [
      'an empty friendlyName',
      { friendlyName: '' },
      'discover() endpoint 0 (t) has friendlyName "": expected a string of 1 to 128 characters',
    ],
    ['a category after a digit', { displayCategories: ['1LIGHT'] }, categories('["1LIGHT"]')],
    ['a category before a sign', { displayCategories: ['LIGHT!'] }, categories('["LIGHT!"]')],
    [
      'one bad category among good ones',
      { displayCategories: ['LIGHT', 'light'] },
      categories('["LIGHT","light"]'),
    ],
    [
      'a category in an array, among strings',
      { displayCategories: ['LIGHT', ['SWITCH']] },
      categories('["LIGHT",["SWITCH"]]'),
    ],
    [
      'a cookie with one value that is not a string',
      { cookie: { a: 'x', b: 1 } },
      'discover() endpoint 0 (t) has cookie {"a":"x","b":1}: expected an object of string values',
    ],
    [
      'a capability version that is a number',
      { capabilities: [{ type: 'AlexaInterface', interface: 'Alexa', version: 3 }] },
      capabilityProblem('{"type":"AlexaInterface","interface":"Alexa","version":3}'),
    ],
  ])('fails on %s, with what it received', (_case, fields, problem) => {
    expect(checkDiscovery([endpoint('t', fields)])).toStrictEqual({ ok: false, problem });
  });

  test('the boundaries: 256-character endpoint IDs and 128-character names pass, 1 more fails', () => {
    expect(checkDiscovery([endpoint('e'.repeat(256), { friendlyName: 'f'.repeat(128) })]).ok).toBe(
      true
    );
    expect(checkDiscovery([endpoint('e'.repeat(257))]).ok).toBe(false);
    expect(checkDiscovery([endpoint('e', { friendlyName: 'f'.repeat(129) })]).ok).toBe(false);
    expect(checkDiscovery([endpoint('e', { friendlyName: 'f' })]).ok).toBe(true);
    expect(
      checkDiscovery([endpoint('e', { displayCategories: ['TEMPERATURE_SENSOR', 'OTHER'] })]).ok
    ).toBe(true);
  });
});

describe('checkDeviceAnswer: properties', () => {
  test('fills in timeOfSample (now) and uncertaintyInMilliseconds (0) when absent, keeps them when given', () => {
    expect(
      checkDeviceAnswer(
        {
          properties: [
            { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON' },
            {
              namespace: 'Alexa.RangeController',
              instance: 'Fan.Speed',
              name: 'rangeValue',
              value: 3,
              timeOfSample: '2026-01-01T00:00:00Z',
              uncertaintyInMilliseconds: 60000,
            },
          ],
        },
        'handleDirective()',
        NOW
      )
    ).toStrictEqual({
      ok: true,
      value: {
        properties: [
          {
            namespace: 'Alexa.PowerController',
            name: 'powerState',
            value: 'ON',
            timeOfSample: '2026-01-02T03:04:05.006Z',
            uncertaintyInMilliseconds: 0,
          },
          {
            namespace: 'Alexa.RangeController',
            name: 'rangeValue',
            instance: 'Fan.Speed',
            value: 3,
            timeOfSample: '2026-01-01T00:00:00Z',
            uncertaintyInMilliseconds: 60000,
          },
        ],
      },
    });
  });

  test.each<[string, string]>([
    ['seconds', '2026-01-01T00:00:00Z'],
    ['one fraction digit', '2026-01-01T00:00:00.1Z'],
    ['milliseconds', '2026-01-01T00:00:00.123Z'],
  ])('a timeOfSample in UTC with %s passes as given', (_case, timeOfSample) => {
    const property = { namespace: 'Alexa', name: 'x', value: 1, timeOfSample };
    expect(checkDeviceAnswer({ properties: [property] }, 'm', NOW)).toStrictEqual({
      ok: true,
      value: { properties: [{ ...property, uncertaintyInMilliseconds: 0 }] },
    });
  });

  test.each([
    '+002026-01-01T00:00:00Z',
    '2026-01-01T00:00:00Z x',
    '2026-01-01T00:00:00.1234Z',
    '2026-01-01T00:00:00.abcZ',
    '2026-01-01T00:00:00+01:00',
  ])('a timeOfSample of %p fails, shown', (timeOfSample) => {
    const property = { namespace: 'Alexa', name: 'x', value: 1, timeOfSample };
    expect(checkDeviceAnswer({ properties: [property] }, 'm', NOW)).toStrictEqual({
      ok: false,
      problem: `m property 0 (Alexa.x) has timeOfSample ${JSON.stringify(timeOfSample)}: expected ISO 8601 in UTC such as '2026-01-02T03:04:05.006Z'`,
    });
  });

  test('no properties is a valid answer; falsy values are values', () => {
    expect(checkDeviceAnswer({ properties: [] }, 'm', NOW)).toStrictEqual({
      ok: true,
      value: { properties: [] },
    });
    for (const value of [0, false, '', null]) {
      expect(
        checkDeviceAnswer({ properties: [{ namespace: 'A', name: 'b', value }] }, 'm', NOW).ok
      ).toBe(true);
    }
    expect(
      checkDeviceAnswer(
        { properties: [{ namespace: 'A', name: 'b', value: 1, uncertaintyInMilliseconds: 0 }] },
        'm',
        NOW
      ).ok
    ).toBe(true);
  });

  test.each<[string, unknown, string]>([
    [
      'undefined',
      undefined,
      'm answered undefined: expected { properties: [...] } or { error: { type, message } }',
    ],
    [
      'an array',
      [],
      'm answered []: expected { properties: [...] } or { error: { type, message } }',
    ],
    [
      'neither',
      {},
      'm answered {}: expected { properties: [...] } or { error: { type, message } }',
    ],
    [
      'both',
      { properties: [], error: {} },
      'm answered {"properties":[],"error":{}}: expected { properties: [...] } or { error: { type, message } }',
    ],
    [
      'properties that are not an array',
      { properties: {} },
      'm answered properties {}: expected an array',
    ],
    [
      'a property that is a string',
      { properties: ['ON'] },
      'm property 0 is "ON": expected an object',
    ],
    [
      'a namespace with a space',
      { properties: [{ namespace: 'Alexa Power', name: 'p', value: 1 }] },
      `m property 0 has namespace "Alexa Power": expected an interface such as 'Alexa.PowerController'`,
    ],
    [
      'no name',
      { properties: [{ namespace: 'A', value: 1 }] },
      `m property 0 has name undefined: expected a property name such as 'powerState'`,
    ],
    [
      'no value',
      { properties: [{ namespace: 'A', name: 'b' }] },
      'm property 0 (A.b) has value undefined: expected a JSON value',
    ],
    [
      'a function value',
      { properties: [{ namespace: 'A', name: 'b', value: () => 1 }] },
      'm property 0 (A.b) has value a function: expected a JSON value',
    ],
    [
      'an instance that is a number',
      { properties: [{ namespace: 'A', name: 'b', value: 1, instance: 2 }] },
      `m property 0 (A.b) has instance 2: expected a string such as 'Fan.Speed'`,
    ],
    [
      'a timeOfSample with an offset',
      {
        properties: [
          { namespace: 'A', name: 'b', value: 1, timeOfSample: '2026-01-02T03:04:05+01:00' },
        ],
      },
      `m property 0 (A.b) has timeOfSample "2026-01-02T03:04:05+01:00": expected ISO 8601 in UTC such as '2026-01-02T03:04:05.006Z'`,
    ],
    [
      'a timeOfSample on day 45',
      {
        properties: [{ namespace: 'A', name: 'b', value: 1, timeOfSample: '2026-01-45T03:04:05Z' }],
      },
      `m property 0 (A.b) has timeOfSample "2026-01-45T03:04:05Z": expected ISO 8601 in UTC such as '2026-01-02T03:04:05.006Z'`,
    ],
    [
      'a timeOfSample that is a Date',
      { properties: [{ namespace: 'A', name: 'b', value: 1, timeOfSample: 5 }] },
      `m property 0 (A.b) has timeOfSample 5: expected ISO 8601 in UTC such as '2026-01-02T03:04:05.006Z'`,
    ],
    [
      'a negative uncertainty',
      { properties: [{ namespace: 'A', name: 'b', value: 1, uncertaintyInMilliseconds: -1 }] },
      'm property 0 (A.b) has uncertaintyInMilliseconds -1: expected a number of 0 or more',
    ],
    [
      'an infinite uncertainty',
      {
        properties: [{ namespace: 'A', name: 'b', value: 1, uncertaintyInMilliseconds: Infinity }],
      },
      'm property 0 (A.b) has uncertaintyInMilliseconds null: expected a number of 0 or more',
    ],
    [
      'an uncertainty that is a string',
      { properties: [{ namespace: 'A', name: 'b', value: 1, uncertaintyInMilliseconds: '5' }] },
      'm property 0 (A.b) has uncertaintyInMilliseconds "5": expected a number of 0 or more',
    ],
    [
      'the second property malformed',
      {
        properties: [
          { namespace: 'A', name: 'b', value: 1 },
          { namespace: 'A', name: 'c' },
        ],
      },
      'm property 1 (A.c) has value undefined: expected a JSON value',
    ],
  ])('fails on %s', (_case, answer, problem) => {
    expect(checkDeviceAnswer(answer, 'm', NOW)).toStrictEqual({ ok: false, problem });
  });
});

describe('checkDeviceAnswer: errors', () => {
  test.each(DEVICE_ERROR_TYPES.filter((type) => type !== 'NOT_SUPPORTED_IN_CURRENT_MODE'))(
    '%s with a message passes as given',
    (type) => {
      const error = { type, message: 'why' };
      expect(checkDeviceAnswer({ error }, 'm', NOW)).toStrictEqual({ ok: true, value: { error } });
    }
  );

  test.each<[string, Record<string, unknown>]>([
    [
      'VALUE_OUT_OF_RANGE with numbers',
      { type: 'VALUE_OUT_OF_RANGE', validRange: { minimumValue: 0, maximumValue: 100 } },
    ],
    [
      'TEMPERATURE_VALUE_OUT_OF_RANGE with temperatures',
      {
        type: 'TEMPERATURE_VALUE_OUT_OF_RANGE',
        validRange: {
          minimumValue: { value: 10, scale: 'CELSIUS' },
          maximumValue: { value: 86, scale: 'FAHRENHEIT' },
        },
      },
    ],
    [
      'TEMPERATURE_VALUE_OUT_OF_RANGE in kelvin',
      {
        type: 'TEMPERATURE_VALUE_OUT_OF_RANGE',
        validRange: {
          minimumValue: { value: 283, scale: 'KELVIN' },
          maximumValue: { value: 303, scale: 'KELVIN' },
        },
      },
    ],
    ['ENDPOINT_LOW_POWER at 0 %', { type: 'ENDPOINT_LOW_POWER', percentageState: 0 }],
    ['ENDPOINT_LOW_POWER at 100 %', { type: 'ENDPOINT_LOW_POWER', percentageState: 100 }],
    [
      'NOT_SUPPORTED_IN_CURRENT_MODE, asleep',
      { type: 'NOT_SUPPORTED_IN_CURRENT_MODE', currentDeviceMode: 'ASLEEP' },
    ],
  ])('%s passes', (_case, fields) => {
    const error = { message: 'why', ...fields };
    expect(checkDeviceAnswer({ error }, 'm', NOW)).toStrictEqual({ ok: true, value: { error } });
  });

  test.each<[string, unknown, string]>([
    [
      'an error that is a string',
      'ENDPOINT_UNREACHABLE',
      'm error is "ENDPOINT_UNREACHABLE": expected { type, message }',
    ],
    [
      'EXPIRED_AUTHORIZATION_CREDENTIAL',
      { type: 'EXPIRED_AUTHORIZATION_CREDENTIAL', message: 'x' },
      'm error has type "EXPIRED_AUTHORIZATION_CREDENTIAL": Alexa unlinks the user on it, so only the handler sends it, from the token; answer INTERNAL_ERROR or ENDPOINT_UNREACHABLE for a failure of yours',
    ],
    [
      'INVALID_AUTHORIZATION_CREDENTIAL',
      { type: 'INVALID_AUTHORIZATION_CREDENTIAL', message: 'x' },
      'm error has type "INVALID_AUTHORIZATION_CREDENTIAL": Alexa unlinks the user on it, so only the handler sends it, from the token; answer INTERNAL_ERROR or ENDPOINT_UNREACHABLE for a failure of yours',
    ],
    [
      'an unknown type',
      { type: 'OOPS', message: 'x' },
      `m error has type "OOPS": expected one of ${DEVICE_ERROR_TYPES.join(', ')}`,
    ],
    [
      'an empty message',
      { type: 'INTERNAL_ERROR', message: '' },
      'm error (INTERNAL_ERROR) has message "": expected a non-empty string',
    ],
    [
      'a numeric message',
      { type: 'INTERNAL_ERROR', message: 5 },
      'm error (INTERNAL_ERROR) has message 5: expected a non-empty string',
    ],
    [
      'a temperature range on a type that takes no range',
      {
        type: 'ENDPOINT_UNREACHABLE',
        message: 'x',
        validRange: {
          minimumValue: { value: 10, scale: 'CELSIUS' },
          maximumValue: { value: 30, scale: 'CELSIUS' },
        },
      },
      'm error (ENDPOINT_UNREACHABLE) has validRange {"minimumValue":{"value":10,"scale":"CELSIUS"},"maximumVa...: expected { minimumValue, maximumValue } on VALUE_OUT_OF_RANGE (numbers) or TEMPERATURE_VALUE_OUT_OF_RANGE ({ value, scale }) only',
    ],
    [
      'an unknown field',
      { type: 'INTERNAL_ERROR', message: 'x', retryAfter: 5 },
      'm error (INTERNAL_ERROR) has field "retryAfter": expected only type, message, validRange, percentageState, currentDeviceMode',
    ],
    [
      'a validRange on INVALID_VALUE',
      { type: 'INVALID_VALUE', message: 'x', validRange: { minimumValue: 0, maximumValue: 1 } },
      'm error (INVALID_VALUE) has validRange {"minimumValue":0,"maximumValue":1}: expected { minimumValue, maximumValue } on VALUE_OUT_OF_RANGE (numbers) or TEMPERATURE_VALUE_OUT_OF_RANGE ({ value, scale }) only',
    ],
    [
      'a validRange without a maximum',
      { type: 'VALUE_OUT_OF_RANGE', message: 'x', validRange: { minimumValue: 0 } },
      'm error (VALUE_OUT_OF_RANGE) has validRange {"minimumValue":0}: expected { minimumValue, maximumValue } on VALUE_OUT_OF_RANGE (numbers) or TEMPERATURE_VALUE_OUT_OF_RANGE ({ value, scale }) only',
    ],
    [
      'a validRange of temperatures on VALUE_OUT_OF_RANGE',
      {
        type: 'VALUE_OUT_OF_RANGE',
        message: 'x',
        validRange: {
          minimumValue: { value: 1, scale: 'CELSIUS' },
          maximumValue: { value: 2, scale: 'CELSIUS' },
        },
      },
      expect.stringMatching(/^m error \(VALUE_OUT_OF_RANGE\) has validRange /) as unknown as string,
    ],
    [
      'a temperature in an unknown scale',
      {
        type: 'TEMPERATURE_VALUE_OUT_OF_RANGE',
        message: 'x',
        validRange: {
          minimumValue: { value: 1, scale: 'RANKINE' },
          maximumValue: { value: 2, scale: 'CELSIUS' },
        },
      },
      expect.stringMatching(
        /^m error \(TEMPERATURE_VALUE_OUT_OF_RANGE\) has validRange /
      ) as unknown as string,
    ],
    [
      'a validRange with a NaN bound',
      {
        type: 'VALUE_OUT_OF_RANGE',
        message: 'x',
        validRange: { minimumValue: NaN, maximumValue: 1 },
      },
      expect.stringMatching(/^m error \(VALUE_OUT_OF_RANGE\) has validRange /) as unknown as string,
    ],
    [
      'a percentageState of 101',
      { type: 'ENDPOINT_LOW_POWER', message: 'x', percentageState: 101 },
      'm error (ENDPOINT_LOW_POWER) has percentageState 101: expected a number from 0 to 100 on ENDPOINT_LOW_POWER only',
    ],
    [
      'a percentageState of -1',
      { type: 'ENDPOINT_LOW_POWER', message: 'x', percentageState: -1 },
      'm error (ENDPOINT_LOW_POWER) has percentageState -1: expected a number from 0 to 100 on ENDPOINT_LOW_POWER only',
    ],
    [
      'a percentageState that is a string',
      { type: 'ENDPOINT_LOW_POWER', message: 'x', percentageState: '50' },
      'm error (ENDPOINT_LOW_POWER) has percentageState "50": expected a number from 0 to 100 on ENDPOINT_LOW_POWER only',
    ],
    [
      'a percentageState on ENDPOINT_BUSY',
      { type: 'ENDPOINT_BUSY', message: 'x', percentageState: 50 },
      'm error (ENDPOINT_BUSY) has percentageState 50: expected a number from 0 to 100 on ENDPOINT_LOW_POWER only',
    ],
    [
      'NOT_SUPPORTED_IN_CURRENT_MODE without a mode',
      { type: 'NOT_SUPPORTED_IN_CURRENT_MODE', message: 'x' },
      'm error (NOT_SUPPORTED_IN_CURRENT_MODE) has currentDeviceMode undefined: NOT_SUPPORTED_IN_CURRENT_MODE requires one of ASLEEP, COLOR, NOT_PROVISIONED, OTHER, other types take none',
    ],
    [
      'NOT_SUPPORTED_IN_CURRENT_MODE with an unknown mode',
      { type: 'NOT_SUPPORTED_IN_CURRENT_MODE', message: 'x', currentDeviceMode: 'AWAY' },
      'm error (NOT_SUPPORTED_IN_CURRENT_MODE) has currentDeviceMode "AWAY": NOT_SUPPORTED_IN_CURRENT_MODE requires one of ASLEEP, COLOR, NOT_PROVISIONED, OTHER, other types take none',
    ],
    [
      'a mode on another type',
      { type: 'INTERNAL_ERROR', message: 'x', currentDeviceMode: 'OTHER' },
      'm error (INTERNAL_ERROR) has currentDeviceMode "OTHER": NOT_SUPPORTED_IN_CURRENT_MODE requires one of ASLEEP, COLOR, NOT_PROVISIONED, OTHER, other types take none',
    ],
  ])('fails on %s', (_case, error, problem) => {
    expect(checkDeviceAnswer({ error }, 'm', NOW)).toStrictEqual({ ok: false, problem });
  });
});

describe('shown', () => {
  test.each<[unknown, string]>([
    [undefined, 'undefined'],
    [() => 1, 'a function'],
    [Symbol('s'), 'symbol'],
    ['x'.repeat(60), JSON.stringify('x'.repeat(60)).slice(0, 57) + '...'],
    ['x'.repeat(58), JSON.stringify('x'.repeat(58))],
    [{ a: 1 }, '{"a":1}'],
  ])('%p is shown as %p', (value, text) => {
    expect(shown(value)).toBe(text);
  });

  test('a value JSON cannot write (a cycle, a bigint) is shown by its type', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(shown(cycle)).toBe('object');
    expect(shown(10n)).toBe('bigint');
  });
});
