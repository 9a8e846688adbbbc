import {
  addOrUpdateReport,
  changeReport,
  deleteReport,
} from '../../../lambda/core/smart-home/proactive-events';

// The exact events the change reporter sends to the event gateway (payload version 3).
const token = 'Atza|grant-access-token';
const endpoint = {
  endpointId: 'lamp-1',
  friendlyName: 'Desk Lamp',
  state: { powerState: 'ON', brightness: 40 },
} as const;
const sampledAt = new Date('2026-12-04T10:00:00.000Z');
const sample = { timeOfSample: '2026-12-04T10:00:00.000Z', uncertaintyInMilliseconds: 0 };
const power = { namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON', ...sample };
const brightness = { namespace: 'Alexa.BrightnessController', name: 'brightness', value: 40 };
const connectivity = {
  namespace: 'Alexa.EndpointHealth',
  name: 'connectivity',
  value: { value: 'OK' },
  ...sample,
};
const scope = { type: 'BearerToken', token };

describe('changeReport', () => {
  test.each([
    [['powerState'] as const, [power], [{ ...brightness, ...sample }, connectivity]],
    [['brightness'] as const, [{ ...brightness, ...sample }], [power, connectivity]],
    [['powerState', 'brightness'] as const, [power, { ...brightness, ...sample }], [connectivity]],
  ])(
    'changed %j: those in the payload with the cause, the rest in the context',
    (changed, inPayload, inContext) => {
      expect(
        changeReport('msg-1', token, {
          endpoint,
          changed,
          cause: 'PHYSICAL_INTERACTION',
          sampledAt,
        })
      ).toStrictEqual({
        event: {
          header: {
            namespace: 'Alexa',
            name: 'ChangeReport',
            payloadVersion: '3',
            messageId: 'msg-1',
          },
          endpoint: { scope, endpointId: 'lamp-1' },
          payload: {
            change: { cause: { type: 'PHYSICAL_INTERACTION' }, properties: inPayload },
          },
        },
        context: { properties: inContext },
      });
    }
  );
});

describe('addOrUpdateReport', () => {
  test('the endpoint as discovery describes it, every property proactively reported, and the scope', () => {
    const reported = (interfaceName: string, name: string) => ({
      type: 'AlexaInterface',
      interface: interfaceName,
      version: '3',
      properties: { supported: [{ name }], proactivelyReported: true, retrievable: true },
    });
    expect(addOrUpdateReport('msg-2', token, endpoint)).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa.Discovery',
          name: 'AddOrUpdateReport',
          payloadVersion: '3',
          messageId: 'msg-2',
        },
        payload: {
          endpoints: [
            {
              endpointId: 'lamp-1',
              manufacturerName: 'alexa-account-linking',
              friendlyName: 'Desk Lamp',
              description: 'Virtual lamp by alexa-account-linking',
              displayCategories: ['LIGHT'],
              cookie: {},
              capabilities: [
                { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
                reported('Alexa.PowerController', 'powerState'),
                reported('Alexa.BrightnessController', 'brightness'),
                reported('Alexa.EndpointHealth', 'connectivity'),
              ],
            },
          ],
          scope,
        },
      },
    });
  });
});

describe('deleteReport', () => {
  test('the endpoint ID the user no longer has, and the scope', () => {
    expect(deleteReport('msg-3', token, 'lamp-1')).toStrictEqual({
      event: {
        header: {
          namespace: 'Alexa.Discovery',
          name: 'DeleteReport',
          payloadVersion: '3',
          messageId: 'msg-3',
        },
        payload: { endpoints: [{ endpointId: 'lamp-1' }], scope },
      },
    });
  });
});
