/** The pure smart home decisions, table-driven: no server, no SDK. */
import type { LinkingDecision } from '../../../lambda/core/linking-decision';
import { lampChangeOf, routeDirective } from '../../../lambda/core/smart-home/directive';
import { describeDecision, errorForDecision } from '../../../lambda/core/smart-home/errors';
import {
  errorResponse,
  lampProperties,
  propertiesEvent,
} from '../../../lambda/core/smart-home/events';
import {
  applyLampChange,
  clampBrightness,
  isEndpointId,
  isLampState,
  outOfRangeOf,
  starterLamp,
} from '../../../lambda/core/smart-home/lamp';
import { loadSmartHomeConfig } from '../../../lambda/core/smart-home/smart-home-config';
import { acceptGrant, discover, setBrightness, turnOn } from '../../support/directives';

const stamp = {
  messageId: '11111111-2222-4333-8444-555555555555',
  now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
};

describe('errorForDecision', () => {
  test.each<[LinkingDecision, string | undefined]>([
    [{ kind: 'linked', user: { userId: 'u', username: 'u', scopes: [] } }, undefined],
    [{ kind: 'invalid', reason: 'expired' }, 'EXPIRED_AUTHORIZATION_CREDENTIAL'],
    [{ kind: 'invalid', reason: 'wrong-client' }, 'INVALID_AUTHORIZATION_CREDENTIAL'],
    [{ kind: 'invalid', reason: 'wrong-token-use' }, 'INVALID_AUTHORIZATION_CREDENTIAL'],
    [{ kind: 'invalid', reason: 'wrong-issuer' }, 'INVALID_AUTHORIZATION_CREDENTIAL'],
    [{ kind: 'invalid', reason: 'bad-signature' }, 'INVALID_AUTHORIZATION_CREDENTIAL'],
    [{ kind: 'invalid', reason: 'malformed' }, 'INVALID_AUTHORIZATION_CREDENTIAL'],
    [{ kind: 'unverifiable', reason: 'unknown-key' }, 'INTERNAL_ERROR'],
    [{ kind: 'invalid', reason: 'not-yet-valid' }, 'INTERNAL_ERROR'],
    [{ kind: 'unverifiable', reason: 'key-set-unavailable' }, 'INTERNAL_ERROR'],
    [{ kind: 'unlinked' }, 'INVALID_DIRECTIVE'],
  ])('%j -> %s', (decision, type) => {
    expect(errorForDecision(decision)?.type).toBe(type);
    expect(describeDecision(decision)).toMatch(
      /^(linked|unlinked|invalid:[a-z-]+|unverifiable:[a-z-]+)$/
    );
  });

  test('a reason this code does not know yet is never a credential error', () => {
    const future = { kind: 'invalid', reason: 'revoked' } as unknown as LinkingDecision;
    expect(errorForDecision(future)?.type).toBe('INTERNAL_ERROR');
  });
});

