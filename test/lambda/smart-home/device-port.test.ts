/**
 * A second device port, not the lamp: a thermostat cloud (Alexa.ThermostatController) behind
 * createDirectiveHandler, with real RS256 tokens checked by the real Cognito verifier. The port
 * gets the verified user only, its errors reach Alexa in Alexa's terms, and a port that throws or
 * answers something malformed costs an INTERNAL_ERROR and one log line, never a crash.
 */
import {
  createDirectiveHandler,
  type DirectiveHandler,
  type SmartHomeLog,
} from '../../../lambda/runtime/smart-home/handle-directive';
import type {
  DeviceAnswer,
  DiscoveredEndpoint,
  EndpointDirective,
  SmartHomeDevicePort,
} from '../../../lambda/core/smart-home/device-port';
import type { LinkedUser } from '../../../lambda/core/linking-decision';
import {
  CORRELATION_TOKEN,
  discover,
  endpointDirective,
  reportState,
} from '../../support/directives';
import { generateTestKey } from '../../support/jwt';
import { ISO_MS_Z, UUID, assertWellFormedEvent } from '../../support/smart-home-events';
import { cognitoVerifierWith, tokenFor } from '../../support/smart-home-harness';

const key = generateTestKey('thermostat-key');
const USER_A = '3c3c3c3c-cccc-4ccc-8ccc-cccccccccccc';
const USER_B = '4e4e4e4e-eeee-4eee-8eee-eeeeeeeeeeee';
const tokenA = tokenFor(key, USER_A);
const tokenB = tokenFor(key, USER_B);
const expiredA = tokenFor(key, USER_A, { exp: Math.floor(Date.now() / 1000) - 60 });
const THERMOSTAT_A = 'thermostat-a1';
const THERMOSTAT_A_ATTIC = 'thermostat-a2';
const THERMOSTAT_B = 'thermostat-b1';
/** The cloud's own reading time for ReportState: older than now, so the port gives it. */
const READ_AT = '2026-01-02T03:04:05.006Z';

interface Thermostat {
  readonly endpointId: string;
  readonly owner: string;
  readonly name: string;
  setpoint: number;
  reachable: boolean;
}

const setTargetTemperature = (token: unknown, endpointId: string, value: unknown) =>
  endpointDirective('Alexa.ThermostatController', 'SetTargetTemperature', token, endpointId, {
    targetSetpoint: { value, scale: 'CELSIUS' },
  });

