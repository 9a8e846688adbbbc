/**
 * The smart home decisions at every boundary: which directive is read and which refused (with its
 * literal reason and echo), the lamp rules, the error a decision becomes, the events, the settings.
 */
import type { LinkingDecision } from '../../../lambda/core/linking-decision';
import { lampChangeOf, routeDirective } from '../../../lambda/core/smart-home/directive';
import { describeDecision, errorForDecision } from '../../../lambda/core/smart-home/errors';
import {
  acceptGrantFailed,
  acceptGrantResponse,
  deviceErrorResponse,
  discoveryEvent,
  errorResponse,
  lampDescription,
  lampProperties,
  propertiesEvent,
} from '../../../lambda/core/smart-home/events';
import {
  applyLampChange,
  assertIsEndpointId,
  clampBrightness,
  isBrightnessInRange,
  isEndpointId,
  isLampState,
  outOfRangeOf,
} from '../../../lambda/core/smart-home/lamp';
import {
  SMART_HOME_SETTINGS_HINT,
  loadSmartHomeConfig,
} from '../../../lambda/core/smart-home/smart-home-config';

type Json = Record<string, unknown>;

const header = (namespace: string, name: unknown, extra: Json = {}): Json => ({
  namespace,
  name,
  payloadVersion: '3',
  messageId: 'm-1',
  ...extra,
});
const scope = (token: unknown = 'tok'): Json => ({ type: 'BearerToken', token });
const endpoint = (endpointId: unknown = 'lamp-1', extra: Json = {}): Json => ({
  endpointId,
  scope: scope(),
  ...extra,
});
const event = (directive: Json): unknown => ({ directive });
const controlDirective = (
  namespace: string,
  name: string,
  payload: Json = {},
  ep: unknown = endpoint()
) => event({ header: header(namespace, name, { correlationToken: 'c-1' }), endpoint: ep, payload });

describe('routeDirective accepts', () => {
  test('AcceptGrant with its code and the grantee token', () => {
    const parsed = routeDirective(
      event({
        header: header('Alexa.Authorization', 'AcceptGrant'),
        payload: {
          grant: { type: 'OAuth2.AuthorizationCode', code: 'c'.repeat(2048) },
          grantee: { type: 'BearerToken', token: 'g-tok' },
        },
      })
    );
    expect(parsed).toStrictEqual({
      ok: true,
      directive: {
        namespace: 'Alexa.Authorization',
        name: 'AcceptGrant',
        echo: {},
        kind: 'accept-grant',
        code: 'c'.repeat(2048),
        token: 'g-tok',
      },
    });
  });

  test('Discover with the scope token', () => {
    expect(
      routeDirective(
        event({ header: header('Alexa.Discovery', 'Discover'), payload: { scope: scope('d-tok') } })
      )
    ).toStrictEqual({
      ok: true,
      directive: {
        namespace: 'Alexa.Discovery',
        name: 'Discover',
        echo: {},
        kind: 'discover',
        token: 'd-tok',
      },
    });
  });

  test.each<[string, string, Json, unknown]>([
    ['Alexa.PowerController', 'TurnOn', {}, { kind: 'power', powerState: 'ON' }],
    ['Alexa.PowerController', 'TurnOff', {}, { kind: 'power', powerState: 'OFF' }],
    [
      'Alexa.BrightnessController',
      'SetBrightness',
      { brightness: 0 },
      { kind: 'set-brightness', brightness: 0 },
    ],
    [
      'Alexa.BrightnessController',
      'SetBrightness',
      { brightness: 150 },
      { kind: 'set-brightness', brightness: 150 },
    ],
    [
      'Alexa.BrightnessController',
      'AdjustBrightness',
      { brightnessDelta: -25 },
      { kind: 'adjust-brightness', delta: -25 },
    ],
  ])(
    '%s.%s %j: to the port as it came, the lamp change as lampChangeOf reads it',
    (namespace, name, payload, change) => {
      expect(routeDirective(controlDirective(namespace, name, payload))).toStrictEqual({
        ok: true,
        directive: {
          namespace,
          name,
          echo: { correlationToken: 'c-1', endpointId: 'lamp-1' },
          kind: 'endpoint',
          payload,
          endpointId: 'lamp-1',
          token: 'tok',
        },
      });
      expect(lampChangeOf(namespace, name, payload)).toStrictEqual({ ok: true, change });
    }
  );

  test.each([
    ['Alexa', 'SetMode'],
    ['Alexa.PowerController', 'ReportState'],
    ['Alexa.ColorController', 'SetColor'],
  ])('%s.%s: any other directive with an endpoint goes to the port', (namespace, name) => {
    expect(routeDirective(controlDirective(namespace, name, { x: 1 }))).toStrictEqual({
      ok: true,
      directive: {
        namespace,
        name,
        echo: { correlationToken: 'c-1', endpointId: 'lamp-1' },
        kind: 'endpoint',
        payload: { x: 1 },
        endpointId: 'lamp-1',
        token: 'tok',
      },
    });
  });

  test('ReportState with its endpoint', () => {
    expect(routeDirective(controlDirective('Alexa', 'ReportState'))).toStrictEqual({
      ok: true,
      directive: {
        namespace: 'Alexa',
        name: 'ReportState',
        echo: { correlationToken: 'c-1', endpointId: 'lamp-1' },
        kind: 'report-state',
        endpointId: 'lamp-1',
        token: 'tok',
      },
    });
  });

  test('names of 64 plain characters', () => {
    const long = `A${'a'.repeat(63)}`;
    expect(routeDirective(event({ header: header(long, 'X.9'), payload: {} }))).toStrictEqual({
      ok: false,
      reason: 'the directive has no endpoint',
      echo: {},
      namespace: long,
      name: 'X.9',
    });
  });
});

