// handler.ts: a complete smart home skill with your own device cloud behind the port
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createDirectiveHandler,
  createDynamoDbGrantStore,
  createDynamoDbLinkedSubjects,
  createLinkingVerifier,
  loadSmartHomeConfig,
  logger,
  skillMetrics,
  withSkillEvents,
  type SmartHomeDevicePort,
} from 'alexa-account-linking/runtime';
import { forgetAlexaLink, readThermostat, setTarget, thermostatsOf } from './my-device-cloud'; // yours

const config = loadSmartHomeConfig(process.env); // SKILL_ID, DEVICES_TABLE_NAME, ...

const thermostats: SmartHomeDevicePort = {
  async discover(user) {
    return (await thermostatsOf(user.userId)).map((t) => ({
      endpointId: t.id,
      friendlyName: t.name,
      description: 'Wi-Fi thermostat by Example Corp',
      manufacturerName: 'Example Corp',
      displayCategories: ['THERMOSTAT'],
      capabilities: [
        {
          type: 'AlexaInterface',
          interface: 'Alexa.ThermostatController',
          version: '3',
          properties: {
            supported: [{ name: 'targetSetpoint' }],
            proactivelyReported: false,
            retrievable: true,
          },
        },
      ],
    }));
  },
  async handleDirective(user, { namespace, name, payload, endpointId }) {
    if (namespace !== 'Alexa.ThermostatController' || name !== 'SetTargetTemperature') {
      return {
        error: { type: 'INVALID_DIRECTIVE', message: `${namespace}.${name} is not supported` },
      };
    }
    const { value } = payload.targetSetpoint as { value: number; scale: string };
    if (value < 10 || value > 30) {
      return {
        error: {
          type: 'VALUE_OUT_OF_RANGE',
          message: 'between 10 and 30 °C',
          validRange: { minimumValue: 10, maximumValue: 30 },
        },
      };
    }
    const result = await setTarget(user.userId, endpointId, value); // scoped by the verified user
    if (result === 'not-found')
      return { error: { type: 'NO_SUCH_ENDPOINT', message: 'not yours' } };
    if (result === 'offline')
      return { error: { type: 'ENDPOINT_UNREACHABLE', message: 'offline' } };
    return {
      properties: [{ namespace, name: 'targetSetpoint', value: { value, scale: 'CELSIUS' } }],
    };
  },
  async reportState(user, endpointId) {
    const t = await readThermostat(user.userId, endpointId);
    if (!t) return { error: { type: 'NO_SUCH_ENDPOINT', message: 'not yours' } };
    return {
      properties: [
        {
          namespace: 'Alexa.ThermostatController',
          name: 'targetSetpoint',
          value: { value: t.target, scale: 'CELSIUS' },
        },
      ],
    };
  },
};

// Once per container: the verifier keeps its key set between directives.
const verifier = createLinkingVerifier();
const dynamo = new DynamoDBClient({});

const directives = createDirectiveHandler({
  verifier,
  devices: thermostats,
  // With events credentials: grantExchange: createLwaGrantExchange({ credentials: ... }), and
  // grantStore keeps the Amazon tokens in the device table, where skill events erase them.
  grantStore: createDynamoDbGrantStore({ client: dynamo, tableName: config.devicesTableName }),
  logger,
  metrics: skillMetrics,
});

// The same function is the skill's events endpoint: a user who disables the skill and asks for
// their data to go loses the Amazon tokens in the device table and their link in your cloud.
export const handler = withSkillEvents(directives, {
  verifier,
  linkedSubjects: createDynamoDbLinkedSubjects({
    client: dynamo,
    tableName: config.devicesTableName,
  }),
  forgetUser: (user) => forgetAlexaLink(user.userId), // scoped by the verified user
  skillId: config.skillId,
  logger,
  metrics: skillMetrics,
});
