/**
 * The structure every smart home event must have, asserted field by field (the project does not
 * ship Amazon's schema; these are the rules of the Alexa.Response and ErrorResponse docs).
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** ISO 8601 in UTC with milliseconds, as Alexa asks for timeOfSample. */
export const ISO_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Json = Record<string, unknown>;
export interface SmartHomeEvent {
  event: {
    header: {
      namespace: string;
      name: string;
      payloadVersion: string;
      messageId: string;
      correlationToken?: string;
    };
    endpoint?: { endpointId: string };
    payload: Json;
  };
  context?: { properties: Json[] };
}

/**
 * Throws (with the reason) unless `value` is a well-formed event: a header with namespace, name,
 * payloadVersion "3" and a v4 UUID messageId; a payload object; an ErrorResponse with a type and
 * a message and no context; context properties with ISO timeOfSample and an uncertainty.
 */
export function assertWellFormedEvent(value: unknown): asserts value is SmartHomeEvent {
  const fail = (why: string): never => {
    throw new Error(`not a well-formed event: ${why}: ${JSON.stringify(value).slice(0, 500)}`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const { event, context, ...rest } = value as Json;
  if (Object.keys(rest).length > 0)
    fail(`unexpected top-level keys ${Object.keys(rest).join(',')}`);
  if (typeof event !== 'object' || event === null) fail('no event');
  const { header, payload, endpoint } = event as Json;
  const h = (header ?? {}) as Json;
  if (typeof h.namespace !== 'string' || typeof h.name !== 'string') fail('header without names');
  if (h.payloadVersion !== '3') fail('payloadVersion is not "3"');
  if (typeof h.messageId !== 'string' || !UUID.test(h.messageId)) fail('messageId is not a UUID');
  if ('correlationToken' in h && typeof h.correlationToken !== 'string')
    fail('correlationToken is not a string');
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    fail('payload is not an object');
  if (endpoint !== undefined && typeof (endpoint as Json).endpointId !== 'string')
    fail('endpoint without endpointId');
  if (h.name === 'ErrorResponse') {
    const p = payload as Json;
    if (typeof p.type !== 'string' || typeof p.message !== 'string')
      fail('ErrorResponse without type and message');
    if (context !== undefined) fail('ErrorResponse with a context');
    if (h.namespace === 'Alexa.Authorization' && p.type !== 'ACCEPT_GRANT_FAILED')
      fail('Alexa.Authorization error other than ACCEPT_GRANT_FAILED');
  }
  if (context !== undefined) {
    const properties = (context as Json).properties;
    if (!Array.isArray(properties)) fail('context without properties');
    for (const property of properties as Json[]) {
      if (typeof property.namespace !== 'string' || typeof property.name !== 'string')
        fail('property without names');
      if (typeof property.timeOfSample !== 'string' || !ISO_MS_Z.test(property.timeOfSample))
        fail('timeOfSample is not ISO 8601 with milliseconds and Z');
      if (typeof property.uncertaintyInMilliseconds !== 'number')
        fail('uncertaintyInMilliseconds is not a number');
    }
  }
}

/** The context property of a name, failing when absent. */
export function property(event: SmartHomeEvent, name: string): Json {
  const found = event.context?.properties.find((p) => p.name === name);
  if (!found) throw new Error(`no ${name} property in ${JSON.stringify(event)}`);
  return found;
}
