// lambda/acme-plug-port.ts: the device port in front of the Acme Plug cloud. The directive handler
// verifies the token and hands this port the verified user only; every call to the cloud names
// that user in its path, so a directive that names another user's plug finds nothing.
import type {
  DeviceAnswer,
  DiscoveredEndpoint,
  LinkedUser,
  SmartHomeDevicePort,
} from 'alexa-account-linking/runtime';

export interface AcmePlugPortOptions {
  /** The Acme cloud's HTTPS base URL, e.g. https://api.acme-plug.example/v1. */
  readonly baseUrl: string;
  /** Alexa waits 8 s for the whole directive: a slow cloud must leave time to answer. */
  readonly timeoutMs?: number;
}

/** The plugs, and the user's Alexa link in the Acme cloud. */
export interface AcmePlugPort extends SmartHomeDevicePort {
  /**
   * Tells the Acme cloud to forget the user's Alexa link (the user disabled the skill and asked
   * for their data to go). Already forgotten is fine; any other answer throws, so Alexa sends the
   * skill event again.
   */
  forgetUser(user: LinkedUser): Promise<void>;
}

/** What the Acme cloud answers with, after a check: the rest of its bodies is ignored. */
interface Plug {
  readonly id: string;
  readonly name: string;
}
type Power = 'on' | 'off';

const POWER_CONTROLLER = 'Alexa.PowerController';

/** The Acme cloud's answer for one plug, in Alexa's terms; throws on anything it does not know. */
export function plugAnswer(status: number, body: unknown): DeviceAnswer {
  if (status === 200 && isPowerState(body)) {
    return {
      properties: [
        { namespace: POWER_CONTROLLER, name: 'powerState', value: body.power.toUpperCase() },
      ],
    };
  }
  if (status === 404) {
    return { error: { type: 'NO_SUCH_ENDPOINT', message: 'The user has no such Acme plug.' } };
  }
  if (status === 409 && (body as { error?: unknown } | undefined)?.error === 'device_offline') {
    return { error: { type: 'ENDPOINT_UNREACHABLE', message: 'The Acme plug is offline.' } };
  }
  // Not the body itself: it is the cloud's, and may hold anything.
  throw new Error(`The Acme cloud answered ${status} with a body that is not a plug's state.`);
}

/** The user's plugs as Discover.Response lists them; throws on a body that is not a plug list. */
export function endpointsOf(body: unknown): DiscoveredEndpoint[] {
  const devices = (body as { devices?: unknown } | undefined)?.devices;
  if (!Array.isArray(devices) || !devices.every(isPlug)) {
    throw new Error("The Acme cloud's device list is not { devices: [{ id, name }] }.");
  }
  return devices.map((plug) => ({
    endpointId: plug.id,
    friendlyName: plug.name,
    description: 'Smart plug by Acme',
    manufacturerName: 'Acme',
    displayCategories: ['SMARTPLUG'],
    capabilities: [
      {
        type: 'AlexaInterface',
        interface: POWER_CONTROLLER,
        version: '3',
        // The Acme cloud sends no change events here: Alexa asks with ReportState.
        properties: {
          supported: [{ name: 'powerState' }],
          proactivelyReported: false,
          retrievable: true,
        },
      },
    ],
  }));
}

export function createAcmePlugPort({
  baseUrl,
  timeoutMs = 2000,
}: AcmePlugPortOptions): AcmePlugPort {
  const root = baseUrl.replace(/\/+$/, '');
  const plugPath = (userId: string, plugId: string) =>
    `/users/${encodeURIComponent(userId)}/devices/${encodeURIComponent(plugId)}`;

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(root + path, {
      method,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      return { status: response.status, body: undefined };
    }
  }

  return {
    async discover(user) {
      const { status, body } = await call(
        'GET',
        `/users/${encodeURIComponent(user.userId)}/devices`
      );
      if (status !== 200) throw new Error(`The Acme cloud answered ${status} to the device list.`);
      return endpointsOf(body);
    },

    async handleDirective(user, { namespace, name, endpointId }) {
      if (namespace !== POWER_CONTROLLER || (name !== 'TurnOn' && name !== 'TurnOff')) {
        return {
          error: {
            type: 'INVALID_DIRECTIVE',
            message: `Acme plugs do not take ${namespace}.${name}.`,
          },
        };
      }
      const power: Power = name === 'TurnOn' ? 'on' : 'off';
      const { status, body } = await call('POST', `${plugPath(user.userId, endpointId)}/power`, {
        power,
      });
      return plugAnswer(status, body);
    },

    async reportState(user, endpointId) {
      const { status, body } = await call('GET', `${plugPath(user.userId, endpointId)}/state`);
      return plugAnswer(status, body);
    },

    async forgetUser(user) {
      const { status } = await call(
        'DELETE',
        `/users/${encodeURIComponent(user.userId)}/alexa-link`
      );
      if (status !== 204 && status !== 404) {
        throw new Error(`The Acme cloud answered ${status} to forgetting the Alexa link.`);
      }
    },
  };
}

function isPowerState(body: unknown): body is { power: Power } {
  const power = (body as { power?: unknown } | undefined)?.power;
  return power === 'on' || power === 'off';
}

function isPlug(value: unknown): value is Plug {
  const plug = value as Partial<Record<string, unknown>> | undefined;
  return typeof plug?.id === 'string' && typeof plug.name === 'string';
}