/** A stand-in device cloud: thermostats by owner, scoped by the verified user's ID as the port's contract asks. */
function thermostatCloud() {
  const devices: Thermostat[] = [
    { endpointId: THERMOSTAT_A, owner: USER_A, name: 'Hall', setpoint: 20, reachable: true },
    {
      endpointId: THERMOSTAT_A_ATTIC,
      owner: USER_A,
      name: 'Attic',
      setpoint: 16,
      reachable: false,
    },
    { endpointId: THERMOSTAT_B, owner: USER_B, name: 'Hall', setpoint: 19, reachable: true },
  ];
  const calls: { method: string; user: LinkedUser; args: unknown[] }[] = [];
  const mine = (user: LinkedUser, endpointId: string) =>
    devices.find((d) => d.owner === user.userId && d.endpointId === endpointId);
  const properties = (device: Thermostat, timeOfSample?: string) => [
    {
      namespace: 'Alexa.ThermostatController',
      name: 'targetSetpoint',
      value: { value: device.setpoint, scale: 'CELSIUS' },
      ...(timeOfSample === undefined ? {} : { timeOfSample, uncertaintyInMilliseconds: 500 }),
    },
    { namespace: 'Alexa.ThermostatController', name: 'thermostatMode', value: 'HEAT' },
  ];
  const unreachable: DeviceAnswer = {
    error: { type: 'ENDPOINT_UNREACHABLE', message: 'The thermostat is offline.' },
  };
  const noSuchEndpoint: DeviceAnswer = {
    error: { type: 'NO_SUCH_ENDPOINT', message: 'No thermostat with this ID.' },
  };

  const port: SmartHomeDevicePort = {
    discover(user) {
      calls.push({ method: 'discover', user, args: [] });
      return Promise.resolve(
        devices
          .filter((d) => d.owner === user.userId)
          .map((d): DiscoveredEndpoint => ({
            endpointId: d.endpointId,
            friendlyName: `${d.name} thermostat`,
            description: 'Wi-Fi thermostat by Example Corp',
            manufacturerName: 'Example Corp',
            displayCategories: ['THERMOSTAT'],
            cookie: { room: d.name },
            capabilities: [
              {
                type: 'AlexaInterface',
                interface: 'Alexa.ThermostatController',
                version: '3',
                properties: {
                  supported: [{ name: 'targetSetpoint' }, { name: 'thermostatMode' }],
                  proactivelyReported: false,
                  retrievable: true,
                },
                configuration: { supportedModes: ['HEAT'], supportsScheduling: false },
              },
            ],
          }))
      );
    },
    handleDirective(user, directive: EndpointDirective) {
      calls.push({ method: 'handleDirective', user, args: [directive] });
      const device = mine(user, directive.endpointId);
      if (!device) return Promise.resolve(noSuchEndpoint);
      if (
        directive.namespace !== 'Alexa.ThermostatController' ||
        directive.name !== 'SetTargetTemperature'
      ) {
        return Promise.resolve({ error: { type: 'INVALID_DIRECTIVE', message: 'Not supported.' } });
      }
      const value = (directive.payload.targetSetpoint as { value?: unknown } | undefined)?.value;
      if (typeof value !== 'number') {
        return Promise.resolve({ error: { type: 'INVALID_VALUE', message: 'No setpoint.' } });
      }
      if (value < 10 || value > 30) {
        return Promise.resolve({
          error: {
            type: 'VALUE_OUT_OF_RANGE',
            message: 'The setpoint must be between 10 and 30 °C.',
            validRange: { minimumValue: 10, maximumValue: 30 },
          },
        });
      }
      if (!device.reachable) return Promise.resolve(unreachable);
      device.setpoint = value;
      return Promise.resolve({ properties: properties(device) });
    },
    reportState(user, endpointId) {
      calls.push({ method: 'reportState', user, args: [endpointId] });
      const device = mine(user, endpointId);
      if (!device) return Promise.resolve(noSuchEndpoint);
      return Promise.resolve(
        device.reachable ? { properties: properties(device, READ_AT) } : unreachable
      );
    },
  };
  return { port, devices, calls };
}

/** A logger that keeps each line, to count them and read what they say. */
function recordingLog() {
  const lines: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const log: SmartHomeLog = {
    info: (message, attributes) => lines.push({ level: 'info', message, attributes }),
    warn: (message, attributes) => lines.push({ level: 'warn', message, attributes }),
    error: (message, attributes) => lines.push({ level: 'error', message, attributes }),
  };
  return { log, lines };
}

function handlerFor(
  port: SmartHomeDevicePort,
  log: SmartHomeLog = recordingLog().log
): DirectiveHandler {
  return createDirectiveHandler({ verifier: cognitoVerifierWith(key), devices: port, logger: log });
}

async function send(handler: DirectiveHandler, envelope: unknown) {
  const event = await handler(envelope);
  assertWellFormedEvent(event);
  return event;
}

