/**
 * Reads a smart home directive (payload version 3) from whatever Lambda was given. Pure: the
 * result is either a directive the handler routes, with its bearer token, or the reason it is
 * refused (and what of it may be echoed back). Never throws. `lampChangeOf` is the lamp device
 * port's reading of the payload of a directive routed to it.
 */
import { isEndpointId, type LampChange } from './lamp';

/** What a reply may echo from the directive, whatever else was wrong with it. */
export interface DirectiveEcho {
  /** Only when the directive carried one as a string. */
  readonly correlationToken?: string;
  /** Only when the directive carried one that obeys Alexa's endpoint ID rules. */
  readonly endpointId?: string;
}

interface Known {
  readonly namespace: string;
  readonly name: string;
  readonly echo: DirectiveEcho;
  /** The bearer token as found (`unknown`: the verifier decides what it is). */
  readonly token: unknown;
}

/**
 * A directive as the device-port handler routes it: AcceptGrant, Discover and ReportState are the
 * handler's; every other directive that names an endpoint goes to the port as it came.
 */
export type RoutedDirective =
  | (Known & { readonly kind: 'accept-grant'; readonly code: string })
  | (Known & { readonly kind: 'discover' })
  | (Known & { readonly kind: 'report-state'; readonly endpointId: string })
  | (Known & {
      readonly kind: 'endpoint';
      readonly endpointId: string;
      /** The payload as received: the port reads it as untrusted input. */
      readonly payload: Readonly<Record<string, unknown>>;
    });

export interface DirectiveRefusal {
  readonly ok: false;
  /** Safe to log: never the token, the code or a value from the payload. */
  readonly reason: string;
  /** Present when the header names them as strings (for the log and the reply's namespace). */
  readonly namespace?: string;
  readonly name?: string;
  readonly echo: DirectiveEcho;
}

export type RoutedParse =
  { readonly ok: true; readonly directive: RoutedDirective } | DirectiveRefusal;

/** Names that are logged as received: short and plain, or replaced. */
const PLAIN_NAME = /^[A-Za-z0-9.]{1,64}$/;
/** Alexa's correlation tokens are opaque base64 text of a few hundred characters at most. */
const MAX_CORRELATION_TOKEN_LENGTH = 8 * 1024;
/** LWA authorization codes are short; anything far larger is not one. */
const MAX_GRANT_CODE_LENGTH = 2048;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** AcceptGrant and Discover: read by their own rules, answered by the handler. */
type SharedParse =
  | {
      readonly ok: true;
      readonly directive: Extract<RoutedDirective, { kind: 'accept-grant' | 'discover' }>;
    }
  | DirectiveRefusal;

type Envelope =
  | { readonly ok: false; readonly refusal: DirectiveRefusal }
  | {
      readonly ok: true;
      readonly known: KnownHeader;
      readonly directive: Json;
      readonly payload: Json;
    };

/** The header, payload version and payload every directive needs, whatever its namespace. */
function readEnvelope(event: unknown): Envelope {
  const directive = isObject(event) ? event.directive : undefined;
  const header = isObject(directive) ? directive.header : undefined;
  if (!isObject(directive) || !isObject(header)) {
    return { ok: false, refusal: refuse('not a smart home directive (no directive.header)', {}) };
  }
  const echo = echoOf(header, directive.endpoint);
  const namespace = plainName(header.namespace);
  const name = plainName(header.name);
  const payload = directive.payload;
  const refused = (reason: string): Envelope => ({
    ok: false,
    refusal: refuse(reason, echo, namespace, name),
  });
  if (namespace === undefined || name === undefined) {
    return refused('the header has no namespace or name');
  }
  if (header.payloadVersion !== '3') return refused('payloadVersion is not "3"');
  if (!isObject(payload)) return refused('the directive has no payload object');
  return { ok: true, known: { namespace, name, echo }, directive, payload };
}

/**
 * Reads a directive for the device-port handler: AcceptGrant, Discover and ReportState by their
 * rules, any other directive with a valid endpoint and bearer token as it came. The rest of
 * Alexa.Authorization and Alexa.Discovery is refused: those namespaces are the handler's.
 */
export function routeDirective(event: unknown): RoutedParse {
  const read = readEnvelope(event);
  if (!read.ok) return read.refusal;
  const { known, directive, payload } = read;
  const { namespace, name, echo } = known;
  switch (`${namespace}/${name}`) {
    case 'Alexa.Authorization/AcceptGrant':
      return acceptGrant(known, payload);
    case 'Alexa.Discovery/Discover':
      return discover(known, payload);
  }
  if (namespace === 'Alexa.Authorization' || namespace === 'Alexa.Discovery') {
    return refuse('a namespace or directive this skill does not support', echo, namespace, name);
  }
  const endpoint = endpointOf(directive);
  if (!endpoint.ok) return refuse(endpoint.reason, echo, namespace, name);
  return namespace === 'Alexa' && name === 'ReportState'
    ? { ok: true, directive: { ...known, kind: 'report-state', ...endpoint.value } }
    : { ok: true, directive: { ...known, kind: 'endpoint', payload, ...endpoint.value } };
}

