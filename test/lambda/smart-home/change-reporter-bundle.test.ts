/**
 * The change reporter as Lambda runs it: its esbuild bundle from a synthesized assembly, loaded
 * with the function's own environment from the template, reaching dynalite for the table, a
 * loopback Secrets Manager for the messaging credentials, and the stand-ins for Login with Amazon
 * and the three regional event gateways (by their real origins). The stream records are built
 * from real items, as DynamoDB would send them.
 */
import * as fs from 'node:fs';
import { UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { createDynamoDbEventsGrants } from '../../../lambda/adapters/alexa-events-grants-dynamodb';
import { createDynamoDbDeviceStore } from '../../../lambda/adapters/device-store-dynamodb';
import {
  endpointItemId,
  grantItemId,
  subjectPartition,
} from '../../../lambda/core/smart-home/device-table-keys';
import { startSecretsStandIn } from '../../support/app-to-app-stand-in';
import { synthesizeSkill, loadBundledHandler, type SynthesizedSkill } from '../../support/bundle';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import {
  imageOf,
  startEventsStandIns,
  streamRecord,
  type EventsStandIns,
} from '../../support/event-gateway-stand-in';
import { EVENTS_CREDENTIALS } from '../../support/lwa-token-stand-in';
import { captureOutput } from '../../support/output-capture';
import { EVENTS_SECRET_ID, freshDeviceTable } from '../../support/smart-home-harness';

const DESCRIPTION_PREFIX = 'Alexa change reporter';
const SUBJECT = 'user-bundle-5e5e';
const LINK = 'b'.repeat(64);
const ENDPOINT = 'lamp-bundle-1';

type StreamHandler = (
  event: { Records: ReturnType<typeof streamRecord>[] },
  context: { getRemainingTimeInMillis(): number }
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

let skill: SynthesizedSkill;
let dynamo: LocalDynamo;
let standIns: EventsStandIns;
let secrets: Awaited<ReturnType<typeof startSecretsStandIn>>;
let tableName: string;
let handler: StreamHandler;
let templateVariables: Record<string, unknown>;

const endpointKey = (): Record<string, AttributeValue> => ({
  userId: { S: subjectPartition(SUBJECT) },
  itemId: { S: endpointItemId(ENDPOINT) },
});
const grants = () => createDynamoDbEventsGrants({ client: dynamo.client, tableName });
const devices = () => createDynamoDbDeviceStore({ client: dynamo.client, tableName });
const context = () => {
  const deadline = Date.now() + 20_000;
  return { getRemainingTimeInMillis: () => deadline - Date.now() };
};

/** Runs `write` on the real table and returns the stream record DynamoDB would send for it. */
async function recordOf(write: () => Promise<unknown>) {
  const oldImage = await imageOf(dynamo.client, tableName, endpointKey());
  await write();
  const newImage = await imageOf(dynamo.client, tableName, endpointKey());
  return streamRecord({ keys: endpointKey(), oldImage, newImage });
}

/** What a device cloud writes when the lamp is switched at the wall. */
const switchedAtTheWall = (powerState: 'ON' | 'OFF') =>
  dynamo.client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: endpointKey(),
      UpdateExpression: 'SET powerState = :p, updatedAt = :at, lastChangeCause = :c',
      ExpressionAttributeValues: {
        ':p': { S: powerState },
        ':at': { S: new Date().toISOString() },
        ':c': { S: 'PHYSICAL_INTERACTION' },
      },
    })
  );

async function invoke(record: ReturnType<typeof streamRecord>) {
  return captureOutput(() => handler({ Records: [record] }, context()));
}

