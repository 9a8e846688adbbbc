/**
 * The Acme Plug cloud that examples/smart-home's device port talks to, as a stand-in on loopback:
 * GET /v1/users/{user}/devices, POST …/devices/{id}/power, GET …/devices/{id}/state, and
 * DELETE /v1/users/{user}/alexa-link (204, or 404 when there is no link to forget). Every plug is
 * kept per user, so a call under one user never reaches another's. Serve it with
 * startHostsOnLoopback([ACME_CLOUD_HOST], cloud.handle) (test/support/cognito-on-loopback.ts).
 */
import type * as http from 'node:http';
import { sendJson } from './loopback';

/** The host name of the example's cloud, as its cdk.json's acmeCloudUrl names it. */
export const ACME_CLOUD_HOST = 'api.acme-plug.example';

export interface AcmePlug {
  name: string;
  power: 'on' | 'off';
  online: boolean;
}

export interface AcmePlugCloud {
  /** The plugs, by user ID and plug ID. */
  plugs: Record<string, Record<string, AcmePlug>>;
  /** The users whose Alexa link the cloud keeps. */
  alexaLinks: Set<string>;
  /** `METHOD path` of every call received. */
  calls: string[];
  /** How it answers: as the Acme API does, with an HTML error page, or never. */
  mode: 'api' | 'garbage' | 'silent';
  /** Back to two users: the first with a desk lamp (online) and a porch light (offline), the
   * second with a garage heater; both linked, every plug off, no calls, answering as the API. */
  reset(first: string, second: string): void;
  handle(req: http.IncomingMessage, res: http.ServerResponse): void;
}

export function createAcmePlugCloud(): AcmePlugCloud {
  const cloud: AcmePlugCloud = {
    plugs: {},
    alexaLinks: new Set(),
    calls: [],
    mode: 'api',
    reset(first, second) {
      cloud.plugs = {
        [first]: {
          'plug-desk': { name: 'Desk lamp', power: 'off', online: true },
          'plug-porch': { name: 'Porch light', power: 'off', online: false },
        },
        [second]: { 'plug-garage': { name: 'Garage heater', power: 'off', online: true } },
      };
      cloud.alexaLinks = new Set([first, second]);
      cloud.calls = [];
      cloud.mode = 'api';
    },
    handle: (req, res) => answer(cloud, req, res),
  };
  return cloud;
}

function answer(cloud: AcmePlugCloud, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', `https://${ACME_CLOUD_HOST}`);
  cloud.calls.push(`${req.method} ${url.pathname}`);
  if (cloud.mode === 'silent') return;
  if (cloud.mode === 'garbage') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>502 Bad Gateway</body></html>');
    return;
  }
  // ['', 'v1', 'users', user, 'devices'] or [..., 'devices', plug, 'power' | 'state']
  const [, version, users, user, devices, plugId, action, ...rest] = url.pathname.split('/');
  if (version === 'v1' && users === 'users' && user && devices === 'alexa-link' && !plugId) {
    if (req.method !== 'DELETE') return sendJson(res, 405, { error: 'method_not_allowed' });
    const forgotten = cloud.alexaLinks.delete(decodeURIComponent(user));
    res.writeHead(forgotten ? 204 : 404);
    res.end();
    return;
  }
  if (version !== 'v1' || users !== 'users' || !user || devices !== 'devices' || rest.length > 0) {
    return sendJson(res, 404, { error: 'not_found' });
  }
  const owned = cloud.plugs[decodeURIComponent(user)] ?? {};
  if (plugId === undefined) {
    return sendJson(res, 200, {
      devices: Object.entries(owned).map(([id, plug]) => ({ id, name: plug.name, model: 'AP-1' })),
    });
  }
  const id = decodeURIComponent(plugId);
  const plug = owned[id];
  if (!plug) return sendJson(res, 404, { error: 'no_such_device' });
  if (!plug.online) return sendJson(res, 409, { error: 'device_offline' });
  if (action === 'state' && req.method === 'GET') {
    return sendJson(res, 200, { id, power: plug.power, online: true });
  }
  if (action !== 'power' || req.method !== 'POST') {
    return sendJson(res, 404, { error: 'not_found' });
  }
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    plug.power = (JSON.parse(body) as { power: 'on' | 'off' }).power;
    sendJson(res, 200, { id, power: plug.power, online: true });
  });
}
