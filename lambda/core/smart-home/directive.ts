/**
 * Reads a smart home directive (payload version 3) from whatever Lambda was given. Pure: the
 * result is either a directive this skill supports, with its bearer token, or the reason it is
 * refused (and what of it may be echoed back). Never throws.
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

export type Directive =
  | (Known & { readonly kind: 'accept-grant'; readonly code: string })
  | (Known & { readonly kind: 'discover' })
  | (Known & { readonly kind: 'control'; readonly endpointId: string; readonly change: LampChange })
  | (Known & { readonly kind: 'report-state'; readonly endpointId: string });

export type DirectiveParse =
  | { readonly ok: true; readonly directive: Directive }
  | {
      readonly ok: false;
      /** Safe to log: never the token, the code or a value from the payload. */
      readonly reason: string;
      /** Present when the header names them as strings (for the log and the reply's namespace). */
      readonly namespace?: string;
      readonly name?: string;
      readonly echo: DirectiveEcho;
    };

/** Names that are logged as received: short and plain, or replaced. */
const PLAIN_NAME = /^[A-Za-z0-9.]{1,64}$/;
/** Alexa's correlation tokens are opaque base64 text of a few hundred characters at most. */
const MAX_CORRELATION_TOKEN_LENGTH = 8 * 1024;
/** LWA authorization codes are short; anything far larger is not one. */
const MAX_GRANT_CODE_LENGTH = 2048;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseDirective(event: unknown): DirectiveParse {
  const directive = isObject(event) ? event.directive : undefined;
  const header = isObject(directive) ? directive.header : undefined;
  if (!isObject(directive) || !isObject(header)) {
    return refuse('not a smart home directive (no directive.header)', {});
  }
  const echo = echoOf(header, directive.endpoint);
  const namespace = plainName(header.namespace);
  const name = plainName(header.name);
  const payload = directive.payload;
  if (namespace === undefined || name === undefined) {
    return refuse('the header has no namespace or name', echo, namespace, name);
  }
  if (header.payloadVersion !== '3') {
    return refuse('payloadVersion is not "3"', echo, namespace, name);
  }
  if (!isObject(payload))
    return refuse('the directive has no payload object', echo, namespace, name);

  const known = { namespace, name, echo };
  switch (`${namespace}/${name}`) {
    case 'Alexa.Authorization/AcceptGrant':
      return acceptGrant(known, payload);
    case 'Alexa.Discovery/Discover':
      return discover(known, payload);
    case 'Alexa.PowerController/TurnOn':
      return control(known, directive, { kind: 'power', powerState: 'ON' });
    case 'Alexa.PowerController/TurnOff':
      return control(known, directive, { kind: 'power', powerState: 'OFF' });
    case 'Alexa.BrightnessController/SetBrightness':
      return setBrightness(known, directive, payload);
    case 'Alexa.BrightnessController/AdjustBrightness':
      return adjustBrightness(known, directive, payload);
    case 'Alexa/ReportState': {
      const endpoint = endpointOf(directive);
      return endpoint.ok
        ? accept({ ...known, kind: 'report-state', ...endpoint.value })
        : refuse(endpoint.reason, echo, namespace, name);
    }
    default:
      return refuse('a namespace or directive this skill does not support', echo, namespace, name);
  }
}

type KnownHeader = Pick<Known, 'namespace' | 'name' | 'echo'>;

function acceptGrant(known: KnownHeader, payload: Json): DirectiveParse {
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

function discover(known: KnownHeader, payload: Json): DirectiveParse {
  const { scope } = payload;
  if (!isObject(scope) || scope.type !== 'BearerToken') {
    return refuse('payload.scope is not a BearerToken', known.echo, known.namespace, known.name);
  }
  return accept({ ...known, kind: 'discover', token: scope.token });
}

function control(known: KnownHeader, directive: Json, change: LampChange): DirectiveParse {
  const endpoint = endpointOf(directive);
  return endpoint.ok
    ? accept({ ...known, kind: 'control', change, ...endpoint.value })
    : refuse(endpoint.reason, known.echo, known.namespace, known.name);
}

function setBrightness(known: KnownHeader, directive: Json, payload: Json): DirectiveParse {
  const { brightness } = payload;
  if (typeof brightness !== 'number' || !Number.isInteger(brightness)) {
    return refuse('payload.brightness is not an integer', known.echo, known.namespace, known.name);
  }
  const endpoint = endpointOf(directive);
  if (!endpoint.ok) return refuse(endpoint.reason, known.echo, known.namespace, known.name);
  // An out-of-range value is a well-formed directive: it is answered VALUE_OUT_OF_RANGE once the
  // token and the endpoint are known good (see outOfRangeOf).
  return accept({
    ...known,
    kind: 'control',
    change: { kind: 'set-brightness', brightness },
    ...endpoint.value,
  });
}

function adjustBrightness(known: KnownHeader, directive: Json, payload: Json): DirectiveParse {
  const { brightnessDelta } = payload;
  // Any integer: the result is clamped to 0..100, so "brighter" at 95 % gives 100 %.
  if (typeof brightnessDelta !== 'number' || !Number.isSafeInteger(brightnessDelta)) {
    return refuse(
      'payload.brightnessDelta is not an integer',
      known.echo,
      known.namespace,
      known.name
    );
  }
  const endpoint = endpointOf(directive);
  return endpoint.ok
    ? accept({
        ...known,
        kind: 'control',
        change: { kind: 'adjust-brightness', delta: brightnessDelta },
        ...endpoint.value,
      })
    : refuse(endpoint.reason, known.echo, known.namespace, known.name);
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

function accept(directive: Directive): DirectiveParse {
  return { ok: true, directive };
}

function refuse(
  reason: string,
  echo: DirectiveEcho,
  namespace?: string,
  name?: string
): DirectiveParse {
  return {
    ok: false,
    reason,
    echo,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
  };
}