describe('routeDirective refuses', () => {
  const refused = (reason: string, extra: Json = {}) => ({ ok: false, reason, echo: {}, ...extra });
  const named = { namespace: 'Alexa.Discovery', name: 'Discover' };

  test.each<[string, unknown, unknown]>([
    ['null', null, refused('not a smart home directive (no directive.header)')],
    ['an array event', [], refused('not a smart home directive (no directive.header)')],
    [
      'a directive array',
      { directive: [] },
      refused('not a smart home directive (no directive.header)'),
    ],
    [
      'no header',
      { directive: { payload: {} } },
      refused('not a smart home directive (no directive.header)'),
    ],
    [
      'a header array',
      { directive: { header: [] } },
      refused('not a smart home directive (no directive.header)'),
    ],
    [
      'a namespace of 65 characters',
      event({ header: header('a'.repeat(65), 'Discover'), payload: {} }),
      refused('the header has no namespace or name', { name: 'Discover' }),
    ],
    [
      'an empty name',
      event({ header: header('Alexa.Discovery', ''), payload: {} }),
      refused('the header has no namespace or name', { namespace: 'Alexa.Discovery' }),
    ],
    [
      'a name with text after it',
      event({ header: header('Alexa.Discovery', 'Discover x'), payload: {} }),
      refused('the header has no namespace or name', { namespace: 'Alexa.Discovery' }),
    ],
    [
      'a name with text before it',
      event({ header: header('Alexa.Discovery', ' Discover'), payload: {} }),
      refused('the header has no namespace or name', { namespace: 'Alexa.Discovery' }),
    ],
    [
      'a numeric name',
      event({ header: header('Alexa.Discovery', 3), payload: {} }),
      refused('the header has no namespace or name', { namespace: 'Alexa.Discovery' }),
    ],
    [
      'payload version 2',
      event({
        header: header('Alexa.Discovery', 'Discover', { payloadVersion: '2' }),
        payload: {},
      }),
      refused('payloadVersion is not "3"', named),
    ],
    [
      'payload version as a number',
      event({ header: header('Alexa.Discovery', 'Discover', { payloadVersion: 3 }), payload: {} }),
      refused('payloadVersion is not "3"', named),
    ],
    [
      'no payload',
      event({ header: header('Alexa.Discovery', 'Discover') }),
      refused('the directive has no payload object', named),
    ],
    [
      'a payload array',
      event({ header: header('Alexa.Discovery', 'Discover'), payload: [] }),
      refused('the directive has no payload object', named),
    ],
    [
      'a Discover scope that is not a bearer token',
      event({
        header: header('Alexa.Discovery', 'Discover'),
        payload: { scope: { type: 'Basic', token: 't' } },
      }),
      refused('payload.scope is not a BearerToken', named),
    ],
    [
      'a Discover without a scope',
      event({ header: header('Alexa.Discovery', 'Discover'), payload: {} }),
      refused('payload.scope is not a BearerToken', named),
    ],
    [
      'another Alexa.Discovery directive, even with an endpoint',
      controlDirective('Alexa.Discovery', 'AddOrUpdateReport'),
      refused('a namespace or directive this skill does not support', {
        namespace: 'Alexa.Discovery',
        name: 'AddOrUpdateReport',
        echo: { correlationToken: 'c-1', endpointId: 'lamp-1' },
      }),
    ],
    [
      'another Alexa.Authorization directive, even with an endpoint',
      controlDirective('Alexa.Authorization', 'Revoke'),
      refused('a namespace or directive this skill does not support', {
        namespace: 'Alexa.Authorization',
        name: 'Revoke',
        echo: { correlationToken: 'c-1', endpointId: 'lamp-1' },
      }),
    ],
  ])('%s', (_case, body, expected) => {
    expect(routeDirective(body)).toStrictEqual(expected);
  });

  const grant = (grantValue: unknown, grantee: unknown = scope()) =>
    event({
      header: header('Alexa.Authorization', 'AcceptGrant'),
      payload: { grant: grantValue, grantee },
    });
  const grantNames = { namespace: 'Alexa.Authorization', name: 'AcceptGrant' };
  test.each<[string, unknown, string]>([
    [
      'a code of 2049 characters',
      grant({ type: 'OAuth2.AuthorizationCode', code: 'c'.repeat(2049) }),
      'payload.grant is not an OAuth2.AuthorizationCode with a code',
    ],
    [
      'an empty code',
      grant({ type: 'OAuth2.AuthorizationCode', code: '' }),
      'payload.grant is not an OAuth2.AuthorizationCode with a code',
    ],
    [
      'a numeric code',
      grant({ type: 'OAuth2.AuthorizationCode', code: 5 }),
      'payload.grant is not an OAuth2.AuthorizationCode with a code',
    ],
    [
      'another grant type',
      grant({ type: 'OAuth2.Implicit', code: 'c' }),
      'payload.grant is not an OAuth2.AuthorizationCode with a code',
    ],
    ['no grant', grant(undefined), 'payload.grant is not an OAuth2.AuthorizationCode with a code'],
    [
      'a grantee of another type',
      grant({ type: 'OAuth2.AuthorizationCode', code: 'c' }, { type: 'Other', token: 't' }),
      'payload.grantee is not a BearerToken',
    ],
    [
      'no grantee',
      grant({ type: 'OAuth2.AuthorizationCode', code: 'c' }, null),
      'payload.grantee is not a BearerToken',
    ],
  ])('AcceptGrant with %s', (_case, body, reason) => {
    expect(routeDirective(body)).toStrictEqual(refused(reason, grantNames));
  });

  const turnOnWith = (ep: unknown) => controlDirective('Alexa.PowerController', 'TurnOn', {}, ep);
  const echo = { correlationToken: 'c-1' };
  test.each<[string, unknown, string, Json]>([
    ['no endpoint', turnOnWith(null), 'the directive has no endpoint', echo],
    ['an endpoint array', turnOnWith([]), 'the directive has no endpoint', echo],
    [
      'an endpoint ID with a dot',
      turnOnWith(endpoint('lamp.1')),
      "endpoint.endpointId is missing or breaks Alexa's endpoint ID rules",
      echo,
    ],
    [
      'no endpoint ID',
      turnOnWith({ scope: scope() }),
      "endpoint.endpointId is missing or breaks Alexa's endpoint ID rules",
      echo,
    ],
    [
      'an endpoint scope of another type',
      turnOnWith(endpoint('lamp-1', { scope: { type: 'Basic', token: 't' } })),
      'endpoint.scope is not a BearerToken',
      { ...echo, endpointId: 'lamp-1' },
    ],
    [
      'no endpoint scope',
      turnOnWith({ endpointId: 'lamp-1' }),
      'endpoint.scope is not a BearerToken',
      { ...echo, endpointId: 'lamp-1' },
    ],
  ])('TurnOn with %s', (_case, body, reason, expectedEcho) => {
    expect(routeDirective(body)).toStrictEqual({
      ok: false,
      reason,
      echo: expectedEcho,
      namespace: 'Alexa.PowerController',
      name: 'TurnOn',
    });
  });

  test.each<[string, unknown]>([
    ['TurnOff', controlDirective('Alexa.PowerController', 'TurnOff', {}, null)],
    ['ReportState', controlDirective('Alexa', 'ReportState', {}, null)],
    ['SetMode', controlDirective('Alexa.ModeController', 'SetMode', {}, null)],
  ])('%s without an endpoint', (_case, body) => {
    expect(routeDirective(body)).toMatchObject({
      ok: false,
      reason: 'the directive has no endpoint',
    });
  });

  test('echoes a correlation token of 8192 characters, not one of 8193 or an empty one', () => {
    const withToken = (correlationToken: unknown) =>
      routeDirective(
        event({
          header: header('Alexa', 'ReportState', { correlationToken }),
          endpoint: endpoint('lamp.x'),
          payload: {},
        })
      );
    expect(withToken('t'.repeat(8192))).toMatchObject({
      echo: { correlationToken: 't'.repeat(8192) },
    });
    expect(withToken('t'.repeat(8193))).toMatchObject({ echo: {} });
    expect(withToken('')).toMatchObject({ echo: {} });
    expect(withToken(42)).toMatchObject({ echo: {} });
    const arrayEndpoint = routeDirective(
      event({ header: header('Alexa', 'ReportState'), endpoint: ['lamp-1'], payload: {} })
    );
    expect(arrayEndpoint).toMatchObject({ echo: {} });
  });
});

