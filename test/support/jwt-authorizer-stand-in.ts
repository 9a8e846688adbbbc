/**
 * API Gateway's JWT authorizer for an HTTP API, built from the synthesized
 * `AWS::ApiGatewayV2::Authorizer` (its IdentitySource and JwtConfiguration), checking a request as
 * the developer guide lists it:
 * 1. the token from the identity source, alone or after `Bearer `;
 * 2. decoded; 3. an RSA algorithm, signed by the key of its `kid` in the issuer's `jwks_uri`
 *    (read from `<issuer>/.well-known/openid-configuration`, cached as API Gateway caches it);
 * 4. `iss` equal to Issuer; `aud`, or `client_id` only when there is no `aud`, one of Audience;
 *    `exp` after now; `nbf` and `iat` before now.
 * A refusal is API Gateway's 401 `{"message":"Unauthorized"}`: the integration is never called.
 * The claims reach the function as strings, as payload format 2.0 hands them on.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 */
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import * as https from 'node:https';
import type { SynthesizedTemplate } from './bundle';

export interface JwtAuthorizerConfig {
  /** The request header that carries the token (`$request.header.Authorization`). */
  readonly header: string;
  readonly issuer: string;
  readonly audience: readonly string[];
}

/** The one JWT authorizer of a synthesized template; its values must be plain strings there. */
export function jwtAuthorizerOf(template: SynthesizedTemplate): JwtAuthorizerConfig {
  const authorizers = Object.values(template.Resources).filter(
    (r) => r.Type === 'AWS::ApiGatewayV2::Authorizer'
  );
  const props = authorizers[0]?.Properties as
    | {
        AuthorizerType: string;
        IdentitySource: string[];
        JwtConfiguration: { Issuer: unknown; Audience: unknown[] };
      }
    | undefined;
  if (authorizers.length !== 1 || props?.AuthorizerType !== 'JWT') {
    throw new Error('expected exactly one JWT authorizer in the template');
  }
  const [source] = props.IdentitySource;
  const header = /^\$request\.header\.(.+)$/.exec(source ?? '')?.[1];
  const { Issuer, Audience } = props.JwtConfiguration;
  if (!header || typeof Issuer !== 'string' || !Audience.every((a) => typeof a === 'string')) {
    throw new Error(`the authorizer is not resolvable here: ${JSON.stringify(props)}`);
  }
  return { header: header.toLowerCase(), issuer: Issuer, audience: Audience as string[] };
}

export type AuthorizerAnswer =
  | { readonly authorized: true; readonly claims: Record<string, string> }
  | { readonly authorized: false; readonly statusCode: 401; readonly reason: string };

const RSA_HASHES: Record<string, string> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
};

/** The authorizer: `authorize(headers)` answers as API Gateway would before the integration. */
export function createJwtAuthorizerStandIn(config: JwtAuthorizerConfig) {
  let keys: Promise<JsonWebKey[]> | undefined;
  const keySet = () =>
    (keys ??= (async () => {
      const discovery = (await getJson(
        `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`
      )) as { jwks_uri: string };
      return ((await getJson(discovery.jwks_uri)) as { keys: JsonWebKey[] }).keys;
    })());

  const refuse = (reason: string): AuthorizerAnswer => ({
    authorized: false,
    statusCode: 401,
    reason,
  });

  return {
    async authorize(headers: Record<string, string | undefined>): Promise<AuthorizerAnswer> {
      const value = headers[config.header];
      if (!value) return refuse('no token');
      const token = value.replace(/^Bearer /, '');
      const [head, body, signature] = token.split('.');
      let header: { alg?: string; kid?: string };
      let claims: Record<string, unknown>;
      try {
        header = JSON.parse(Buffer.from(head ?? '', 'base64url').toString()) as typeof header;
        claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as typeof claims;
      } catch {
        return refuse('not a JWT');
      }
      const hash = RSA_HASHES[header.alg ?? ''];
      if (!hash || signature === undefined) return refuse('not an RSA-signed JWT');
      const jwk = (await keySet()).find((k) => (k as { kid?: string }).kid === header.kid);
      if (!jwk) return refuse('no key for kid');
      const signed = verify(
        hash,
        Buffer.from(`${head}.${body}`),
        createPublicKey({ key: jwk, format: 'jwk' }),
        Buffer.from(signature, 'base64url')
      );
      if (!signed) return refuse('bad signature');
      if (claims.iss !== config.issuer) return refuse('issuer');
      // aud when present (a string or a list), else client_id.
      const audiences =
        claims.aud === undefined ? [claims.client_id] : ([] as unknown[]).concat(claims.aud);
      if (!audiences.some((a) => typeof a === 'string' && config.audience.includes(a))) {
        return refuse('audience');
      }
      const now = Date.now() / 1000;
      if (typeof claims.exp !== 'number' || claims.exp <= now) return refuse('expired');
      if (typeof claims.nbf === 'number' && claims.nbf > now) return refuse('not yet valid');
      if (typeof claims.iat === 'number' && claims.iat > now) return refuse('issued in the future');
      return {
        authorized: true,
        claims: Object.fromEntries(
          Object.entries(claims).map(([k, v]) => [
            k,
            Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'string' ? v : JSON.stringify(v),
          ])
        ),
      };
    },
  };
}

/** GET over HTTPS with the process's default agent (which the test makes trust its CA). */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    https
      .get(url, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(text))
            : reject(new Error(`${url} answered ${res.statusCode}`))
        );
      })
      .on('error', reject);
  });
}
