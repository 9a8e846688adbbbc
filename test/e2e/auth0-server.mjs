// A stand-in for an Auth0 tenant, run by the OIDC end-to-end test in its own process: oidc-provider
// (OpenID Certified) configured the way Auth0 behaves for an Alexa client:
// - the issuer ends in a slash (https://<tenant>/), and `iss` carries it byte for byte;
// - an `audience` parameter on /authorize makes the access token a JWT for that API (RS256);
//   without it the access token is opaque (only good for /userinfo);
// - `offline_access` gets a refresh token (Auth0 honours it without prompt=consent; oidc-provider
//   follows OIDC Core strictly and needs that prompt, so the stand-in adds it);
// - /userinfo accepts the API's JWT access tokens too (Auth0 puts <issuer>userinfo in `aud`).
// Routes are Auth0's: /authorize, /oauth/token, /oauth/revoke, /userinfo, /.well-known/jwks.json.
// Serves HTTPS, and the same routes over HTTP on a second loopback port for the skill's userInfo.
//
// Input: the JSON config in AUTH_SERVER_CONFIG (`client`, and `extraClients`: other applications of
// the same tenant, such as your mobile app's). Output: one line `READY <httpsPort> <httpPort>`.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import Provider from 'oidc-provider';
import { createLocalJWKSet, jwtVerify } from 'jose';

const {
  client,
  extraClients = [],
  user,
  tls,
  signingKey,
  accessTokenTtlSeconds,
  refreshTokenTtlSeconds,
} = JSON.parse(process.env.AUTH_SERVER_CONFIG ?? '{}');
const publicJwk = (({ d, p, q, dp, dq, qi, ...pub }) => pub)(signingKey);
const jwks = createLocalJWKSet({ keys: [publicJwk] });

let provider;
let issuer;
let callback;

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
    `<!doctype html><title>Log in | Auth0</title><form method="post" action="/interaction/${uid}/login">` +
      `${message ? `<p role="alert">${message}</p>` : ''}` +
      '<input name="username" type="email"><input name="password" type="password"><button>Continue</button></form>'
  );
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') return loginPage(res, details.uid);
  const form = await readForm(req);
  if (form.get('username') !== user.email || form.get('password') !== user.password) {
    return loginPage(res, details.uid, 'Wrong email or password.');
  }
  const grant = new provider.Grant({ accountId: user.sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  if (details.params.audience)
    grant.addResourceScope(details.params.audience, details.params.scope);
  const grantId = await grant.save();
  return provider.interactionFinished(
    req,
    res,
    { login: { accountId: user.sub }, consent: { grantId } },
    { mergeWithLastSubmission: false }
  );
}

// Auth0's /userinfo takes the API's JWT access tokens as well as its own opaque ones.
async function userInfo(req, res) {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  try {
    const { payload } = await jwtVerify(token, jwks, { issuer });
    if (payload.sub !== user.sub) throw new Error('unknown user');
  } catch {
    const opaque = await provider.AccessToken.find(token).catch(() => undefined);
    if (!opaque || opaque.accountId !== user.sub) {
      res.writeHead(401, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: 'invalid_token' }));
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      sub: user.sub,
      name: user.name,
      given_name: user.givenName,
      email: user.email,
      email_verified: true,
    })
  );
}

async function route(req, res) {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname.startsWith('/interaction/')) return await interaction(req, res);
    if (url.pathname === '/userinfo') return await userInfo(req, res);
    if (
      url.pathname === '/authorize' &&
      /\boffline_access\b/.test(url.searchParams.get('scope') ?? '')
    ) {
      url.searchParams.set('prompt', 'consent');
      req.url = `${url.pathname}${url.search}`;
    }
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
issuer = `https://127.0.0.1:${httpsServer.address().port}/`;

provider = new Provider(issuer, {
  clients: [client, ...extraClients],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  routes: {
    authorization: '/authorize',
    token: '/oauth/token',
    revocation: '/oauth/revoke',
    userinfo: '/userinfo-oidc',
    jwks: '/.well-known/jwks.json',
  },
  extraParams: ['audience'],
  scopes: ['openid', 'email', 'profile', 'offline_access'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name'] },
  findAccount: async (_ctx, sub) =>
    sub === user.sub
      ? { accountId: sub, claims: async () => ({ sub, email: user.email, name: user.name }) }
      : undefined,
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // Auth0 names the API with `audience`; oidc-provider calls it a resource indicator.
      defaultResource: (ctx) => ctx.oidc.params?.audience ?? undefined,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: 'openid profile email offline_access',
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: accessTokenTtlSeconds,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  issueRefreshToken: async (_ctx, c, code) =>
    c.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
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
callback = provider.callback();

process.stdout.write(`READY ${httpsServer.address().port} ${httpServer.address().port}\n`);
process.on('SIGTERM', () => {
  httpsServer.close();
  httpServer.close();
  process.exit(0);
});
