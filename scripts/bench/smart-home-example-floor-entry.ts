/**
 * The floor examples/smart-home is measured against: its device port's behaviour (Discover,
 * PowerController TurnOn / TurnOff, ReportState against the Acme cloud, every call scoped by the
 * verified user; offline -> ENDPOINT_UNREACHABLE, not theirs -> NO_SUCH_ENDPOINT), AcceptGrant
 * acknowledged, and the example's skill events (this skill's acknowledged; on SkillDisabled with
 * NOT_PERSISTED the Acme cloud told to forget the token's user), written on aws-jwt-verify
 * directly, without the runtime API: the token verified, an expired one told apart, anything else
 * INTERNAL_ERROR. No logger, no metrics, no answer checks. Built by the benchmark, never deployed.
 */
import { randomUUID } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  FetchError,
  JwtBaseError,
  JwtExpiredError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';

const verifier = CognitoJwtVerifier.create({
  userPoolId: process.env.USER_POOL_ID as string,
  tokenUse: 'access',
  clientId: process.env.USER_POOL_CLIENT_ID as string,
});
const cloud = (process.env.ACME_CLOUD_URL as string).replace(/\/+$/, '');
const skillId = process.env.SKILL_ID;

interface Directive {
  directive: {
    header: { namespace: string; name: string; correlationToken?: string };
    endpoint?: { endpointId: string; scope: { token: string } };
    payload: { scope?: { token: string }; grantee?: { token: string } };
  };
}

const header = (namespace: string, name: string, correlationToken?: string) => ({
  namespace,
  name,
  payloadVersion: '3',
  messageId: randomUUID(),
  ...(correlationToken ? { correlationToken } : {}),
});
const error = (d: Directive['directive'], type: string) => ({
  event: {
    header: header('Alexa', 'ErrorResponse', d.header.correlationToken),
    ...(d.endpoint ? { endpoint: { endpointId: d.endpoint.endpointId } } : {}),
    payload: { type, message: type },
  },
});

async function acme(method: string, path: string, body?: unknown) {
  const response = await fetch(cloud + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(2000),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
  };
}

interface SkillEvent {
  context: { System: { application: { applicationId: string }; user: { accessToken?: string } } };
  request: { type: string; body?: { userInformationPersistenceStatus?: string } };
}

/** The example's events endpoint: this skill's events acknowledged, a forgetting user forgotten. */
async function skillEvent({ context, request }: SkillEvent) {
  if (context.System.application.applicationId !== skillId) {
    throw new Error('A skill event for another skill');
  }
  const token = context.System.user.accessToken;
  const forget =
    request.type === 'AlexaSkillEvent.SkillDisabled' &&
    request.body?.userInformationPersistenceStatus === 'NOT_PERSISTED';
  if (forget && token) {
    const { sub } = await verifier.verify(token);
    const { status } = await acme('DELETE', `/users/${encodeURIComponent(sub)}/alexa-link`);
    if (status !== 204 && status !== 404) throw new Error(`The Acme cloud answered ${status}`);
  }
  return { version: '1.0', response: {} };
}

const directive = async ({ directive: d }: Directive) => {
  const token = d.endpoint?.scope.token ?? d.payload.scope?.token ?? d.payload.grantee?.token;
  let sub: string;
  try {
    sub = (await verifier.verify(token ?? '')).sub;
  } catch (e) {
    if (e instanceof JwtExpiredError) return error(d, 'EXPIRED_AUTHORIZATION_CREDENTIAL');
    // The key set out of reach is ours to fix: never a credential error, which unlinks the user.
    const ours = e instanceof FetchError || e instanceof WaitPeriodNotYetEndedJwkError;
    if (e instanceof JwtBaseError && !ours) return error(d, 'INVALID_AUTHORIZATION_CREDENTIAL');
    return error(d, 'INTERNAL_ERROR');
  }
  try {
    const user = `/users/${encodeURIComponent(sub)}/devices`;
    if (d.header.name === 'AcceptGrant') {
      return {
        event: { header: header('Alexa.Authorization', 'AcceptGrant.Response'), payload: {} },
      };
    }
    if (d.header.name === 'Discover') {
      const { body } = await acme('GET', user);
      const endpoints = (body.devices as { id: string; name: string }[]).map((plug) => ({
        endpointId: plug.id,
        friendlyName: plug.name,
        description: 'Smart plug by Acme',
        manufacturerName: 'Acme',
        displayCategories: ['SMARTPLUG'],
        capabilities: [
          { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
          {
            type: 'AlexaInterface',
            interface: 'Alexa.PowerController',
            version: '3',
            properties: {
              supported: [{ name: 'powerState' }],
              proactivelyReported: false,
              retrievable: true,
            },
          },
        ],
      }));
      return {
        event: { header: header('Alexa.Discovery', 'Discover.Response'), payload: { endpoints } },
      };
    }
    const endpointId = d.endpoint?.endpointId ?? '';
    const plug = `${user}/${encodeURIComponent(endpointId)}`;
    const isPower = d.header.namespace === 'Alexa.PowerController';
    if (!isPower && d.header.name !== 'ReportState') return error(d, 'INVALID_DIRECTIVE');
    const { status, body } = isPower
      ? await acme('POST', `${plug}/power`, { power: d.header.name === 'TurnOn' ? 'on' : 'off' })
      : await acme('GET', `${plug}/state`);
    if (status === 404) return error(d, 'NO_SUCH_ENDPOINT');
    if (status === 409) return error(d, 'ENDPOINT_UNREACHABLE');
    return {
      event: {
        header: header('Alexa', isPower ? 'Response' : 'StateReport', d.header.correlationToken),
        endpoint: { endpointId },
        payload: {},
      },
      context: {
        properties: [
          {
            namespace: 'Alexa.PowerController',
            name: 'powerState',
            value: body.power === 'on' ? 'ON' : 'OFF',
            timeOfSample: new Date().toISOString(),
            uncertaintyInMilliseconds: 0,
          },
        ],
      },
    };
  } catch {
    return error(d, 'INTERNAL_ERROR');
  }
};

export const handler = async (event: Directive | SkillEvent) =>
  'request' in event ? skillEvent(event) : directive(event);