describe('a thermostat port behind the directive handler', () => {
  test("Discover lists the user's own thermostats, the Alexa interface added first", async () => {
    const { port, calls } = thermostatCloud();
    const event = await send(handlerFor(port), discover(tokenA));
    expect(event.event.header).toEqual({
      namespace: 'Alexa.Discovery',
      name: 'Discover.Response',
      payloadVersion: '3',
      messageId: expect.stringMatching(UUID),
    });
    const endpoints = event.event.payload.endpoints as DiscoveredEndpoint[];
    expect(endpoints.map((e) => e.endpointId)).toEqual([THERMOSTAT_A, THERMOSTAT_A_ATTIC]);
    expect(endpoints[0]?.capabilities.map((c) => c.interface)).toEqual([
      'Alexa',
      'Alexa.ThermostatController',
    ]);
    expect(endpoints[0]?.capabilities[0]).toEqual({
      type: 'AlexaInterface',
      interface: 'Alexa',
      version: '3',
    });
    expect(endpoints[0]?.cookie).toEqual({ room: 'Hall' });
    expect(calls.map((c) => c.user)).toEqual([
      { userId: USER_A, username: USER_A, scopes: expect.any(Array) },
    ]);
  });

  test('SetTargetTemperature answers Alexa.Response with the properties, their sample time filled in', async () => {
    const { port, devices } = thermostatCloud();
    const before = Date.now();
    const event = await send(handlerFor(port), setTargetTemperature(tokenA, THERMOSTAT_A, 21.5));
    expect(event.event.header).toEqual({
      namespace: 'Alexa',
      name: 'Response',
      payloadVersion: '3',
      messageId: expect.stringMatching(UUID),
      correlationToken: CORRELATION_TOKEN,
    });
    expect(event.event.endpoint).toEqual({ endpointId: THERMOSTAT_A });
    const sample = { timeOfSample: expect.stringMatching(ISO_MS_Z), uncertaintyInMilliseconds: 0 };
    expect(event.context?.properties).toEqual([
      {
        namespace: 'Alexa.ThermostatController',
        name: 'targetSetpoint',
        value: { value: 21.5, scale: 'CELSIUS' },
        ...sample,
      },
      { namespace: 'Alexa.ThermostatController', name: 'thermostatMode', value: 'HEAT', ...sample },
    ]);
    const sampled = Date.parse(event.context?.properties[0]?.timeOfSample as string);
    expect(sampled).toBeGreaterThanOrEqual(before - 1);
    expect(sampled).toBeLessThanOrEqual(Date.now() + 1);
    expect(devices[0]?.setpoint).toBe(21.5);
  });

  test('the port gets the directive (namespace, name, payload, endpoint, correlation token) and never the token', async () => {
    const { port, calls } = thermostatCloud();
    const handler = handlerFor(port);
    await send(handler, setTargetTemperature(tokenA, THERMOSTAT_A, 22));
    await send(handler, reportState(tokenA, THERMOSTAT_A));
    await send(handler, discover(tokenA));
    expect(calls[0]?.args).toEqual([
      {
        namespace: 'Alexa.ThermostatController',
        name: 'SetTargetTemperature',
        payload: { targetSetpoint: { value: 22, scale: 'CELSIUS' } },
        endpointId: THERMOSTAT_A,
        payloadVersion: '3',
        correlationToken: CORRELATION_TOKEN,
      },
    ]);
    expect(calls.map((c) => c.method)).toEqual(['handleDirective', 'reportState', 'discover']);
    const seen = JSON.stringify(calls);
    for (const piece of tokenA.split('.')) expect(seen).not.toContain(piece);
  });

  test('a setpoint out of range is VALUE_OUT_OF_RANGE with the valid range, and changes nothing', async () => {
    const { port, devices } = thermostatCloud();
    const event = await send(handlerFor(port), setTargetTemperature(tokenA, THERMOSTAT_A, 45));
    expect(event.event).toEqual({
      header: {
        namespace: 'Alexa',
        name: 'ErrorResponse',
        payloadVersion: '3',
        messageId: expect.stringMatching(UUID),
        correlationToken: CORRELATION_TOKEN,
      },
      endpoint: { endpointId: THERMOSTAT_A },
      payload: {
        type: 'VALUE_OUT_OF_RANGE',
        message: 'The setpoint must be between 10 and 30 °C.',
        validRange: { minimumValue: 10, maximumValue: 30 },
      },
    });
    expect(event.context).toBeUndefined();
    expect(devices[0]?.setpoint).toBe(20);
  });

  test('an offline thermostat is ENDPOINT_UNREACHABLE, for a change and for ReportState', async () => {
    const { port } = thermostatCloud();
    const handler = handlerFor(port);
    for (const directive of [
      setTargetTemperature(tokenA, THERMOSTAT_A_ATTIC, 18),
      reportState(tokenA, THERMOSTAT_A_ATTIC),
    ]) {
      const event = await send(handler, directive);
      expect(event.event.header.name).toBe('ErrorResponse');
      expect(event.event.endpoint).toEqual({ endpointId: THERMOSTAT_A_ATTIC });
      expect(event.event.payload).toEqual({
        type: 'ENDPOINT_UNREACHABLE',
        message: 'The thermostat is offline.',
      });
    }
  });

  test("ReportState is a StateReport that keeps the port's own sample time and uncertainty", async () => {
    const { port } = thermostatCloud();
    const event = await send(handlerFor(port), reportState(tokenA, THERMOSTAT_A));
    expect(event.event.header).toMatchObject({ namespace: 'Alexa', name: 'StateReport' });
    expect(event.context?.properties[0]).toEqual({
      namespace: 'Alexa.ThermostatController',
      name: 'targetSetpoint',
      value: { value: 20, scale: 'CELSIUS' },
      timeOfSample: READ_AT,
      uncertaintyInMilliseconds: 500,
    });
  });

  test("user B asking for user A's thermostat gets NO_SUCH_ENDPOINT, and A's thermostat is untouched", async () => {
    const { port, devices, calls } = thermostatCloud();
    const handler = handlerFor(port);
    for (const directive of [
      setTargetTemperature(tokenB, THERMOSTAT_A, 25),
      setTargetTemperature(tokenB, THERMOSTAT_A, 99),
      reportState(tokenB, THERMOSTAT_A),
    ]) {
      const event = await send(handler, directive);
      expect(event.event.payload).toEqual({
        type: 'NO_SUCH_ENDPOINT',
        message: 'No thermostat with this ID.',
      });
      expect(event.event.endpoint).toEqual({ endpointId: THERMOSTAT_A });
    }
    // The port was asked as user B each time: the handler passes the token's user, nothing else.
    expect(new Set(calls.map((c) => c.user.userId))).toEqual(new Set([USER_B]));
    expect(devices[0]?.setpoint).toBe(20);
  });

  test('an expired token is EXPIRED_AUTHORIZATION_CREDENTIAL and never reaches the port', async () => {
    const { port, calls } = thermostatCloud();
    const handler = handlerFor(port);
    for (const directive of [
      discover(expiredA),
      setTargetTemperature(expiredA, THERMOSTAT_A, 21),
      reportState(expiredA, THERMOSTAT_A),
    ]) {
      expect((await send(handler, directive)).event.payload.type).toBe(
        'EXPIRED_AUTHORIZATION_CREDENTIAL'
      );
    }
    expect(calls).toEqual([]);
  });
});