describe('lamp rules', () => {
  test.each([
    [-5, 0],
    [0, 0],
    [55, 55],
    [100, 100],
    [250, 100],
  ])('clampBrightness(%i) = %i', (value, clamped) => expect(clampBrightness(value)).toBe(clamped));

  test.each([
    ['lamp-1', true],
    ['a'.repeat(256), true],
    ['A_b-c=d#e;f:g?h@i&j', true],
    ['', false],
    ['a'.repeat(257), false],
    ['lamp.1', false],
    ['lamp 1', false],
    ['lamp/1', false],
    ['lämp', false],
  ])('isEndpointId(%j) = %s', (value, valid) => expect(isEndpointId(value)).toBe(valid));

  test('starterLamp refuses an ID that breaks the rules', () => {
    expect(() => starterLamp('lamp/1')).toThrow(/breaks Alexa's rules/);
    expect(starterLamp('lamp-1')).toEqual({
      endpointId: 'lamp-1',
      friendlyName: 'Smart Lamp',
      state: { powerState: 'OFF', brightness: 100 },
    });
  });

  test('applyLampChange and outOfRangeOf', () => {
    const state = { powerState: 'OFF', brightness: 50 } as const;
    expect(applyLampChange(state, { kind: 'power', powerState: 'ON' })).toEqual({
      powerState: 'ON',
      brightness: 50,
    });
    expect(applyLampChange(state, { kind: 'adjust-brightness', delta: -80 })).toEqual({
      powerState: 'OFF',
      brightness: 0,
    });
    expect(outOfRangeOf({ kind: 'set-brightness', brightness: 101 })).toEqual({
      minimumValue: 0,
      maximumValue: 100,
    });
    expect(outOfRangeOf({ kind: 'set-brightness', brightness: 100 })).toBeUndefined();
    expect(outOfRangeOf({ kind: 'adjust-brightness', delta: 500 })).toBeUndefined();
  });

  test.each([
    [{ powerState: 'ON', brightness: 3 }, true],
    [{ powerState: 'on', brightness: 3 }, false],
    [{ powerState: 'ON', brightness: 3.5 }, false],
    [{ powerState: 'ON', brightness: 101 }, false],
    [null, false],
  ])('isLampState(%j) = %s', (value, ok) => expect(isLampState(value)).toBe(ok));
});

describe('routeDirective', () => {
  test('reads each supported directive with its token', () => {
    const parsed = [
      acceptGrant('t1', 'code-1'),
      discover('t2'),
      turnOn('t3', 'lamp-1'),
      setBrightness('t4', 'lamp-1', 120),
    ].map((envelope) => routeDirective(envelope));
    expect(parsed).toEqual([
      {
        ok: true,
        directive: expect.objectContaining({ kind: 'accept-grant', code: 'code-1', token: 't1' }),
      },
      { ok: true, directive: expect.objectContaining({ kind: 'discover', token: 't2' }) },
      {
        ok: true,
        directive: expect.objectContaining({
          kind: 'endpoint',
          endpointId: 'lamp-1',
          token: 't3',
          payload: {},
        }),
      },
      // Out of range is still a well-formed directive: VALUE_OUT_OF_RANGE comes after ownership.
      {
        ok: true,
        directive: expect.objectContaining({ kind: 'endpoint', payload: { brightness: 120 } }),
      },
    ]);
  });

  test('echoes only a string correlation token and a valid endpoint ID', () => {
    const envelope = turnOn('t', 'lamp 1');
    const refused = routeDirective(envelope);
    expect(refused).toMatchObject({ ok: false, echo: { correlationToken: expect.any(String) } });
    expect(refused.ok ? undefined : refused.echo.endpointId).toBeUndefined();
    (envelope.directive.header as Record<string, unknown>).correlationToken = { nested: true };
    const again = routeDirective(envelope);
    expect(again.ok ? 'parsed' : again.echo).toEqual({});
  });

  test('never quotes a payload value in its reason', () => {
    const refused = routeDirective(
      setBrightness('secret-token-value', 'lamp 1', 'secret-brightness')
    );
    expect(refused.ok).toBe(false);
    expect(JSON.stringify(refused)).not.toContain('secret-');
    const change = lampChangeOf('Alexa.BrightnessController', 'SetBrightness', {
      brightness: 'secret-brightness',
    });
    expect(change.ok).toBe(false);
    expect(JSON.stringify(change)).not.toContain('secret-');
  });
});

describe('events', () => {
  test('properties carry ISO 8601 with milliseconds and Z, and an uncertainty', () => {
    expect(lampProperties({ powerState: 'ON', brightness: 7 }, stamp.now)).toEqual([
      {
        namespace: 'Alexa.PowerController',
        name: 'powerState',
        value: 'ON',
        timeOfSample: '2026-01-02T03:04:05.006Z',
        uncertaintyInMilliseconds: 0,
      },
      {
        namespace: 'Alexa.BrightnessController',
        name: 'brightness',
        value: 7,
        timeOfSample: '2026-01-02T03:04:05.006Z',
        uncertaintyInMilliseconds: 0,
      },
      {
        namespace: 'Alexa.EndpointHealth',
        name: 'connectivity',
        value: { value: 'OK' },
        timeOfSample: '2026-01-02T03:04:05.006Z',
        uncertaintyInMilliseconds: 0,
      },
    ]);
  });

  test('an error never has a context; a state event always has one', () => {
    const error = errorResponse(
      stamp,
      { endpointId: 'lamp-1' },
      { type: 'NO_SUCH_ENDPOINT', message: 'm' }
    );
    expect(error).toEqual({
      event: {
        header: {
          namespace: 'Alexa',
          name: 'ErrorResponse',
          payloadVersion: '3',
          messageId: stamp.messageId,
        },
        endpoint: { endpointId: 'lamp-1' },
        payload: { type: 'NO_SUCH_ENDPOINT', message: 'm' },
      },
    });
    const lamp = starterLamp('lamp-1');
    const state = propertiesEvent(
      'StateReport',
      stamp,
      { correlationToken: 'c' },
      lamp.endpointId,
      lampProperties(lamp.state, stamp.now)
    );
    expect(state.context?.properties).toHaveLength(3);
    expect(state.event.header.correlationToken).toBe('c');
  });
});

describe('loadSmartHomeConfig', () => {
  const env = {
    SKILL_ID: 'amzn1.ask.skill.1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d',
    DEVICES_TABLE_NAME: 'Stack-SmartHomeDeviceTable-ABC123',
  };
  test('reads the table and the optional secret', () => {
    expect(loadSmartHomeConfig(env)).toEqual({
      skillId: env.SKILL_ID,
      devicesTableName: env.DEVICES_TABLE_NAME,
    });
    expect(
      loadSmartHomeConfig({ ...env, ALEXA_EVENTS_SECRET_ID: 'alexa/events' }).alexaEventsSecretId
    ).toBe('alexa/events');
  });
  test.each([
    [
      { DEVICES_TABLE_NAME: undefined },
      /DEVICES_TABLE_NAME is missing; expected the device table name/,
    ],
    [{ DEVICES_TABLE_NAME: 'a b' }, /DEVICES_TABLE_NAME is "a b"/],
    [
      { ALEXA_EVENTS_SECRET_ID: 'not a secret name' },
      /ALEXA_EVENTS_SECRET_ID is "not a secret name"/,
    ],
    [{ SKILL_ID: 'nope' }, /SKILL_ID is "nope"/],
  ])('fails when %j', (override, message) => {
    expect(() => loadSmartHomeConfig({ ...env, ...override })).toThrow(message);
  });
});
