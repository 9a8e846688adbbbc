/** Fresh Alexa request envelopes for each call, as ask-sdk-core's own tests build them. */
import type { RequestEnvelope } from 'ask-sdk-model';
import { SKILL_ID } from './infra';

export interface EnvelopeOptions {
  readonly accessToken?: string;
  readonly applicationId?: string;
  readonly locale?: string;
}

let requestCounter = 0;

function envelope(request: Record<string, unknown>, options: EnvelopeOptions): RequestEnvelope {
  requestCounter += 1;
  const applicationId = options.applicationId ?? SKILL_ID;
  const user = {
    userId: 'amzn1.ask.account.TESTUSER',
    ...(options.accessToken !== undefined && { accessToken: options.accessToken }),
  };
  return {
    version: '1.0',
    session: {
      new: request.type === 'LaunchRequest',
      sessionId: `amzn1.echo-api.session.${requestCounter}`,
      application: { applicationId },
      user,
      attributes: {},
    },
    context: {
      System: {
        application: { applicationId },
        user,
        device: { deviceId: 'amzn1.ask.device.TEST', supportedInterfaces: {} },
        apiEndpoint: 'https://api.amazonalexa.com',
        apiAccessToken: 'not-a-real-api-token',
      },
    },
    request: {
      requestId: `amzn1.echo-api.request.${requestCounter}`,
      timestamp: new Date().toISOString(),
      locale: options.locale ?? 'en-US',
      ...request,
    },
  } as RequestEnvelope;
}

export function launchRequest(options: EnvelopeOptions = {}): RequestEnvelope {
  return envelope({ type: 'LaunchRequest' }, options);
}

export function intentRequest(intentName: string, options: EnvelopeOptions = {}): RequestEnvelope {
  return envelope(
    {
      type: 'IntentRequest',
      dialogState: 'COMPLETED',
      intent: { name: intentName, confirmationStatus: 'NONE', slots: {} },
    },
    options
  );
}

export function sessionEndedRequest(options: EnvelopeOptions = {}): RequestEnvelope {
  return envelope({ type: 'SessionEndedRequest', reason: 'USER_INITIATED' }, options);
}

/** Alexa resuming the session after a Connections.StartConnection task, as it sends it. */
export function sessionResumedRequest(
  cause: { token: string; code: string; status?: string },
  options: EnvelopeOptions = {}
): RequestEnvelope {
  return envelope(
    {
      type: 'SessionResumedRequest',
      cause: {
        type: 'ConnectionCompleted',
        token: cause.token,
        status: { code: cause.code, message: cause.code === '200' ? 'OK' : 'Error' },
        result: cause.status === undefined ? {} : { status: cause.status },
      },
    },
    options
  );
}
