/**
 * The change reporter with real parts: its DynamoDB grant store on dynalite (table from the
 * synthesized template), stream records built from real items written there, the HTTP gateway
 * and LWA refresher against loopback stand-ins for the three regional gateways and Login with
 * Amazon, and the credentials read through the real Secrets Manager adapter (SDK mocked).
 */
import {
  DeleteItemCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createHttpEventGateway,
  createLwaTokenRefresher,
} from '../../../lambda/adapters/alexa-event-gateway';
import { createSecretsManagerEventsCredentials } from '../../../lambda/adapters/alexa-events-credentials';
import { createDynamoDbEventsGrants } from '../../../lambda/adapters/alexa-events-grants-dynamodb';
import { createDynamoDbDeviceStore } from '../../../lambda/adapters/device-store-dynamodb';
import {
  endpointItemId,
  grantItemId,
  subjectPartition,
} from '../../../lambda/core/smart-home/device-table-keys';
import type { AlexaEventsGrant } from '../../../lambda/core/smart-home/ports';
import {
  createChangeReporter,
  type ReporterLogger,
  type StreamEvent,
} from '../../../lambda/runtime/smart-home/report-changes';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import {
  imageOf,
  startEventsStandIns,
  streamRecord,
  type EventsStandIns,
} from '../../support/event-gateway-stand-in';
import { EVENTS_CREDENTIALS } from '../../support/lwa-token-stand-in';
import { ISO_MS_Z, UUID } from '../../support/smart-home-events';
import { EVENTS_SECRET_ID, freshDeviceTable } from '../../support/smart-home-harness';

const SUBJECT = 'user-7a7a7a7a';
const LINK_NA = 'a'.repeat(64);
const LINK_FE = 'f'.repeat(64);
const ENDPOINT = 'lamp-1';
const HOUR = 3600_000;
const secretsManager = mockClient(SecretsManagerClient);

let dynamo: LocalDynamo;
let standIns: EventsStandIns;
let tableName: string;
let logLines: string[];
let counts: Record<string, number>;

const grantOf = (n: string, expiresInMs = HOUR): AlexaEventsGrant => ({
  accessToken: `Atza|grant-access-${n}`,
  refreshToken: `Atzr|grant-refresh-${n}`,
  accessTokenExpiresAt: new Date(Date.now() + expiresInMs),
});

function reporter(options: { gatewayTimeoutMs?: number } = {}) {
  const logger: ReporterLogger = {
    info: (message, attributes) => logLines.push(JSON.stringify({ message, ...attributes })),
    warn: (message, attributes) => logLines.push(JSON.stringify({ message, ...attributes })),
    error: (message, attributes) => logLines.push(JSON.stringify({ message, ...attributes })),
  };
  const count = (name: string) => () => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  return createChangeReporter({
    grants: createDynamoDbEventsGrants({ client: dynamo.client, tableName }),
    gateway: createHttpEventGateway({ timeoutMs: options.gatewayTimeoutMs ?? 1000 }),
    refresher: createLwaTokenRefresher({ timeoutMs: 1000 }),
    credentials: createSecretsManagerEventsCredentials({
      client: () => new SecretsManagerClient({ region: 'us-east-1' }),
      secretId: EVENTS_SECRET_ID,
    }),
    logger,
    metrics: {
      recordSent: count('sent'),
      recordRefused: count('refused'),
      recordRefreshFailed: count('refreshFailed'),
      recordRevoked: count('revoked'),
      publish: () => undefined,
    },
    homeAwsRegion: 'us-east-1',
    callBudgetMs: 1000,
    leaseWaitMs: 50,
  });
}

/** A Lambda context with this much time left. */
const contextWith = (ms = 20_000) => {
  const deadline = Date.now() + ms;
  return { getRemainingTimeInMillis: () => deadline - Date.now() };
};

const endpointKey = (): Record<string, AttributeValue> => ({
  userId: { S: subjectPartition(SUBJECT) },
  itemId: { S: endpointItemId(ENDPOINT) },
});
const grantKey = (link: string): Record<string, AttributeValue> => ({
  userId: { S: subjectPartition(SUBJECT) },
  itemId: { S: grantItemId(link) },
});