describe('a port that misbehaves never crashes the handler', () => {
  const endpoint = (endpointId: string): DiscoveredEndpoint => ({
    endpointId,
    friendlyName: 'Hall thermostat',
    description: 'Wi-Fi thermostat by Example Corp',
    manufacturerName: 'Example Corp',
    displayCategories: ['THERMOSTAT'],
    capabilities: [
      { type: 'AlexaInterface', interface: 'Alexa.ThermostatController', version: '3' },
    ],
  });
  /** A port whose every method answers `answer` (discover's own answer when given). */
  const portAnswering = (answer: unknown, discovered: unknown = [endpoint(THERMOSTAT_A)]) =>
    ({
      discover: () => Promise.resolve(discovered),
      handleDirective: () => Promise.resolve(answer),
      reportState: () => Promise.resolve(answer),
    }) as unknown as SmartHomeDevicePort;

  test.each<[string, unknown, RegExp]>([
    ['no answer', undefined, /handleDirective\(\) answered undefined: expected \{ properties/],
    ['a string', 'OK', /answered "OK": expected \{ properties/],
    [
      'both properties and an error',
      { properties: [], error: {} },
      /expected \{ properties: \[\.\.\.\] \} or \{ error/,
    ],
    [
      'a property without a value',
      { properties: [{ namespace: 'Alexa.ThermostatController', name: 'targetSetpoint' }] },
      /property 0 \(Alexa\.ThermostatController\.targetSetpoint\) has value undefined: expected a JSON value/,
    ],
    [
      'a property without a namespace',
      { properties: [{ name: 'targetSetpoint', value: 20 }] },
      /property 0 has namespace undefined: expected an interface/,
    ],
    [
      'a timeOfSample that is not ISO 8601 UTC',
      { properties: [{ namespace: 'Alexa', name: 'x', value: 1, timeOfSample: 'yesterday' }] },
      /timeOfSample "yesterday": expected ISO 8601 in UTC/,
    ],
    [
      'an unknown error type',
      { error: { type: 'THERMOSTAT_ON_FIRE', message: 'oh no' } },
      /error has type "THERMOSTAT_ON_FIRE": expected one of ALREADY_IN_OPERATION, .*VALUE_OUT_OF_RANGE/,
    ],
    [
      'a credential error, which would unlink a verified user',
      { error: { type: 'INVALID_AUTHORIZATION_CREDENTIAL', message: 'cloud token revoked' } },
      /type "INVALID_AUTHORIZATION_CREDENTIAL": Alexa unlinks the user on it, so only the handler sends it/,
    ],
    [
      'an error without a message',
      { error: { type: 'ENDPOINT_UNREACHABLE' } },
      /error \(ENDPOINT_UNREACHABLE\) has message undefined: expected a non-empty string/,
    ],
    [
      'a validRange on another error type',
      {
        error: {
          type: 'INVALID_VALUE',
          message: 'm',
          validRange: { minimumValue: 1, maximumValue: 2 },
        },
      },
      /error \(INVALID_VALUE\) has validRange .*: expected \{ minimumValue, maximumValue \} on VALUE_OUT_OF_RANGE/,
    ],
  ])(
    '%s: INTERNAL_ERROR to Alexa, one error line saying what was wrong',
    async (_case, answer, problem) => {
      const { log, lines } = recordingLog();
      const handler = handlerFor(portAnswering(answer), log);
      for (const directive of [
        setTargetTemperature(tokenA, THERMOSTAT_A, 21),
        reportState(tokenA, THERMOSTAT_A),
      ]) {
        lines.length = 0;
        const event = await send(handler, directive);
        expect(event.event.header).toMatchObject({
          name: 'ErrorResponse',
          correlationToken: CORRELATION_TOKEN,
        });
        expect(event.event.endpoint).toEqual({ endpointId: THERMOSTAT_A });
        expect(event.event.payload).toEqual({
          type: 'INTERNAL_ERROR',
          message: 'The skill failed to handle the directive; try again.',
        });
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({
          level: 'error',
          message: 'device port answer refused',
          attributes: { outcome: 'INTERNAL_ERROR', decision: 'linked', endpointId: THERMOSTAT_A },
        });
        const method = directive.directive.header as { name: string };
        expect(lines[0]?.attributes.problem).toMatch(
          method.name === 'ReportState'
            ? new RegExp(problem.source.replace('handleDirective\\(\\)', 'reportState\\(\\)'))
            : problem
        );
        expect(JSON.stringify(lines)).not.toContain(tokenA.split('.')[2]);
      }
    }
  );

  test.each<[string, unknown, RegExp]>([
    [
      'not an array',
      { endpoints: [] },
      /discover\(\) answered \{"endpoints":\[\]\}: expected an array of endpoints/,
    ],
    [
      'an endpoint ID with a space',
      [endpoint('hall thermostat')],
      /discover\(\) endpoint 0 has endpointId "hall thermostat": expected 1 to 256 letters, digits or _-=#;:\?@&/,
    ],
    [
      'a duplicate endpoint ID',
      [endpoint('t-1'), endpoint('t-2'), endpoint('t-1')],
      /discover\(\) endpoint 2 repeats endpointId "t-1": each endpoint needs its own/,
    ],
    [
      'more than 300 endpoints',
      Array.from({ length: 301 }, (_, i) => endpoint(`t-${i}`)),
      /discover\(\) answered 301 endpoints: Alexa takes at most 300 per user/,
    ],
    [
      'an endpoint without a friendly name',
      [{ ...endpoint('t-1'), friendlyName: '' }],
      /endpoint 0 \(t-1\) has friendlyName "": expected a string of 1 to 128 characters/,
    ],
  ])('discovery with %s: INTERNAL_ERROR, one error line', async (_case, discovered, problem) => {
    const { log, lines } = recordingLog();
    const event = await send(
      handlerFor(portAnswering({ properties: [] }, discovered), log),
      discover(tokenA)
    );
    expect(event.event.header).toMatchObject({ namespace: 'Alexa', name: 'ErrorResponse' });
    expect(event.event.payload.type).toBe('INTERNAL_ERROR');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', message: 'device port answer refused' });
    expect(lines[0]?.attributes.problem).toMatch(problem);
  });

  test('a port that throws: INTERNAL_ERROR, the error logged without the token', async () => {
    const { log, lines } = recordingLog();
    const throwing: SmartHomeDevicePort = {
      discover: () => Promise.reject(new Error(`cloud refused Bearer ${tokenA}`)),
      handleDirective: () => {
        throw new TypeError('cannot read properties of undefined');
      },
      reportState: () => Promise.reject(new Error('timeout')),
    };
    const handler = handlerFor(throwing, log);
    for (const directive of [
      discover(tokenA),
      setTargetTemperature(tokenA, THERMOSTAT_A, 21),
      reportState(tokenA, THERMOSTAT_A),
    ]) {
      expect((await send(handler, directive)).event.payload.type).toBe('INTERNAL_ERROR');
    }
    expect(lines.map((l) => [l.level, l.message, l.attributes.outcome])).toEqual([
      ['error', 'directive failed', 'INTERNAL_ERROR'],
      ['error', 'directive failed', 'INTERNAL_ERROR'],
      ['error', 'directive failed', 'INTERNAL_ERROR'],
    ]);
    expect(lines[1]?.attributes.error).toBe('TypeError: cannot read properties of undefined');
    const logged = JSON.stringify(lines);
    for (const piece of tokenA.split('.')) expect(logged).not.toContain(piece);
  });
});

describe('a port that never answers', () => {
  test('each call gets INTERNAL_ERROR once portTimeoutMs has passed, and a log line naming the call', async () => {
    const { log, lines } = recordingLog();
    const never = () => new Promise<never>(() => undefined);
    const hanging: SmartHomeDevicePort = {
      discover: never,
      handleDirective: never,
      reportState: never,
    };
    const handler = createDirectiveHandler({
      verifier: cognitoVerifierWith(key),
      devices: hanging,
      logger: log,
      portTimeoutMs: 50,
    });
    for (const directive of [
      discover(tokenA),
      setTargetTemperature(tokenA, THERMOSTAT_A, 21),
      reportState(tokenA, THERMOSTAT_A),
    ]) {
      expect((await send(handler, directive)).event.payload.type).toBe('INTERNAL_ERROR');
    }
    expect(lines.map((l) => [l.level, l.message, l.attributes.error])).toEqual([
      [
        'error',
        'directive failed',
        "Error: the device port's discover() did not answer within 50 ms",
      ],
      [
        'error',
        'directive failed',
        "Error: the device port's handleDirective() did not answer within 50 ms",
      ],
      [
        'error',
        'directive failed',
        "Error: the device port's reportState() did not answer within 50 ms",
      ],
    ]);
  });

  test('a port that answers in time is not cut short', async () => {
    const slowButInTime: SmartHomeDevicePort = {
      discover: () => new Promise((resolve) => setTimeout(() => resolve([]), 30)),
      handleDirective: () => Promise.reject(new Error('not called')),
      reportState: () => Promise.reject(new Error('not called')),
    };
    const handler = createDirectiveHandler({
      verifier: cognitoVerifierWith(key),
      devices: slowButInTime,
      logger: recordingLog().log,
      portTimeoutMs: 1000,
    });
    const event = await send(handler, discover(tokenA));
    expect(event.event.header.name).toBe('Discover.Response');
  });
});

describe('createDirectiveHandler refuses what cannot work, at creation', () => {
  test('fails when devices is not a device port (a DeviceStore, say)', () => {
    expect(() =>
      createDirectiveHandler({
        verifier: cognitoVerifierWith(key),
        devices: { endpointsOf: () => Promise.resolve([]) } as unknown as SmartHomeDevicePort,
        logger: recordingLog().log,
      })
    ).toThrow(
      /devices must be a SmartHomeDevicePort with discover\(user\), handleDirective\(user, directive\) and reportState\(user, endpointId\); received an object without discover, handleDirective, reportState \(the DynamoDB lamp is createDynamoDbLampPort/
    );
  });

  test('fails when grantExchange comes without a grantStore', () => {
    expect(() =>
      createDirectiveHandler({
        verifier: cognitoVerifierWith(key),
        devices: thermostatCloud().port,
        grantExchange: { exchange: () => Promise.reject(new Error('unused')) },
        logger: recordingLog().log,
      })
    ).toThrow(
      /grantExchange needs grantStore.*received grantStore: undefined.*createDynamoDbGrantStore/
    );
  });
});
