/** Smart home directives (payload version 3) as Alexa sends them: a fresh object per call. */
import { randomUUID } from 'node:crypto';

export const CORRELATION_TOKEN = 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==';

export type DirectiveEnvelope = { directive: Record<string, unknown> } & Record<string, unknown>;

const header = (namespace: string, name: string, correlationToken?: string) => ({
  namespace,
  name,
  payloadVersion: '3',
  messageId: randomUUID(),
  ...(correlationToken === undefined ? {} : { correlationToken }),
});

export function acceptGrant(token: unknown, code = 'ANUbUKCJqlBOpMhwYWxU'): DirectiveEnvelope {
  return {
    directive: {
      header: header('Alexa.Authorization', 'AcceptGrant'),
      payload: {
        grant: { type: 'OAuth2.AuthorizationCode', code },
        grantee: { type: 'BearerToken', token },
      },
    },
  };
}

export function discover(token: unknown): DirectiveEnvelope {
  return {
    directive: {
      header: header('Alexa.Discovery', 'Discover'),
      payload: { scope: { type: 'BearerToken', token } },
    },
  };
}

/** A directive for one endpoint, of any interface, with the correlation token. */
export function endpointDirective(
  namespace: string,
  name: string,
  token: unknown,
  endpointId: string,
  payload: Record<string, unknown> = {}
): DirectiveEnvelope {
  return {
    directive: {
      header: header(namespace, name, CORRELATION_TOKEN),
      endpoint: {
        scope: { type: 'BearerToken', token },
        endpointId,
        cookie: {},
      },
      payload,
    },
  };
}

export const turnOn = (token: unknown, endpointId: string) =>
  endpointDirective('Alexa.PowerController', 'TurnOn', token, endpointId);
export const turnOff = (token: unknown, endpointId: string) =>
  endpointDirective('Alexa.PowerController', 'TurnOff', token, endpointId);
export const setBrightness = (token: unknown, endpointId: string, brightness: unknown) =>
  endpointDirective('Alexa.BrightnessController', 'SetBrightness', token, endpointId, {
    brightness,
  });
export const adjustBrightness = (token: unknown, endpointId: string, brightnessDelta: unknown) =>
  endpointDirective('Alexa.BrightnessController', 'AdjustBrightness', token, endpointId, {
    brightnessDelta,
  });
export const reportState = (token: unknown, endpointId: string) =>
  endpointDirective('Alexa', 'ReportState', token, endpointId);
