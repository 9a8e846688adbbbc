/**
 * The device table migration against dynalite (the table from the synthesized template): items
 * written as the first layout wrote them are moved, then the current function finds them: the
 * lamp keeps its state, and the Alexa user's erasure reaches all of it.
 */
import { PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createDynamoDbLinkedSubjects } from '../../lambda/skill-events/dynamodb-linked-subjects';
import { createSkillEventHandler } from '../../lambda/skill-events/skill-event';
import { starterEndpointId } from '../../lambda/runtime/smart-home/handle-directive';
import { migrateDeviceTable } from '../../scripts/migrate-device-table/command';
import { discover, reportState } from '../support/directives';
import { startDynalite, type LocalDynamo } from '../support/dynalite';
import { generateTestKey } from '../support/jwt';
import { skillDisabled } from '../support/skill-event-envelopes';
import { property, type SmartHomeEvent } from '../support/smart-home-events';
import {
  buildHandler,
  cognitoVerifierWith,
  freshDeviceTable,
  tokenFor,
} from '../support/smart-home-harness';

const key = generateTestKey('migration-key');
const SUB = '4d4d4d4d-dddd-4ddd-8ddd-dddddddddddd';
const ALEXA = 'amzn1.ask.account.MIGRATED';
const token = tokenFor(key, SUB);
const lamp = starterEndpointId(SUB);

let dynamo: LocalDynamo;
let tableName: string;
beforeAll(async () => {
  dynamo = await startDynalite();
}, 60_000);
afterAll(() => dynamo.close());

/** The three items the first layout wrote for a linked user, verbatim in shape. */
async function writeFirstLayout(): Promise<void> {
  const S = (value: string) => ({ S: value });
  const items: Record<string, AttributeValue>[] = [
    {
      userId: S(SUB),
      itemId: S(`endpoint#${lamp}`),
      endpointId: S(lamp),
      friendlyName: S('Smart Lamp'),
      powerState: S('ON'),
      brightness: { N: '40' },
      version: { N: '3' },
      updatedAt: S('2026-01-01T00:00:00.000Z'),
    },
    {
      userId: S(SUB),
      itemId: S('alexa-events-grant'),
      accessToken: S('Atza|first-layout'),
      refreshToken: S('Atzr|first-layout'),
      accessTokenExpiresAt: S('2026-01-01T01:00:00.000Z'),
      grantedAt: S('2026-01-01T00:00:00.000Z'),
    },
    {
      userId: S(`alexa-user#${ALEXA}`),
      itemId: S('linked-subject'),
      subject: S(SUB),
      linkedAt: S('2026-01-01T00:00:00.000Z'),
    },
  ];
  for (const Item of items) {
    await dynamo.client.send(new PutItemCommand({ TableName: tableName, Item }));
  }
}

const itemCount = async () =>
  (await dynamo.client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }))).Count;

beforeEach(async () => {
  tableName = await freshDeviceTable(dynamo);
  await writeFirstLayout();
});

test('moves every first-layout item; the function then reads the lamp and erases it all', async () => {
  const verifier = cognitoVerifierWith(key);
  const directives = buildHandler({ verifier, dynamo, tableName });
  const events = createSkillEventHandler({
    logger: new Logger({ serviceName: 'migration-test', logLevel: 'SILENT' }),
    linkedAccounts: {
      verifier,
      subjects: createDynamoDbLinkedSubjects({ client: dynamo.client, tableName }),
    },
    metrics: () => ({ recordSkillEvent: () => undefined }),
  });

  expect(await migrateDeviceTable({ client: dynamo.client, tableName, dryRun: true })).toEqual({
    scanned: 3,
    moved: 3,
    alreadyCurrent: 0,
  });
  expect(await migrateDeviceTable({ client: dynamo.client, tableName })).toEqual({
    scanned: 3,
    moved: 3,
    alreadyCurrent: 0,
  });
  // Lamp, grant, and the link's two items; nothing left to move.
  expect(await itemCount()).toBe(4);
  expect((await migrateDeviceTable({ client: dynamo.client, tableName })).moved).toBe(0);

  const state = await directives(reportState(token, lamp));
  expect(state.event.header.name).toBe('StateReport');
  expect(property(state as SmartHomeEvent, 'brightness').value).toBe(40);

  // The migrated link finds the account without a token in the event.
  expect((await events(skillDisabled(ALEXA, 'NOT_PERSISTED'))).erasedItems).toBe(4);
  expect(await itemCount()).toBe(0);
});

test('keeps what the function already wrote in the current layout, and still removes the old item', async () => {
  const directives = buildHandler({ verifier: cognitoVerifierWith(key), dynamo, tableName });
  // The user discovered after the deploy and before the migration: a fresh starter lamp.
  expect((await directives(discover(token))).event.header.name).toBe('Discover.Response');

  expect(await migrateDeviceTable({ client: dynamo.client, tableName })).toEqual({
    scanned: 4,
    moved: 3,
    alreadyCurrent: 1,
  });
  const state = await directives(reportState(token, lamp));
  expect(property(state as SmartHomeEvent, 'brightness').value).toBe(100);
  expect(await itemCount()).toBe(4);
});
