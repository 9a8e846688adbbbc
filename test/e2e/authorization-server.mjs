// A stand-in for Cognito's OAuth 2.0 endpoints, run by the end-to-end test in its own process:
// oidc-provider (OpenID Certified), configured from the synthesized app client, issuing access
// tokens shaped like Cognito's. Serves HTTPS (authorize, token, revoke, JWKS) and, for the skill's
// userInfo call, the same routes over HTTP on a second loopback port.
//
// Input: the JSON config in AUTH_SERVER_CONFIG. Output: one line `READY <httpsPort> <httpPort>`.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import Provider, { errors } from 'oidc-provider';
import { createLocalJWKSet, jwtVerify } from 'jose';

const config = JSON.parse(process.env.AUTH_SERVER_CONFIG ?? '{}');
const {
  issuer,
  userPoolId,
  client,
  user,
  tls,
  signingKey,
  accessTokenTtlSeconds,
  refreshTokenTtlSeconds,
} = config;
const RESOURCE = 'urn:alexa-account-linking:skill';
const publicJwk = (({ d, p, q, dp, dq, qi, ...pub }) => pub)(signingKey);

const provider = new Provider(issuer, {
  clients: [client],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  routes: {
    authorization: '/oauth2/authorize',
    token: '/oauth2/token',
    revocation: '/oauth2/revoke',
    userinfo: '/oauth2/userInfo-oidc',
    jwks: `/${userPoolId}/.well-known/jwks.json`,
  },
  scopes: ['openid', 'email', 'profile', 'phone'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'name'] },
  findAccount: async (_ctx, sub) =>
    sub === user.sub
      ? {
          accountId: sub,
          claims: async () => ({ sub, email: user.email, given_name: user.givenName }),
        }
      : undefined,
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // Alexa sends no resource parameter: every token is for the skill.
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: client.scope,
        audience: RESOURCE,
        accessTokenFormat: 'jwt',
        accessTokenTTL: accessTokenTtlSeconds,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  formats: {
    customizers: {
      // Cognito's access token claims: token_use, username, scope with the OIDC scopes.
      jwt: async (_ctx, token, jwt) => {
        Object.assign(jwt.payload, {
          token_use: 'access',
          username: token.accountId,
          scope: client.scope,
          auth_time: jwt.payload.iat,
          origin_jti: randomUUID(),
          event_id: randomUUID(),
        });
      },
    },
  },
  // Cognito issues a refresh token with every code exchange and does not rotate it.
  issueRefreshToken: async () => true,
  rotateRefreshToken: () => false,
  pkce: { required: () => false },
  ttl: {
    AccessToken: accessTokenTtlSeconds,
    RefreshToken: refreshTokenTtlSeconds,
    AuthorizationCode: 300,
    Grant: refreshTokenTtlSeconds,
    Session: 3600,
    Interaction: 600,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'json';
    ctx.body = out;
  },
});
provider.proxy = false;

const jwks = createLocalJWKSet({ keys: [publicJwk] });

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function loginPage(res, uid, message) {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><title>Sign in</title><form method="post" action="/interaction/${uid}/login">` +
      `${message ? `<p role="alert">${message}</p>` : ''}` +
      '<input name="email" type="email"><input name="password" type="password"><button>Sign in</button></form>'
  );
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') return loginPage(res, details.uid);
  const form = await readForm(req);
  if (form.get('email') !== user.email || form.get('password') !== user.password) {
    return loginPage(res, details.uid, 'Incorrect username or password.');
  }
  const grant = new provider.Grant({ accountId: user.sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  grant.addResourceScope(RESOURCE, details.params.scope);
  const grantId = await grant.save();
  return provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub }, consent: { grantId } },
    { mergeWithLastSubmission: false }
  );
}

// Cognito's userInfo takes its own access tokens, which here are JWTs for the skill resource.
async function userInfo(req, res) {
  try {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const { payload } = await jwtVerify(token, jwks, { issuer });
    if (payload.sub !== user.sub || payload.token_use !== 'access')
      throw new errors.InvalidToken('unknown user');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        sub: user.sub,
        email: user.email,
        email_verified: 'true',
        given_name: user.givenName,
        username: user.sub,
      })
    );
  } catch {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'invalid_token' }));
  }
}

const callback = provider.callback();
async function route(req, res) {
  try {
    if (req.url.startsWith('/interaction/')) return await interaction(req, res);
    if (req.url === '/oauth2/userInfo') return await userInfo(req, res);
    return callback(req, res);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(String(error?.message ?? error));
  }
}

const httpsServer = https.createServer({ key: tls.key, cert: tls.cert }, route);
const httpServer = http.createServer(route);
await new Promise((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
process.stdout.write(`READY ${httpsServer.address().port} ${httpServer.address().port}\n`);
process.on('SIGTERM', () => {
  httpsServer.close();
  httpServer.close();
  process.exit(0);
});