describe('lampChangeOf refuses', () => {
  test.each<[string, string, Json, string]>([
    [
      'Alexa.BrightnessController',
      'SetBrightness',
      { brightness: 50.5 },
      'payload.brightness is not an integer',
    ],
    [
      'Alexa.BrightnessController',
      'SetBrightness',
      { brightness: '50' },
      'payload.brightness is not an integer',
    ],
    [
      'Alexa.BrightnessController',
      'AdjustBrightness',
      { brightnessDelta: 2.5 },
      'payload.brightnessDelta is not an integer',
    ],
    [
      'Alexa.BrightnessController',
      'AdjustBrightness',
      { brightnessDelta: 2 ** 53 },
      'payload.brightnessDelta is not an integer',
    ],
    [
      'Alexa.BrightnessController',
      'AdjustBrightness',
      { brightnessDelta: '5' },
      'payload.brightnessDelta is not an integer',
    ],
    [
      'Alexa.ColorController',
      'SetColor',
      {},
      'a namespace or directive this skill does not support',
    ],
    [
      'Alexa.PowerController',
      'ReportState',
      {},
      'a namespace or directive this skill does not support',
    ],
  ])('%s.%s %j', (namespace, name, payload, reason) => {
    expect(lampChangeOf(namespace, name, payload)).toStrictEqual({ ok: false, reason });
  });
});

