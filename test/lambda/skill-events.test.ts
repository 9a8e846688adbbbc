import type { AddressInfo } from 'node:net';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  QueryCommand,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import type { RequestEnvelope } from 'ask-sdk-model';
import { createDynamoDbUserDataEraser } from '../../lambda/skill-events/dynamodb-user-data-eraser';
import { SKILL_ID } from '../support/infra';
import { generateTestKey } from '../support/jwt';
import { startSkillHarness, type SkillHarness } from '../support/skill-harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- dynalite ships no types
const dynalite = require('dynalite') as (options: Record<string, unknown>) => {
  listen(port: number, host: string, done: () => void): void;
  close(done: () => void): void;
  address(): AddressInfo;
};

const USER = 'amzn1.ask.account.DISABLING';
const OTHER = 'amzn1.ask.account.STAYING';
const TABLE = 'smart-home-state';
let server: ReturnType<typeof dynalite>;
let endpoint: string;
let client: DynamoDBClient;
const clientConfig = () => ({
  endpoint,
  region: 'us-east-1',
  // dynalite accepts any credentials; these are not secrets.
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

beforeAll(async () => {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${server.address().port}`;
  client = new DynamoDBClient(clientConfig());
});
afterAll(async () => {
  client.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let tableCounter = 0;
/** A fresh table from a key schema: partition key userId, and a sort key when given. */
async function createTable(sortKey?: string): Promise<string> {
  tableCounter += 1;
  const name = `${TABLE}-${tableCounter}`;
  const keySchema: KeySchemaElement[] = [{ AttributeName: 'userId', KeyType: 'HASH' }];
  if (sortKey) keySchema.push({ AttributeName: sortKey, KeyType: 'RANGE' });
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: keySchema,
      AttributeDefinitions: keySchema.map((k) => ({
        AttributeName: k.AttributeName as string,
        AttributeType: 'S',
      })),
      BillingMode: 'PAY_PER_REQUEST',
    })
  );
  return name;
}

async function put(table: string, items: Record<string, string>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table]: items.slice(i, i + 25).map((item) => ({
            PutRequest: {
              Item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }])),
            },
          })),
        },
      })
    );
  }
}

async function itemsOf(table: string, userId: string): Promise<number> {
  const result = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': { S: userId } },
    })
  );
  return result.Count ?? 0;
}

/** A smart home user's state: devices and the stored Amazon event token. */
const storedState = (userId: string, devices: number) => [
  ...Array.from({ length: devices }, (_, i) => ({
    userId,
    itemId: `device#${i}`,
    name: `Lamp ${i}`,
  })),
  { userId, itemId: 'event-token', refreshTokenRef: 'encrypted-elsewhere' },
];

let requestCounter = 0;
/** A skill event envelope, as Alexa sends it to the skill's events endpoint. */
function skillEvent(
  type: string,
  body: Record<string, unknown> = {},
  userId = USER
): RequestEnvelope {
  requestCounter += 1;
  return {
    version: '1.0',
    context: {
      System: {
        application: { applicationId: SKILL_ID },
        user: { userId },
        apiEndpoint: 'https://api.amazonalexa.com',
        apiAccessToken: 'not-a-real-api-token',
      },
    },
    request: {
      type,
      requestId: `amzn1.echo-api.request.event-${requestCounter}`,
      timestamp: new Date().toISOString(),
      eventCreationTime: new Date().toISOString(),
      eventPublishingTime: new Date().toISOString(),
      body,
    },
  } as unknown as RequestEnvelope;
}

function logLinesOf(logs: string, message: string): Record<string, unknown>[] {
  return logs
    .split('\n')
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === message);
}

function emfValue(logs: string, name: string): unknown[] {
  return logs
    .split('\n')
    .filter((line) => line.includes('"_aws"') && line.includes(`"${name}"`))
    .map((line) => (JSON.parse(line) as Record<string, unknown>)[name]);
}