const devices = () => createDynamoDbDeviceStore({ client: dynamo.client, tableName });
const grants = () => createDynamoDbEventsGrants({ client: dynamo.client, tableName });

async function addLamp() {
  await devices().addEndpoint(SUBJECT, {
    endpointId: ENDPOINT,
    friendlyName: 'Desk Lamp',
    state: { powerState: 'OFF', brightness: 40 },
  });
}

/** What a device cloud writes when the lamp is switched at the wall: state plus its cause. */
async function externalWrite(powerState: 'ON' | 'OFF', cause?: string) {
  await dynamo.client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: endpointKey(),
      UpdateExpression: `SET powerState = :p, updatedAt = :at${cause ? ', lastChangeCause = :c' : ''}`,
      ExpressionAttributeValues: {
        ':p': { S: powerState },
        ':at': { S: new Date().toISOString() },
        ...(cause ? { ':c': { S: cause } } : {}),
      },
    })
  );
}

/** Runs `write` on the real table and returns the stream record DynamoDB would send for it. */
async function recordOf(write: () => Promise<unknown>) {
  const oldImage = await imageOf(dynamo.client, tableName, endpointKey());
  await write();
  const newImage = await imageOf(dynamo.client, tableName, endpointKey());
  return streamRecord({ keys: endpointKey(), oldImage, newImage });
}

const eventOf = (...records: ReturnType<typeof streamRecord>[]): StreamEvent => ({
  Records: records,
});

const storedGrant = async (link = LINK_NA) => imageOf(dynamo.client, tableName, grantKey(link));

beforeAll(async () => {
  [dynamo, standIns] = await Promise.all([startDynalite(), startEventsStandIns()]);
}, 60_000);
afterAll(() => Promise.all([dynamo.close(), standIns.close()]));
beforeEach(async () => {
  standIns.reset();
  secretsManager.reset();
  secretsManager
    .on(GetSecretValueCommand, { SecretId: EVENTS_SECRET_ID })
    .resolves({ SecretString: JSON.stringify(EVENTS_CREDENTIALS) });
  tableName = await freshDeviceTable(dynamo);
  logLines = [];
  counts = {};
  await addLamp();
  await grants().save(SUBJECT, LINK_NA, grantOf('na'), 'NA');
});
afterEach(() => {
  // Never a token, a refresh token or the client secret in a log line, whatever happened.
  const log = logLines.join('\n');
  expect(log).not.toMatch(/Atz[ar]\|/);
  expect(log).not.toContain(EVENTS_CREDENTIALS.clientSecret);
});