describe('lamp rules', () => {
  test.each([
    [-1, false],
    [0, true],
    [100, true],
    [101, false],
  ])('isBrightnessInRange(%i) = %s', (value, inRange) => {
    expect(isBrightnessInRange(value)).toBe(inRange);
  });

  test.each([
    [-1, 0],
    [1, 1],
    [99, 99],
    [101, 100],
  ])('clampBrightness(%i) = %i', (value, clamped) => {
    expect(clampBrightness(value)).toBe(clamped);
  });

  test('changes apply to the state they are given', () => {
    const state = { powerState: 'ON', brightness: 40 } as const;
    expect(applyLampChange(state, { kind: 'power', powerState: 'OFF' })).toStrictEqual({
      powerState: 'OFF',
      brightness: 40,
    });
    expect(applyLampChange(state, { kind: 'set-brightness', brightness: 70 })).toStrictEqual({
      powerState: 'ON',
      brightness: 70,
    });
    expect(applyLampChange(state, { kind: 'set-brightness', brightness: 170 })).toStrictEqual({
      powerState: 'ON',
      brightness: 100,
    });
    expect(applyLampChange(state, { kind: 'adjust-brightness', delta: 15 })).toStrictEqual({
      powerState: 'ON',
      brightness: 55,
    });
    expect(applyLampChange(state, { kind: 'adjust-brightness', delta: 70 })).toStrictEqual({
      powerState: 'ON',
      brightness: 100,
    });
  });

  test('outOfRangeOf names the range only for a SetBrightness outside it', () => {
    expect(outOfRangeOf({ kind: 'set-brightness', brightness: -1 })).toStrictEqual({
      minimumValue: 0,
      maximumValue: 100,
    });
    expect(outOfRangeOf({ kind: 'set-brightness', brightness: 0 })).toBeUndefined();
    expect(outOfRangeOf({ kind: 'power', powerState: 'ON' })).toBeUndefined();
  });

  test.each([
    [{ powerState: 'OFF', brightness: 0 }, true],
    [{ powerState: 'ON', brightness: 100 }, true],
    [{ powerState: 'ON', brightness: -1 }, false],
    [{ powerState: 'ON', brightness: '50' }, false],
    [{ brightness: 50 }, false],
    ['ON', false],
    [undefined, false],
  ])('isLampState(%j) = %s', (value, ok) => {
    expect(isLampState(value)).toBe(ok);
  });

  test.each([
    ['x', true],
    ['-_=#;:?@&', true],
    ['a'.repeat(256), true],
    ['a'.repeat(257), false],
    [' lamp', false],
    ['lamp ', false],
    ['lamp\n', false],
    [42, false],
  ])('isEndpointId(%j) = %s', (value, ok) => {
    expect(isEndpointId(value)).toBe(ok);
  });

  test('assertIsEndpointId names the ID and the rule', () => {
    expect(() => assertIsEndpointId('a b')).toThrow(
      new RangeError(
        `Endpoint ID "a b" breaks Alexa's rules: 1 to 256 letters, digits or _-=#;:?@&`
      )
    );
    expect(() => assertIsEndpointId('ab')).not.toThrow();
  });
});

