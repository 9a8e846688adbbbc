/**
 * The virtual lamp as a device port: every new user gets one Smart Lamp on their first discovery,
 * which answers Alexa.PowerController and Alexa.BrightnessController and reports its state. Its
 * state lives in a DeviceStore (lambda/adapters/device-store-dynamodb.ts on DynamoDB), always
 * under the verified user's ID.
 */
import { createHash } from 'node:crypto';
import type { LinkedUser } from '../../core/linking-decision';
import type {
  DeviceAnswer,
  EndpointDirective,
  SmartHomeDevicePort,
} from '../../core/smart-home/device-port';
import { lampChangeOf } from '../../core/smart-home/directive';
import { lampDescription, lampStateProperties } from '../../core/smart-home/events';
import { applyLampChange, outOfRangeOf, starterLamp } from '../../core/smart-home/lamp';
import type { DeviceStore } from '../../core/smart-home/ports';

/** What the lamp port keeps its lamps in, and how it declares them. */
export interface LampPortOptions {
  /** Where each user's lamps and their state are kept. */
  readonly devices: DeviceStore;
  /**
   * Declares each lamp property `proactivelyReported` in discovery: turn it on only when the
   * skill sends ChangeReports (with events credentials), or Alexa waits for reports that never come.
   * @default false
   */
  readonly proactivelyReported?: boolean;
}

/**
 * The starter lamp's endpoint ID: derived from the user ID, so two Discovers racing for a new
 * user add the same lamp once, and hashed, so the ID Alexa stores says nothing about the user.
 */
export function starterEndpointId(userId: string): string {
  return `lamp-${createHash('sha256').update(`starter-lamp:${userId}`).digest('hex').slice(0, 32)}`;
}

const NO_SUCH_ENDPOINT: DeviceAnswer = {
  error: { type: 'NO_SUCH_ENDPOINT', message: 'The linked account has no endpoint with this ID.' },
};

/**
 * The virtual lamp as a device port: PowerController, BrightnessController and EndpointHealth,
 * a starter lamp on a user's first discovery, every read and write in the user's own partition.
 */
export function createLampPort(options: LampPortOptions): SmartHomeDevicePort {
  const { devices } = options;
  const describe = { proactivelyReported: options.proactivelyReported ?? false };

  return {
    async discover({ userId }: LinkedUser) {
      let endpoints = await devices.endpointsOf(userId);
      if (endpoints.length === 0) {
        await devices.addEndpoint(userId, starterLamp(starterEndpointId(userId)));
        endpoints = await devices.endpointsOf(userId);
      }
      return endpoints.map((endpoint) => lampDescription(endpoint, describe));
    },

    async handleDirective({ userId }: LinkedUser, directive: EndpointDirective) {
      const change = lampChangeOf(directive.namespace, directive.name, directive.payload);
      if (!change.ok) {
        return {
          error: {
            type: 'INVALID_DIRECTIVE',
            message: `Unsupported or malformed directive: ${change.reason}.`,
          },
        };
      }
      const validRange = outOfRangeOf(change.change);
      if (validRange) {
        // Ownership first: another user's endpoint ID gets NO_SUCH_ENDPOINT whatever the value.
        if (!(await devices.endpointOf(userId, directive.endpointId))) return NO_SUCH_ENDPOINT;
        return {
          error: {
            type: 'VALUE_OUT_OF_RANGE',
            message: `Brightness must be between ${validRange.minimumValue} and ${validRange.maximumValue}.`,
            validRange,
          },
        };
      }
      const updated = await devices.changeState(userId, directive.endpointId, (state) =>
        applyLampChange(state, change.change)
      );
      return updated ? { properties: lampStateProperties(updated.state) } : NO_SUCH_ENDPOINT;
    },

    async reportState({ userId }: LinkedUser, endpointId: string) {
      const endpoint = await devices.endpointOf(userId, endpointId);
      return endpoint ? { properties: lampStateProperties(endpoint.state) } : NO_SUCH_ENDPOINT;
    },
  };
}