describe('ChangeReport', () => {
  test('a change at the device sends exactly one ChangeReport to the grant region, with its token', async () => {
    const record = await recordOf(() => externalWrite('ON', 'PHYSICAL_INTERACTION'));
    const result = await reporter()(eventOf(record), contextWith());

    expect(result).toEqual({ batchItemFailures: [] });
    expect(standIns.gatewayRequests).toHaveLength(1);
    const [request] = standIns.gatewayRequests;
    expect(request).toMatchObject({
      region: 'NA',
      path: '/v3/events',
      authorization: 'Bearer Atza|grant-access-na',
      contentType: 'application/json',
    });
    const time = expect.stringMatching(ISO_MS_Z);
    const prop = (namespace: string, name: string, value: unknown) => ({
      namespace,
      name,
      value,
      timeOfSample: time,
      uncertaintyInMilliseconds: 0,
    });
    expect(request?.body).toEqual({
      event: {
        header: {
          namespace: 'Alexa',
          name: 'ChangeReport',
          payloadVersion: '3',
          messageId: expect.stringMatching(UUID),
        },
        endpoint: {
          scope: { type: 'BearerToken', token: 'Atza|grant-access-na' },
          endpointId: ENDPOINT,
        },
        payload: {
          change: {
            cause: { type: 'PHYSICAL_INTERACTION' },
            properties: [prop('Alexa.PowerController', 'powerState', 'ON')],
          },
        },
      },
      context: {
        properties: [
          prop('Alexa.BrightnessController', 'brightness', 40),
          prop('Alexa.EndpointHealth', 'connectivity', { value: 'OK' }),
        ],
      },
    });
    expect(counts).toEqual({ sent: 1 });
  });

  test('each Alexa user of the account gets it at their own region, each message ID fresh', async () => {
    await grants().save(SUBJECT, LINK_FE, grantOf('fe'), 'FE');
    const record = await recordOf(() => externalWrite('ON', 'RULE_TRIGGER'));
    await reporter()(eventOf(record), contextWith());

    const byRegion = Object.fromEntries(
      standIns.gatewayRequests.map((r) => [r.region, r.authorization])
    );
    expect(byRegion).toEqual({
      NA: 'Bearer Atza|grant-access-na',
      FE: 'Bearer Atza|grant-access-fe',
    });
    const ids = standIns.gatewayRequests.map(
      (r) => (r.body.event as { header: { messageId: string } }).header.messageId
    );
    expect(new Set(ids).size).toBe(2);
  });

  test('an EU grant goes to the EU gateway; a grant without a region to the home region', async () => {
    await grants().save(SUBJECT, LINK_NA, grantOf('eu'), 'EU');
    await grants().save(SUBJECT, LINK_FE, grantOf('old'));
    await reporter()(eventOf(await recordOf(() => externalWrite('ON'))), contextWith());
    expect(standIns.gatewayRequests.map((r) => r.region).sort()).toEqual(['EU', 'NA']);
  });

  test('a change Alexa asked for (the smart home function wrote it) sends nothing', async () => {
    const record = await recordOf(() =>
      devices().changeState(SUBJECT, ENDPOINT, (s) => ({ ...s, powerState: 'ON' }))
    );
    expect(record.dynamodb.NewImage?.lastChangeCause).toEqual({ S: 'ALEXA_DIRECTIVE' });
    expect(await reporter()(eventOf(record), contextWith())).toEqual({ batchItemFailures: [] });
    expect(standIns.gatewayRequests).toEqual([]);
  });

  test('an outside write without a cause, after a directive, is an APP_INTERACTION', async () => {
    await devices().changeState(SUBJECT, ENDPOINT, (s) => ({ ...s, brightness: 70 }));
    const record = await recordOf(() => externalWrite('ON'));
    await reporter()(eventOf(record), contextWith());
    expect(standIns.gatewayRequests).toHaveLength(1);
    expect(standIns.gatewayRequests[0]?.body).toMatchObject({
      event: { payload: { change: { cause: { type: 'APP_INTERACTION' } } } },
    });
  });
});

describe('AddOrUpdateReport and DeleteReport', () => {
  test('a new endpoint item sends AddOrUpdateReport with the scope and the endpoint as discovered', async () => {
    await dynamo.client.send(new DeleteItemCommand({ TableName: tableName, Key: endpointKey() }));
    const record = await recordOf(addLamp);
    expect(record.eventName).toBe('INSERT');
    await reporter()(eventOf(record), contextWith());
    expect(standIns.gatewayRequests).toHaveLength(1);
    const body = standIns.gatewayRequests[0]?.body as {
      event: { header: unknown; payload: { endpoints: { endpointId: string }[]; scope: unknown } };
    };
    expect(body.event.header).toEqual({
      namespace: 'Alexa.Discovery',
      name: 'AddOrUpdateReport',
      payloadVersion: '3',
      messageId: expect.stringMatching(UUID),
    });
    expect(body.event.payload.scope).toEqual({
      type: 'BearerToken',
      token: 'Atza|grant-access-na',
    });
    expect(body.event.payload.endpoints).toEqual([
      expect.objectContaining({ endpointId: ENDPOINT, friendlyName: 'Desk Lamp' }),
    ]);
  });

  test('a deleted endpoint item sends DeleteReport', async () => {
    const record = await recordOf(() =>
      dynamo.client.send(new DeleteItemCommand({ TableName: tableName, Key: endpointKey() }))
    );
    expect(record.eventName).toBe('REMOVE');
    await reporter()(eventOf(record), contextWith());
    expect(standIns.gatewayRequests.map((r) => r.body)).toEqual([
      {
        event: {
          header: {
            namespace: 'Alexa.Discovery',
            name: 'DeleteReport',
            payloadVersion: '3',
            messageId: expect.stringMatching(UUID),
          },
          payload: {
            endpoints: [{ endpointId: ENDPOINT }],
            scope: { type: 'BearerToken', token: 'Atza|grant-access-na' },
          },
        },
      },
    ]);
  });
});