describe('skill lifecycle events through the skill function', () => {
  let harness: SkillHarness;
  let table: string;
  beforeEach(async () => {
    table = await createTable('itemId');
    await put(table, [...storedState(USER, 3), ...storedState(OTHER, 2)]);
    // The environment contract the stack sets; the SDK reads its endpoint override from the environment too.
    process.env.USER_DATA_TABLE_NAME = table;
    process.env.USER_DATA_TABLE_SORT_KEY = 'itemId';
    process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    harness = await startSkillHarness({ keys: [generateTestKey('k')] });
  });
  afterEach(async () => {
    await harness.close();
    for (const name of [
      'USER_DATA_TABLE_NAME',
      'USER_DATA_TABLE_SORT_KEY',
      'AWS_ENDPOINT_URL_DYNAMODB',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
    ]) {
      delete process.env[name];
    }
  });

  test('SkillDisabled, NOT_PERSISTED: erases the user’s devices and event token, and no one else’s', async () => {
    const { response, logs } = await harness.invokeCapturingLogs(
      skillEvent('AlexaSkillEvent.SkillDisabled', {
        userInformationPersistenceStatus: 'NOT_PERSISTED',
      })
    );
    expect(response.response).toEqual({});
    expect(await itemsOf(table, USER)).toBe(0);
    expect(await itemsOf(table, OTHER)).toBe(3);
    expect(logLinesOf(logs, 'skill event')).toEqual([
      expect.objectContaining({
        eventType: 'AlexaSkillEvent.SkillDisabled',
        userInformationPersistenceStatus: 'NOT_PERSISTED',
        erasedItems: 4,
      }),
    ]);
    expect(emfValue(logs, 'UserDataErased')).toEqual([4]);
    expect(emfValue(logs, 'SkillEvents')).toEqual([1]);
    expect(logs).not.toContain(USER);
  });

  test('is idempotent: the same event again erases nothing and does not fail', async () => {
    const event = () =>
      skillEvent('AlexaSkillEvent.SkillDisabled', {
        userInformationPersistenceStatus: 'NOT_PERSISTED',
      });
    await harness.invoke(event());
    const { response, logs } = await harness.invokeCapturingLogs(event());
    expect(response.response).toEqual({});
    expect(logLinesOf(logs, 'skill event')[0]).toEqual(expect.objectContaining({ erasedItems: 0 }));
    expect(logLinesOf(logs, 'request failed')).toEqual([]);
  });

  test('SkillDisabled, PERSISTED: the user may come back, so nothing is erased', async () => {
    const { logs } = await harness.invokeCapturingLogs(
      skillEvent('AlexaSkillEvent.SkillDisabled', { userInformationPersistenceStatus: 'PERSISTED' })
    );
    expect(await itemsOf(table, USER)).toBe(4);
    expect(logLinesOf(logs, 'skill event')[0]).toEqual(
      expect.objectContaining({ userInformationPersistenceStatus: 'PERSISTED' })
    );
    expect(logLinesOf(logs, 'skill event')[0]).not.toHaveProperty('erasedItems');
  });

  test.each([
    ['AlexaSkillEvent.SkillEnabled', {}],
    [
      'AlexaSkillEvent.SkillAccountLinked',
      { accessToken: 'Atza|linked-account-token-never-logged' },
    ],
    ['AlexaSkillEvent.SkillPermissionAccepted', { acceptedPermissions: [] }],
  ])('%s is logged and counted, touching no data', async (type, body) => {
    const { response, logs } = await harness.invokeCapturingLogs(skillEvent(type, body));
    expect(response.response).toEqual({});
    expect(await itemsOf(table, USER)).toBe(4);
    expect(logLinesOf(logs, 'skill event')).toEqual([expect.objectContaining({ eventType: type })]);
    const counted = logs
      .split('\n')
      .filter((line) => line.includes('"SkillEvents"'))
      .map((line) => (JSON.parse(line) as { EventType?: string }).EventType);
    expect(counted).toEqual([type]);
    expect(logs).not.toContain('linked-account-token-never-logged');
  });
});

describe('without a user-data table', () => {
  test('SkillDisabled is logged and counted with nothing to erase', async () => {
    const harness = await startSkillHarness({ keys: [generateTestKey('k')] });
    try {
      const { response, logs } = await harness.invokeCapturingLogs(
        skillEvent('AlexaSkillEvent.SkillDisabled', {
          userInformationPersistenceStatus: 'NOT_PERSISTED',
        })
      );
      expect(response.response).toEqual({});
      expect(logLinesOf(logs, 'skill event')[0]).not.toHaveProperty('erasedItems');
    } finally {
      await harness.close();
    }
  });
});

describe('DynamoDbUserDataEraser', () => {
  test('deletes more than one batch of items (60 devices) for a table with a sort key', async () => {
    const table = await createTable('itemId');
    await put(table, [...storedState(USER, 60), ...storedState(OTHER, 1)]);
    const eraser = createDynamoDbUserDataEraser({
      tableName: table,
      sortKey: 'itemId',
      clientConfig: clientConfig(),
    });
    expect(await eraser.eraseUser(USER)).toBe(61);
    expect(await itemsOf(table, USER)).toBe(0);
    expect(await itemsOf(table, OTHER)).toBe(2);
    expect(await eraser.eraseUser(USER)).toBe(0);
  });

  test('works on a table keyed by userId alone', async () => {
    const table = await createTable();
    await put(table, [
      { userId: USER, eventToken: 'stored' },
      { userId: OTHER, eventToken: 'stored' },
    ]);
    const eraser = createDynamoDbUserDataEraser({ tableName: table, clientConfig: clientConfig() });
    expect(await eraser.eraseUser(USER)).toBe(1);
    expect(await itemsOf(table, USER)).toBe(0);
    expect(await itemsOf(table, OTHER)).toBe(1);
  });

  test('fails loudly (for a retry) when the table does not exist', async () => {
    expect.assertions(1);
    const eraser = createDynamoDbUserDataEraser({
      tableName: 'no-such-table',
      clientConfig: clientConfig(),
    });
    await expect(eraser.eraseUser(USER)).rejects.toThrow(/resource not found|ResourceNotFound/i);
  });
});