describe('errorForDecision and describeDecision', () => {
  test.each<[LinkingDecision, unknown, string]>([
    [{ kind: 'linked', user: { userId: 'u', username: 'u', scopes: [] } }, undefined, 'linked'],
    [
      { kind: 'unlinked' },
      { type: 'INVALID_DIRECTIVE', message: 'The directive carries no bearer token.' },
      'unlinked',
    ],
    [
      { kind: 'unverifiable', reason: 'token-info-unavailable' },
      {
        type: 'INTERNAL_ERROR',
        message: 'The linking server could not be reached to verify the token; try again.',
      },
      'unverifiable:token-info-unavailable',
    ],
    [
      { kind: 'invalid', reason: 'expired' },
      { type: 'EXPIRED_AUTHORIZATION_CREDENTIAL', message: 'The access token has expired.' },
      'invalid:expired',
    ],
    [
      { kind: 'invalid', reason: 'bad-signature' },
      {
        type: 'INVALID_AUTHORIZATION_CREDENTIAL',
        message: 'The access token was refused (bad-signature).',
      },
      'invalid:bad-signature',
    ],
    [
      // A key ID the key set does not hold (yet): a rotation, never a reason to unlink.
      { kind: 'unverifiable', reason: 'unknown-key' },
      {
        type: 'INTERNAL_ERROR',
        message: 'The linking server could not be reached to verify the token; try again.',
      },
      'unverifiable:unknown-key',
    ],
    [
      { kind: 'invalid', reason: 'not-yet-valid' },
      {
        type: 'INTERNAL_ERROR',
        message: 'The access token could not be accepted right now (not-yet-valid).',
      },
      'invalid:not-yet-valid',
    ],
    ...(
      [
        'wrong-client',
        'wrong-token-use',
        'wrong-issuer',
        'malformed',
        'machine-to-machine',
      ] as const
    ).map((reason): [LinkingDecision, unknown, string] => [
      { kind: 'invalid', reason },
      {
        type: 'INVALID_AUTHORIZATION_CREDENTIAL',
        message: `The access token was refused (${reason}).`,
      },
      `invalid:${reason}`,
    ]),
    [
      { kind: 'invalid', reason: 'refused-by-server' },
      {
        type: 'INVALID_AUTHORIZATION_CREDENTIAL',
        message: 'The access token was refused (refused-by-server).',
      },
      'invalid:refused-by-server',
    ],
  ])('%j', (decision, error, description) => {
    expect(errorForDecision(decision)).toStrictEqual(error);
    expect(describeDecision(decision)).toBe(description);
  });
});

