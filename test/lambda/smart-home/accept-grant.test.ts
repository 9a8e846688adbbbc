/**
 * AcceptGrant: the grantee token verified first, then the code exchanged at once against a
 * loopback stand-in for Login with Amazon, with the events credentials read from Secrets Manager
 * (aws-sdk-client-mock), and the Amazon tokens stored in the device table.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  grantItemId,
  linkFingerprint,
  subjectPartition,
} from '../../../lambda/core/smart-home/device-table-keys';
import type { DirectiveHandler } from '../../../lambda/runtime/smart-home/handle-directive';
import { acceptGrant } from '../../support/directives';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import { generateTestKey } from '../../support/jwt';
import { startHttpServer, type LoopbackServer } from '../../support/loopback';
import {
  AMAZON_TOKENS,
  EVENTS_CREDENTIALS,
  EXPIRED_GRANT_CODE,
  GOOD_GRANT_CODE,
  startLwaStandIn,
  type LwaStandIn,
} from '../../support/lwa-token-stand-in';
import { UUID, assertWellFormedEvent } from '../../support/smart-home-events';
import {
  EVENTS_SECRET_ID,
  buildHandler,
  cognitoVerifierWith,
  freshDeviceTable,
  grantExchangeAt,
  tokenFor,
} from '../../support/smart-home-harness';

const key = generateTestKey('grant-key');
const USER = '3c3c3c3c-cccc-4ccc-8ccc-cccccccccccc';
const token = tokenFor(key, USER);
const secretsManager = mockClient(SecretsManagerClient);

let dynamo: LocalDynamo;
let lwa: LwaStandIn;
let tableName: string;
let handler: DirectiveHandler;

async function send(envelope: unknown, through: DirectiveHandler = handler) {
  const event = await through(envelope);
  assertWellFormedEvent(event);
  return event;
}

const storedGrant = async () =>
  (
    await dynamo.client.send(
      new GetItemCommand({
        TableName: tableName,
        // In the account's partition, under the grantee token's link fingerprint.
        Key: {
          userId: { S: subjectPartition(USER) },
          itemId: { S: grantItemId(linkFingerprint(token)) },
        },
        ConsistentRead: true,
      })
    )
  ).Item;

const acceptGrantFailed = {
  namespace: 'Alexa.Authorization',
  name: 'ErrorResponse',
  payloadVersion: '3',
  messageId: expect.stringMatching(UUID),
};

beforeAll(async () => {
  [dynamo, lwa] = await Promise.all([startDynalite(), startLwaStandIn()]);
}, 60_000);
afterAll(() => Promise.all([dynamo.close(), lwa.close()]));
beforeEach(async () => {
  secretsManager.reset();
  secretsManager
    .on(GetSecretValueCommand, { SecretId: EVENTS_SECRET_ID })
    .resolves({ SecretString: JSON.stringify(EVENTS_CREDENTIALS) });
  lwa.requests.length = 0;
  tableName = await freshDeviceTable(dynamo);
  handler = buildHandler({
    verifier: cognitoVerifierWith(key),
    dynamo,
    tableName,
    grantExchange: grantExchangeAt(lwa.tokenUrl),
  });
});

describe('AcceptGrant', () => {
  test('exchanges the code with a form POST carrying exactly the grant and the messaging credentials', async () => {
    const event = await send(acceptGrant(token, GOOD_GRANT_CODE));
    expect(event).toEqual({
      event: {
        header: {
          namespace: 'Alexa.Authorization',
          name: 'AcceptGrant.Response',
          payloadVersion: '3',
          messageId: expect.stringMatching(UUID),
        },
        payload: {},
      },
    });
    expect(lwa.requests).toEqual([
      {
        method: 'POST',
        path: '/auth/o2/token',
        contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        authorization: undefined,
        form: {
          grant_type: 'authorization_code',
          code: GOOD_GRANT_CODE,
          client_id: EVENTS_CREDENTIALS.clientId,
          client_secret: EVENTS_CREDENTIALS.clientSecret,
        },
      },
    ]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  test("stores the Amazon tokens in the user's partition, with the access token's expiry", async () => {
    const before = Date.now();
    await send(acceptGrant(token, GOOD_GRANT_CODE));
    const item = await storedGrant();
    expect(item?.accessToken).toEqual({ S: AMAZON_TOKENS.access_token });
    expect(item?.refreshToken).toEqual({ S: AMAZON_TOKENS.refresh_token });
    const expiresAt = Date.parse(item?.accessTokenExpiresAt?.S ?? '');
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  test('reads the credentials once per container', async () => {
    await send(acceptGrant(token, GOOD_GRANT_CODE));
    await send(acceptGrant(token, GOOD_GRANT_CODE));
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(lwa.requests).toHaveLength(2);
  });

  test('an expired code: ACCEPT_GRANT_FAILED with a message, and nothing stored', async () => {
    const event = await send(acceptGrant(token, EXPIRED_GRANT_CODE));
    expect(event.event.header).toEqual(acceptGrantFailed);
    expect(event.event.payload).toEqual({
      type: 'ACCEPT_GRANT_FAILED',
      message: 'Login with Amazon did not exchange the code (rejected: HTTP 400 invalid_grant).',
    });
    expect(lwa.requests).toHaveLength(1);
    expect(await storedGrant()).toBeUndefined();
  });

  test('wrong messaging credentials: ACCEPT_GRANT_FAILED', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ ...EVENTS_CREDENTIALS, clientSecret: 'stale' }) });
    const event = await send(acceptGrant(token, GOOD_GRANT_CODE));
    expect(event.event.payload).toEqual({
      type: 'ACCEPT_GRANT_FAILED',
      message: 'Login with Amazon did not exchange the code (rejected: HTTP 401 invalid_client).',
    });
  });

  test.each([
    ['an expired grantee token', tokenFor(key, USER, { exp: Math.floor(Date.now() / 1000) - 5 })],
    ['a grantee token signed by another key', tokenFor(generateTestKey('grant-key'), USER)],
    ['no grantee token', undefined],
  ])('%s: ACCEPT_GRANT_FAILED before any exchange', async (_case, grantee) => {
    const event = await send(acceptGrant(grantee, GOOD_GRANT_CODE));
    expect(event.event.header).toEqual(acceptGrantFailed);
    expect(event.event.payload.type).toBe('ACCEPT_GRANT_FAILED');
    expect(event.event.payload.message).toMatch(/^The grantee token was not accepted: /);
    expect(lwa.requests).toEqual([]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toEqual([]);
    expect(await storedGrant()).toBeUndefined();
  });

  test.each<[string, () => void, string]>([
    [
      'Secrets Manager fails',
      () => secretsManager.on(GetSecretValueCommand).rejects(new Error('AccessDeniedException')),
      'unavailable: the events credentials could not be read',
    ],
    [
      'the secret is not {clientId, clientSecret}',
      () => secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"id":"x"}' }),
      'unavailable: the events credentials could not be read',
    ],
  ])('%s: ACCEPT_GRANT_FAILED, no exchange', async (_case, arrange, detail) => {
    arrange();
    const event = await send(acceptGrant(token, GOOD_GRANT_CODE));
    expect(event.event.payload).toEqual({
      type: 'ACCEPT_GRANT_FAILED',
      message: `Login with Amazon did not exchange the code (${detail}).`,
    });
    expect(lwa.requests).toEqual([]);
  });

  describe('with a misbehaving token endpoint', () => {
    let odd: LoopbackServer;
    type Behaviour = 'hang' | 'redirect' | 'garbage' | 'outage';
    let behaviour: Behaviour = 'hang';
    let redirected = 0;
    beforeAll(async () => {
      odd = await startHttpServer((req, res) => {
        if (req.url === '/elsewhere') {
          redirected += 1;
          res.end('{}');
        } else if (behaviour === 'redirect') {
          res.writeHead(307, { location: '/elsewhere' });
          res.end();
        } else if (behaviour === 'garbage') {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html>hello</html>');
        } else if (behaviour === 'outage') {
          res.writeHead(503);
          res.end();
        } // 'hang': never answers
      });
    });
    afterAll(() => odd.close());

    test.each<[Behaviour, string]>([
      ['hang', 'unavailable: no answer within 300 ms'],
      ['redirect', 'unavailable: the request failed (network or redirect)'],
      ['garbage', 'bad-response: not a token response'],
      ['outage', 'unavailable: HTTP 503'],
    ])(
      '%s: ACCEPT_GRANT_FAILED, quickly, and a redirect is never followed',
      async (kind, detail) => {
        behaviour = kind;
        const quick = buildHandler({
          verifier: cognitoVerifierWith(key),
          dynamo,
          tableName,
          grantExchange: grantExchangeAt(`${odd.url}/auth/o2/token`, 300),
        });
        const started = Date.now();
        const event = await send(acceptGrant(token, GOOD_GRANT_CODE), quick);
        expect(Date.now() - started).toBeLessThan(5000);
        expect(event.event.payload).toEqual({
          type: 'ACCEPT_GRANT_FAILED',
          message: `Login with Amazon did not exchange the code (${detail}).`,
        });
        expect(redirected).toBe(0);
        expect(await storedGrant()).toBeUndefined();
      }
    );
  });

  test('a table failure after the exchange: ACCEPT_GRANT_FAILED', async () => {
    const broken = buildHandler({
      verifier: cognitoVerifierWith(key),
      dynamo,
      tableName: 'no-such-table',
      grantExchange: grantExchangeAt(lwa.tokenUrl),
    });
    const event = await send(acceptGrant(token, GOOD_GRANT_CODE), broken);
    expect(event.event.header).toEqual(acceptGrantFailed);
    expect(event.event.payload).toEqual({
      type: 'ACCEPT_GRANT_FAILED',
      message: 'The grant could not be handled; try again.',
    });
  });

  test('without events credentials: acknowledged, nothing exchanged or stored', async () => {
    const plain = buildHandler({ verifier: cognitoVerifierWith(key), dynamo, tableName });
    const event = await send(acceptGrant(token, GOOD_GRANT_CODE), plain);
    expect(event.event.header.name).toBe('AcceptGrant.Response');
    expect(lwa.requests).toEqual([]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toEqual([]);
    expect(await storedGrant()).toBeUndefined();
  });

  test.each([
    ['a grant of another type', { type: 'OAuth2.RefreshToken', code: 'x' }],
    ['a grant without a code', { type: 'OAuth2.AuthorizationCode' }],
  ])('a malformed AcceptGrant (%s): ACCEPT_GRANT_FAILED, no exchange', async (_case, grant) => {
    const envelope = acceptGrant(token);
    (envelope.directive.payload as Record<string, unknown>).grant = grant;
    const event = await send(envelope);
    expect(event.event.header).toEqual(acceptGrantFailed);
    expect(event.event.payload.type).toBe('ACCEPT_GRANT_FAILED');
    expect(lwa.requests).toEqual([]);
  });
});