type KnownHeader = Pick<Known, 'namespace' | 'name' | 'echo'>;

function acceptGrant(known: KnownHeader, payload: Json): SharedParse {
  const { grant, grantee } = payload;
  if (
    !isObject(grant) ||
    grant.type !== 'OAuth2.AuthorizationCode' ||
    typeof grant.code !== 'string' ||
    grant.code === '' ||
    grant.code.length > MAX_GRANT_CODE_LENGTH
  ) {
    return refuse(
      'payload.grant is not an OAuth2.AuthorizationCode with a code',
      known.echo,
      known.namespace,
      known.name
    );
  }
  if (!isObject(grantee) || grantee.type !== 'BearerToken') {
    return refuse('payload.grantee is not a BearerToken', known.echo, known.namespace, known.name);
  }
  return accept({ ...known, kind: 'accept-grant', code: grant.code, token: grantee.token });
}

function discover(known: KnownHeader, payload: Json): SharedParse {
  const { scope } = payload;
  if (!isObject(scope) || scope.type !== 'BearerToken') {
    return refuse('payload.scope is not a BearerToken', known.echo, known.namespace, known.name);
  }
  return accept({ ...known, kind: 'discover', token: scope.token });
}

/**
 * The lamp change a directive asks for, from its names and payload alone: what the lamp's device
 * port accepts. An out-of-range brightness is a well-formed change: it is answered
 * VALUE_OUT_OF_RANGE once the endpoint is known to be the user's (see outOfRangeOf).
 */
export function lampChangeOf(
  namespace: string,
  name: string,
  payload: Readonly<Record<string, unknown>>
):
  | { readonly ok: true; readonly change: LampChange }
  | { readonly ok: false; readonly reason: string } {
  switch (`${namespace}/${name}`) {
    case 'Alexa.PowerController/TurnOn':
      return { ok: true, change: { kind: 'power', powerState: 'ON' } };
    case 'Alexa.PowerController/TurnOff':
      return { ok: true, change: { kind: 'power', powerState: 'OFF' } };
    case 'Alexa.BrightnessController/SetBrightness': {
      const { brightness } = payload;
      return typeof brightness === 'number' && Number.isInteger(brightness)
        ? { ok: true, change: { kind: 'set-brightness', brightness } }
        : { ok: false, reason: 'payload.brightness is not an integer' };
    }
    case 'Alexa.BrightnessController/AdjustBrightness': {
      const { brightnessDelta } = payload;
      // Any integer: the result is clamped to 0..100, so "brighter" at 95 % gives 100 %.
      return typeof brightnessDelta === 'number' && Number.isSafeInteger(brightnessDelta)
        ? { ok: true, change: { kind: 'adjust-brightness', delta: brightnessDelta } }
        : { ok: false, reason: 'payload.brightnessDelta is not an integer' };
    }
    default:
      return { ok: false, reason: 'a namespace or directive this skill does not support' };
  }
}

function endpointOf(
  directive: Json
): { ok: true; value: { endpointId: string; token: unknown } } | { ok: false; reason: string } {
  const { endpoint } = directive;
  if (!isObject(endpoint)) return { ok: false, reason: 'the directive has no endpoint' };
  if (!isEndpointId(endpoint.endpointId)) {
    return {
      ok: false,
      reason: "endpoint.endpointId is missing or breaks Alexa's endpoint ID rules",
    };
  }
  const { scope } = endpoint;
  if (!isObject(scope) || scope.type !== 'BearerToken') {
    return { ok: false, reason: 'endpoint.scope is not a BearerToken' };
  }
  return { ok: true, value: { endpointId: endpoint.endpointId, token: scope.token } };
}

function echoOf(header: Json, endpoint: unknown): DirectiveEcho {
  const { correlationToken } = header;
  const endpointId = isObject(endpoint) ? endpoint.endpointId : undefined;
  return {
    ...(typeof correlationToken === 'string' &&
    correlationToken !== '' &&
    correlationToken.length <= MAX_CORRELATION_TOKEN_LENGTH
      ? { correlationToken }
      : {}),
    ...(isEndpointId(endpointId) ? { endpointId } : {}),
  };
}

function plainName(value: unknown): string | undefined {
  return typeof value === 'string' && PLAIN_NAME.test(value) ? value : undefined;
}

function accept<D extends RoutedDirective>(directive: D) {
  return { ok: true, directive } as const;
}

function refuse(
  reason: string,
  echo: DirectiveEcho,
  namespace?: string,
  name?: string
): DirectiveRefusal {
  return {
    ok: false,
    reason,
    echo,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
  };
}
