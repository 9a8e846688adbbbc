/**
 * Real RS256 keys and Cognito-shaped tokens for tests: generated here, signed with node:crypto,
 * verified by the real aws-jwt-verify.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const REGION = 'us-east-1';
export const USER_POOL_ID = 'us-east-1_TestPool1';
export const CLIENT_ID = 'alexaclient1234567890abcdef';
export const ISSUER = `https://cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;

export interface TestKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The public key as a JWK, as Cognito publishes it. */
  readonly jwk: { kid: string; kty: string; n: string; e: string; alg: 'RS256'; use: 'sig' };
  /** The public key as PEM text, for the HS256 key-confusion attack. */
  readonly publicPem: string;
}

export function generateTestKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  return {
    kid,
    privateKey,
    jwk: { kid, kty: exported.kty, n: exported.n, e: exported.e, alg: 'RS256', use: 'sig' },
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export function jwksOf(...keys: TestKey[]) {
  return { keys: keys.map((k) => k.jwk) };
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The claims of a Cognito access token for the Alexa client, valid for an hour from now. */
export function accessTokenClaims(
  overrides: Record<string, unknown> = {}
): Record<string, unknown> {
  const now = nowSeconds();
  return {
    sub: '5f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f',
    iss: ISSUER,
    client_id: CLIENT_ID,
    origin_jti: 'a1b2c3d4-0000-4000-8000-000000000001',
    event_id: 'e1b2c3d4-0000-4000-8000-000000000002',
    token_use: 'access',
    scope: 'openid email profile',
    auth_time: now - 60,
    iat: now - 60,
    exp: now + 3600,
    jti: 'j1b2c3d4-0000-4000-8000-000000000003',
    username: '5f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f',
    ...overrides,
  };
}

/** Claims of a Cognito ID token: what a confused client might send instead of the access token. */
export function idTokenClaims(): Record<string, unknown> {
  const { client_id: clientId, scope: _scope, username: _username, ...rest } = accessTokenClaims();
  return {
    ...rest,
    aud: clientId,
    token_use: 'id',
    email: 'ada@example.com',
    'cognito:username': 'ada',
  };
}

export function signRs256(
  key: TestKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {}
): string {
  const signingInput = `${b64url(JSON.stringify({ kid: key.kid, alg: 'RS256', ...header }))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey).toString('base64url')}`;
}

/** A token with `alg: none` and no signature. */
export function unsignedToken(kid: string, claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ kid, alg: 'none' }))}.${b64url(JSON.stringify(claims))}.`;
}

/** The classic key-confusion attack: HS256 with the RSA public key text as the HMAC secret. */
export function hs256WithPublicKey(key: TestKey, claims: Record<string, unknown>): string {
  const signingInput = `${b64url(JSON.stringify({ kid: key.kid, alg: 'HS256' }))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac('sha256', key.publicPem).update(signingInput).digest('base64url')}`;
}

/** The token with its payload swapped for other claims, keeping the original signature. */
export function withTamperedPayload(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64url(JSON.stringify(claims))}.${signature}`;
}