describe('events', () => {
  const stamp = { messageId: 'msg-1', now: new Date(Date.UTC(2026, 4, 6, 7, 8, 9, 10)) };

  test('AcceptGrant.Response and its failure', () => {
    expect(acceptGrantResponse(stamp, { correlationToken: 'c' })).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa.Authorization',
          name: 'AcceptGrant.Response',
          payloadVersion: '3',
          messageId: 'msg-1',
          correlationToken: 'c',
        },
        payload: {},
      },
    });
    expect(acceptGrantFailed(stamp, {}, 'why')).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa.Authorization',
          name: 'ErrorResponse',
          payloadVersion: '3',
          messageId: 'msg-1',
        },
        payload: { type: 'ACCEPT_GRANT_FAILED', message: 'why' },
      },
    });
  });

  const lamp = {
    endpointId: 'lamp-9',
    friendlyName: 'Desk',
    state: { powerState: 'ON', brightness: 30 },
  } as const;
  const capability = (iface: string, property?: string) => ({
    type: 'AlexaInterface',
    interface: iface,
    version: '3',
    ...(property
      ? {
          properties: {
            supported: [{ name: property }],
            proactivelyReported: false,
            retrievable: true,
          },
        }
      : {}),
  });

  test('Discover.Response describes each lamp', () => {
    const description = {
      endpointId: 'lamp-9',
      manufacturerName: 'alexa-account-linking',
      friendlyName: 'Desk',
      description: 'Virtual lamp by alexa-account-linking',
      displayCategories: ['LIGHT'],
      cookie: {},
      capabilities: [
        { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
        capability('Alexa.PowerController', 'powerState'),
        capability('Alexa.BrightnessController', 'brightness'),
        capability('Alexa.EndpointHealth', 'connectivity'),
      ],
    };
    expect(lampDescription(lamp)).toStrictEqual(description);
    expect(discoveryEvent(stamp, {}, [lampDescription(lamp)])).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa.Discovery',
          name: 'Discover.Response',
          payloadVersion: '3',
          messageId: 'msg-1',
        },
        payload: { endpoints: [description] },
      },
    });
  });

  test('a Response carries the endpoint and the state', () => {
    expect(
      propertiesEvent(
        'Response',
        stamp,
        { correlationToken: 'c' },
        'lamp-9',
        lampProperties(lamp.state, stamp.now)
      )
    ).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa',
          name: 'Response',
          payloadVersion: '3',
          messageId: 'msg-1',
          correlationToken: 'c',
        },
        endpoint: { endpointId: 'lamp-9' },
        payload: {},
      },
      context: {
        properties: [
          {
            namespace: 'Alexa.PowerController',
            name: 'powerState',
            value: 'ON',
            timeOfSample: '2026-05-06T07:08:09.010Z',
            uncertaintyInMilliseconds: 0,
          },
          {
            namespace: 'Alexa.BrightnessController',
            name: 'brightness',
            value: 30,
            timeOfSample: '2026-05-06T07:08:09.010Z',
            uncertaintyInMilliseconds: 0,
          },
          {
            namespace: 'Alexa.EndpointHealth',
            name: 'connectivity',
            value: { value: 'OK' },
            timeOfSample: '2026-05-06T07:08:09.010Z',
            uncertaintyInMilliseconds: 0,
          },
        ],
      },
    });
  });

  const errorHeader = {
    namespace: 'Alexa',
    name: 'ErrorResponse',
    payloadVersion: '3',
    messageId: 'msg-1',
  };
  test.each<[string, Parameters<typeof deviceErrorResponse>[2], Json]>([
    [
      'a plain error',
      { type: 'ENDPOINT_UNREACHABLE', message: 'm' },
      { type: 'ENDPOINT_UNREACHABLE', message: 'm' },
    ],
    [
      'VALUE_OUT_OF_RANGE with its range',
      {
        type: 'VALUE_OUT_OF_RANGE',
        message: 'r',
        validRange: { minimumValue: 10, maximumValue: 30 },
      },
      {
        type: 'VALUE_OUT_OF_RANGE',
        message: 'r',
        validRange: { minimumValue: 10, maximumValue: 30 },
      },
    ],
    [
      'ENDPOINT_LOW_POWER with its level, even 0',
      { type: 'ENDPOINT_LOW_POWER', message: 'b', percentageState: 0 },
      { type: 'ENDPOINT_LOW_POWER', message: 'b', percentageState: 0 },
    ],
    [
      'NOT_SUPPORTED_IN_CURRENT_MODE with its mode',
      { type: 'NOT_SUPPORTED_IN_CURRENT_MODE', message: 's', currentDeviceMode: 'ASLEEP' },
      { type: 'NOT_SUPPORTED_IN_CURRENT_MODE', message: 's', currentDeviceMode: 'ASLEEP' },
    ],
  ])('a device port error: %s, with the endpoint when echoed', (_case, error, payload) => {
    expect(deviceErrorResponse(stamp, { endpointId: 'lamp-9' }, error)).toStrictEqual({
      event: { header: errorHeader, endpoint: { endpointId: 'lamp-9' }, payload },
    });
    expect(deviceErrorResponse(stamp, {}, error)).toStrictEqual({
      event: { header: errorHeader, payload },
    });
  });

  test('a device error range is copied, not shared', () => {
    const validRange = { minimumValue: 1, maximumValue: 2 };
    const event = deviceErrorResponse(
      stamp,
      {},
      { type: 'VALUE_OUT_OF_RANGE', message: 'r', validRange }
    );
    expect(event.event.payload.validRange).not.toBe(validRange);
  });

  test('an ErrorResponse without an endpoint, and one with a valid range', () => {
    expect(errorResponse(stamp, {}, { type: 'INTERNAL_ERROR', message: 'm' })).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa',
          name: 'ErrorResponse',
          payloadVersion: '3',
          messageId: 'msg-1',
        },
        payload: { type: 'INTERNAL_ERROR', message: 'm' },
      },
    });
    expect(
      errorResponse(
        stamp,
        { endpointId: 'lamp-9' },
        { type: 'VALUE_OUT_OF_RANGE', message: 'r' },
        { minimumValue: 0, maximumValue: 100 }
      )
    ).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa',
          name: 'ErrorResponse',
          payloadVersion: '3',
          messageId: 'msg-1',
        },
        endpoint: { endpointId: 'lamp-9' },
        payload: {
          type: 'VALUE_OUT_OF_RANGE',
          message: 'r',
          validRange: { minimumValue: 0, maximumValue: 100 },
        },
      },
    });
  });
});