describe('tokens', () => {
  test('an access token expiring within a minute is refreshed once, stored, and used', async () => {
    await grants().save(SUBJECT, LINK_NA, grantOf('na', 30_000), 'NA');
    await reporter()(eventOf(await recordOf(() => externalWrite('ON'))), contextWith());

    expect(standIns.refreshRequests).toEqual([
      {
        form: {
          grant_type: 'refresh_token',
          refresh_token: 'Atzr|grant-refresh-na',
          client_id: EVENTS_CREDENTIALS.clientId,
          client_secret: EVENTS_CREDENTIALS.clientSecret,
        },
      },
    ]);
    expect(standIns.gatewayRequests.map((r) => r.authorization)).toEqual([
      'Bearer Atza|refreshed-access-token-1',
    ]);
    const item = await storedGrant();
    expect(item?.accessToken).toEqual({ S: 'Atza|refreshed-access-token-1' });
    expect(item?.refreshToken).toEqual({ S: 'Atzr|refreshed-refresh-token-1' });
    expect(item?.refreshLeaseId).toBeUndefined();
  });

  test('two invocations racing on one expired grant make one LWA call and both send', async () => {
    await grants().save(SUBJECT, LINK_NA, grantOf('na', -1000), 'NA');
    standIns.refreshDelayMs = 300;
    const first = await recordOf(() => externalWrite('ON'));
    const second = await recordOf(() => externalWrite('OFF'));
    const results = await Promise.all([
      reporter()(eventOf(first), contextWith()),
      reporter()(eventOf(second), contextWith()),
    ]);

    expect(results).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(standIns.refreshRequests).toHaveLength(1);
    expect(standIns.gatewayRequests.map((r) => r.authorization)).toEqual([
      'Bearer Atza|refreshed-access-token-1',
      'Bearer Atza|refreshed-access-token-1',
    ]);
  });

  test('invalid_grant marks the grant revoked: nothing sent, now or later, until a new AcceptGrant', async () => {
    await grants().save(SUBJECT, LINK_NA, grantOf('na', -1000), 'NA');
    standIns.revokedRefreshTokens.add('Atzr|grant-refresh-na');
    const result = await reporter()(
      eventOf(await recordOf(() => externalWrite('ON'))),
      contextWith()
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(standIns.gatewayRequests).toEqual([]);
    expect((await storedGrant())?.revokedReason).toEqual({ S: 'invalid_grant' });
    expect(counts).toEqual({ refreshFailed: 1, revoked: 1 });
    expect(logLines.join('\n')).toContain('invalid_grant');

    await reporter()(eventOf(await recordOf(() => externalWrite('OFF'))), contextWith());
    expect(standIns.refreshRequests).toHaveLength(1);
    expect(standIns.gatewayRequests).toEqual([]);

    // A new AcceptGrant replaces the item whole: the mark is gone and events flow again.
    await grants().save(SUBJECT, LINK_NA, grantOf('new'), 'NA');
    expect((await storedGrant())?.revokedAt).toBeUndefined();
    await reporter()(eventOf(await recordOf(() => externalWrite('ON'))), contextWith());
    expect(standIns.gatewayRequests.map((r) => r.authorization)).toEqual([
      'Bearer Atza|grant-access-new',
    ]);
  });
});

describe('gateway answers', () => {
  test('401 refreshes once and resends once, with the new token', async () => {
    standIns.gatewayScript.push({ status: 401, code: 'INVALID_ACCESS_TOKEN_EXCEPTION' });
    await reporter()(eventOf(await recordOf(() => externalWrite('ON'))), contextWith());
    expect(standIns.refreshRequests).toHaveLength(1);
    expect(standIns.gatewayRequests.map((r) => r.authorization)).toEqual([
      'Bearer Atza|grant-access-na',
      'Bearer Atza|refreshed-access-token-1',
    ]);
    const [before, after] = standIns.gatewayRequests.map(
      (r) => (r.body.event as { endpoint: { scope: { token: string } } }).endpoint.scope.token
    );
    expect([before, after]).toEqual(['Atza|grant-access-na', 'Atza|refreshed-access-token-1']);
    expect(counts).toEqual({ sent: 1 });
  });

  test('401 twice: refused, dropped after one refresh', async () => {
    standIns.gatewayScript.push({ status: 401 }, { status: 401 });
    const result = await reporter()(
      eventOf(await recordOf(() => externalWrite('ON'))),
      contextWith()
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(standIns.gatewayRequests).toHaveLength(2);
    expect(standIns.refreshRequests).toHaveLength(1);
    expect(counts).toEqual({ refused: 1 });
  });

  test.each(['SKILL_DISABLED_EXCEPTION', 'INSUFFICIENT_PERMISSION_EXCEPTION'])(
    '403 %s stops events for that user',
    async (code) => {
      standIns.gatewayScript.push({ status: 403, code });
      await reporter()(eventOf(await recordOf(() => externalWrite('ON'))), contextWith());
      expect(standIns.gatewayRequests).toHaveLength(1);
      expect((await storedGrant())?.revokedReason).toEqual({ S: code });
      expect(counts).toEqual({ refused: 1, revoked: 1 });

      await reporter()(eventOf(await recordOf(() => externalWrite('OFF'))), contextWith());
      expect(standIns.gatewayRequests).toHaveLength(1);
    }
  );

  test.each([429, 500, 503])('%i is retried after a pause, then sent', async (status) => {
    standIns.gatewayScript.push({ status }, { status });
    const result = await reporter()(
      eventOf(await recordOf(() => externalWrite('ON'))),
      contextWith()
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(standIns.gatewayRequests).toHaveLength(3);
    expect(counts).toEqual({ sent: 1 });
  });

  test('a gateway that stays down past the function time leaves the record for Lambda', async () => {
    for (let i = 0; i < 50; i += 1) standIns.gatewayScript.push({ status: 500 });
    const first = await recordOf(() => externalWrite('ON'));
    const second = await recordOf(() => externalWrite('OFF'));
    const result = await reporter()(eventOf(first, second), contextWith(3500));
    // The first undelivered record: Lambda retries from it, in order, then its on-failure destination.
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: first.dynamodb.SequenceNumber }],
    });
    expect(standIns.gatewayRequests.length).toBeGreaterThan(1);
    expect(standIns.gatewayRequests.every((r) => r.body.event !== undefined)).toBe(true);
  });

  test('a gateway that does not answer is timed out per call and retried', async () => {
    standIns.gatewayScript.push('hang');
    const result = await reporter({ gatewayTimeoutMs: 300 })(
      eventOf(await recordOf(() => externalWrite('ON'))),
      contextWith()
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(standIns.gatewayRequests).toHaveLength(2);
    expect(counts).toEqual({ sent: 1 });
  });

  test('400 is logged and dropped: a bug on our side, never retried', async () => {
    standIns.gatewayScript.push({ status: 400, code: 'INVALID_REQUEST_EXCEPTION' });
    const result = await reporter()(
      eventOf(await recordOf(() => externalWrite('ON'))),
      contextWith()
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(standIns.gatewayRequests).toHaveLength(1);
    expect(counts).toEqual({ refused: 1 });
    expect(logLines.join('\n')).toContain('INVALID_REQUEST_EXCEPTION');
  });
});

describe('bad secret', () => {
  test('a malformed secret is named in the log, no event is sent, the batch is left for a retry', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: EVENTS_SECRET_ID })
      .resolves({ SecretString: '{"clientId": "only"}' });
    await grants().save(SUBJECT, LINK_NA, grantOf('na', -1000), 'NA');
    const record = await recordOf(() => externalWrite('ON'));
    const result = await reporter()(eventOf(record), contextWith());
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: record.dynamodb.SequenceNumber }],
    });
    expect(standIns.gatewayRequests).toEqual([]);
    expect(standIns.refreshRequests).toEqual([]);
    expect(logLines.join('\n')).toContain(EVENTS_SECRET_ID);
    expect(counts).toEqual({ refreshFailed: 1 });
    // The lease was given back: the next call may refresh.
    expect((await storedGrant())?.refreshLeaseId).toBeUndefined();
  });
});