beforeAll(async () => {
  skill = synthesizeSkill({ skillType: 'smart-home', alexaEventsSecretName: EVENTS_SECRET_ID });
  const reporter = Object.values(skill.template.Resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      String(r.Properties.Description).startsWith(DESCRIPTION_PREFIX)
  );
  templateVariables = (reporter?.Properties.Environment as { Variables: Record<string, unknown> })
    .Variables;
  [dynamo, standIns, secrets] = await Promise.all([
    startDynalite(),
    startEventsStandIns(),
    startSecretsStandIn(EVENTS_SECRET_ID, JSON.stringify(EVENTS_CREDENTIALS)),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([dynamo?.close(), standIns?.close(), secrets?.close()]);
  if (skill) fs.rmSync(skill.assemblyDir, { recursive: true, force: true });
});

const AWS_VARIABLES = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL_DYNAMODB'];

beforeEach(async () => {
  standIns.reset();
  tableName = await freshDeviceTable(dynamo);
  // The template's environment, with the table's name in place of its Ref (set at deploy).
  const environment = Object.fromEntries(
    Object.entries(templateVariables).map(([name, value]) => [
      name,
      name === 'DEVICES_TABLE_NAME' ? tableName : String(value),
    ])
  );
  // Read by the AWS SDK on the first request, not at load: set for the test's calls.
  Object.assign(process.env, dynamo.env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url });
  handler = loadBundledHandler(
    {
      bundleDir: skill.bundleDirsByDescription[
        Object.keys(skill.bundleDirsByDescription).find((d) =>
          d.startsWith(DESCRIPTION_PREFIX)
        ) as string
      ] as string,
      handlerName: 'index.handler',
    },
    { ...environment, AWS_REGION: 'us-east-1' }
  ) as unknown as StreamHandler;
  await devices().addEndpoint(SUBJECT, {
    endpointId: ENDPOINT,
    friendlyName: 'Hall Lamp',
    state: { powerState: 'OFF', brightness: 70 },
  });
});

afterEach(() => {
  for (const name of AWS_VARIABLES) delete process.env[name];
});

test('the template gives the reporter its table and the events secret by name', () => {
  expect(templateVariables).toEqual(
    expect.objectContaining({
      DEVICES_TABLE_NAME: { Ref: 'SmartHomeDeviceTable' },
      ALEXA_EVENTS_SECRET_ID: EVENTS_SECRET_ID,
    })
  );
});

test('a change at the device reaches the grant’s regional gateway once, with its token, and no token is logged', async () => {
  await grants().save(
    SUBJECT,
    LINK,
    {
      accessToken: 'Atza|bundle-access-eu',
      refreshToken: 'Atzr|bundle-refresh-eu',
      accessTokenExpiresAt: new Date(Date.now() + 3600_000),
    },
    'EU'
  );
  const { result, output } = await invoke(await recordOf(() => switchedAtTheWall('ON')));

  expect(result).toEqual({ batchItemFailures: [] });
  expect(standIns.gatewayRequests).toHaveLength(1);
  const [request] = standIns.gatewayRequests;
  expect(request).toMatchObject({
    region: 'EU',
    path: '/v3/events',
    authorization: 'Bearer Atza|bundle-access-eu',
  });
  expect(request?.body).toMatchObject({
    event: {
      header: { namespace: 'Alexa', name: 'ChangeReport', payloadVersion: '3' },
      endpoint: { endpointId: ENDPOINT },
      payload: { change: { cause: { type: 'PHYSICAL_INTERACTION' } } },
    },
  });
  expect(standIns.refreshRequests).toEqual([]);
  expect(output).not.toMatch(/Atz[ar]\|/);
});

test('an expired grant is refreshed at Login with Amazon with the secret’s client, stored, and used', async () => {
  await grants().save(
    SUBJECT,
    LINK,
    {
      accessToken: 'Atza|bundle-access-old',
      refreshToken: 'Atzr|bundle-refresh-old',
      accessTokenExpiresAt: new Date(Date.now() - 60_000),
    },
    'NA'
  );
  const { result, output } = await invoke(await recordOf(() => switchedAtTheWall('ON')));

  expect(result).toEqual({ batchItemFailures: [] });
  expect(standIns.refreshRequests).toHaveLength(1);
  expect(standIns.refreshRequests[0]?.form).toMatchObject({
    grant_type: 'refresh_token',
    refresh_token: 'Atzr|bundle-refresh-old',
    client_id: EVENTS_CREDENTIALS.clientId,
    client_secret: EVENTS_CREDENTIALS.clientSecret,
  });
  const issued = standIns.issuedAccessTokens[0] as string;
  expect(standIns.gatewayRequests.map((r) => [r.region, r.authorization])).toEqual([
    ['NA', `Bearer ${issued}`],
  ]);
  const stored = await imageOf(dynamo.client, tableName, {
    userId: { S: subjectPartition(SUBJECT) },
    itemId: { S: grantItemId(LINK) },
  });
  expect(stored?.accessToken).toEqual({ S: issued });
  expect(secrets.reads).toContain(EVENTS_SECRET_ID);
  expect(output).not.toContain(EVENTS_CREDENTIALS.clientSecret);
  expect(output).not.toMatch(/Atz[ar]\|/);
});

test('a change the smart home function made for a directive sends nothing', async () => {
  await grants().save(
    SUBJECT,
    LINK,
    {
      accessToken: 'Atza|bundle-access-na',
      refreshToken: 'Atzr|bundle-refresh-na',
      accessTokenExpiresAt: new Date(Date.now() + 3600_000),
    },
    'NA'
  );
  const record = await recordOf(() =>
    devices().changeState(SUBJECT, ENDPOINT, (state) => ({ ...state, powerState: 'ON' }))
  );
  const { result } = await invoke(record);

  expect(result).toEqual({ batchItemFailures: [] });
  expect(standIns.gatewayRequests).toEqual([]);
});