describe('loadSmartHomeConfig', () => {
  const env = {
    SKILL_ID: 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    DEVICES_TABLE_NAME: 'abc',
  };

  test.each([
    ['a table name of 3 characters', {}, { skillId: env.SKILL_ID, devicesTableName: 'abc' }],
    [
      'a table name of 255 characters',
      { DEVICES_TABLE_NAME: 'T'.repeat(255) },
      { skillId: env.SKILL_ID, devicesTableName: 'T'.repeat(255) },
    ],
    [
      'an empty secret ID (none)',
      { ALEXA_EVENTS_SECRET_ID: '' },
      { skillId: env.SKILL_ID, devicesTableName: 'abc' },
    ],
    [
      'a secret ARN',
      {
        ALEXA_EVENTS_SECRET_ID:
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/events-AbCdEf',
      },
      {
        skillId: env.SKILL_ID,
        devicesTableName: 'abc',
        alexaEventsSecretId:
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:alexa/events-AbCdEf',
      },
    ],
    [
      'a secret name of 512 characters',
      { ALEXA_EVENTS_SECRET_ID: 's'.repeat(512) },
      { skillId: env.SKILL_ID, devicesTableName: 'abc', alexaEventsSecretId: 's'.repeat(512) },
    ],
  ])('reads %s', (_case, override, expected) => {
    expect(loadSmartHomeConfig({ ...env, ...override })).toStrictEqual(expected);
  });

  test.each([
    [
      { DEVICES_TABLE_NAME: 'ab' },
      'Environment variable DEVICES_TABLE_NAME is "ab"; expected the device table name (3 to 255 letters, digits, _ . -).',
    ],
    [
      { DEVICES_TABLE_NAME: 'T'.repeat(256) },
      `Environment variable DEVICES_TABLE_NAME is "${'T'.repeat(256)}"; expected the device table name (3 to 255 letters, digits, _ . -).`,
    ],
    [
      { DEVICES_TABLE_NAME: 'x abc' },
      'Environment variable DEVICES_TABLE_NAME is "x abc"; expected the device table name (3 to 255 letters, digits, _ . -).',
    ],
    [
      { DEVICES_TABLE_NAME: 'abc x' },
      'Environment variable DEVICES_TABLE_NAME is "abc x"; expected the device table name (3 to 255 letters, digits, _ . -).',
    ],
    [
      { SKILL_ID: undefined },
      'Environment variable SKILL_ID is missing; expected amzn1.ask.skill.<uuid>.',
    ],
    [
      { SKILL_ID: `x${env.SKILL_ID}` },
      `Environment variable SKILL_ID is "x${env.SKILL_ID}"; expected amzn1.ask.skill.<uuid>.`,
    ],
    [
      { SKILL_ID: `${env.SKILL_ID}0` },
      `Environment variable SKILL_ID is "${env.SKILL_ID}0"; expected amzn1.ask.skill.<uuid>.`,
    ],
    [
      { ALEXA_EVENTS_SECRET_ID: 's'.repeat(513) },
      `Environment variable ALEXA_EVENTS_SECRET_ID is "${'s'.repeat(513)}"; expected a Secrets Manager secret name or ARN, or nothing.`,
    ],
    [
      { ALEXA_EVENTS_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:12345678901:secret:x y' },
      'Environment variable ALEXA_EVENTS_SECRET_ID is "arn:aws:secretsmanager:eu-west-1:12345678901:secret:x y"; expected a Secrets Manager secret name or ARN, or nothing.',
    ],
    [
      { ALEXA_EVENTS_SECRET_ID: ' name' },
      'Environment variable ALEXA_EVENTS_SECRET_ID is " name"; expected a Secrets Manager secret name or ARN, or nothing.',
    ],
  ])('fails for %j', (override, message) => {
    expect(() => loadSmartHomeConfig({ ...env, ...override })).toThrow(message);
    try {
      loadSmartHomeConfig({ ...env, ...override });
    } catch (error) {
      expect((error as Error).name).toBe('SkillConfigError');
      expect((error as { problems: string[] }).problems).toStrictEqual([
        message,
        SMART_HOME_SETTINGS_HINT,
      ]);
    }
  });

  test('a function without the settings: every missing variable named, and the construct that sets them', () => {
    expect.assertions(3);
    try {
      loadSmartHomeConfig({});
    } catch (error) {
      expect((error as Error).name).toBe('SkillConfigError');
      expect((error as { problems: string[] }).problems).toStrictEqual([
        'Environment variable SKILL_ID is missing; expected amzn1.ask.skill.<uuid>.',
        'Environment variable DEVICES_TABLE_NAME is missing; expected the device table name (3 to 255 letters, digits, _ . -).',
        SMART_HOME_SETTINGS_HINT,
      ]);
      expect(SMART_HOME_SETTINGS_HINT).toBe(
        "The smart home runtime API reads its settings from the function's environment. The SmartHomeFunction construct (alexa-account-linking) sets them on the function it creates; a function defined elsewhere needs SKILL_ID, DEVICES_TABLE_NAME (the device table, for the lamp and the AcceptGrant tokens) and optionally ALEXA_EVENTS_SECRET_ID, besides the linking settings (allowAccountLinking sets those)."
      );
    }
  });
});
