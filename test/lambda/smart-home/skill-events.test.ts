/**
 * Skill lifecycle events for the smart home skill, end to end against dynalite (the device table
 * created from the synthesized template): two linked users with lamps and stored Amazon tokens,
 * written by the real directive handler, then SkillDisabled erases by the linking server's user
 * ID, found from the token the event carries or from the link SkillAccountLinked recorded.
 */
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import {
  alexaUserPartition,
  linkFingerprint,
  subjectPartition,
} from '../../../lambda/core/smart-home/device-table-keys';
import { createDynamoDbLinkedSubjects } from '../../../lambda/skill-events/dynamodb-linked-subjects';
import {
  createSkillEventHandler,
  isSkillEventEnvelope,
  type SkillEventHandler,
} from '../../../lambda/skill-events/skill-event';
import type { DirectiveHandler } from '../../../lambda/runtime/smart-home/handle-directive';
import { createOidcLinkingVerifier } from '../../../lambda/verifiers/oidc/oidc-linking-verifier';
import type { LinkingVerifier } from '../../../lambda/verifiers/linking-verifier';
import { acceptGrant, discover, turnOn } from '../../support/directives';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import { generateTestKey, jwksOf, signRs256 } from '../../support/jwt';
import { captureOutput } from '../../support/output-capture';
import {
  AMAZON_TOKENS,
  EVENTS_CREDENTIALS,
  GOOD_GRANT_CODE,
  OTHER_AMAZON_TOKENS,
  OTHER_GRANT_CODE,
  startLwaStandIn,
  type LwaStandIn,
} from '../../support/lwa-token-stand-in';
import {
  skillAccountLinked,
  skillDisabled,
  skillEventEnvelope,
} from '../../support/skill-event-envelopes';
import {
  EVENTS_SECRET_ID,
  buildHandler,
  cognitoVerifierWith,
  freshDeviceTable,
  grantExchangeAt,
  tokenFor,
} from '../../support/smart-home-harness';

const key = generateTestKey('skill-events-key');
const SUB_A = '7a7a7a7a-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const SUB_B = '8b8b8b8b-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const ALEXA_A = 'amzn1.ask.account.USERA';
const ALEXA_B = 'amzn1.ask.account.USERB';
const tokenA = tokenFor(key, SUB_A);
const tokenB = tokenFor(key, SUB_B);
const expiredTokenA = tokenFor(key, SUB_A, { exp: Math.floor(Date.now() / 1000) - 3600 });
const secretsManager = mockClient(SecretsManagerClient);

let dynamo: LocalDynamo;
let lwa: LwaStandIn;
let tableName: string;
let directives: DirectiveHandler;
let events: SkillEventHandler;
const counted: [string, number | undefined][] = [];

beforeAll(async () => {
  [dynamo, lwa] = await Promise.all([startDynalite(), startLwaStandIn()]);
}, 60_000);
afterAll(() => Promise.all([dynamo.close(), lwa.close()]));

beforeEach(async () => {
  secretsManager.reset();
  secretsManager
    .on(GetSecretValueCommand, { SecretId: EVENTS_SECRET_ID })
    .resolves({ SecretString: JSON.stringify(EVENTS_CREDENTIALS) });
  tableName = await freshDeviceTable(dynamo);
  const verifier = cognitoVerifierWith(key);
  directives = buildHandler({
    verifier,
    dynamo,
    tableName,
    grantExchange: grantExchangeAt(lwa.tokenUrl),
  });
  // Wired as lambda/smart-home/index.ts wires it.
  counted.length = 0;
  events = createSkillEventHandler({
    logger: new Logger({ serviceName: 'skill-events-test', logLevel: 'SILENT' }),
    linkedAccounts: {
      verifier,
      subjects: createDynamoDbLinkedSubjects({ client: dynamo.client, tableName }),
    },
    metrics: () => ({
      recordSkillEvent: (eventType, erasedItems) => void counted.push([eventType, erasedItems]),
    }),
  });
  // Two users, each with a lamp and stored Amazon tokens, linked through the Alexa app.
  for (const token of [tokenA, tokenB]) {
    expect((await directives(discover(token))).event.header.name).toBe('Discover.Response');
    expect((await directives(acceptGrant(token, GOOD_GRANT_CODE))).event.header.name).toBe(
      'AcceptGrant.Response'
    );
  }
});

/** The item IDs stored in a partition, sorted. */
async function itemsOf(partition: string): Promise<string[]> {
  const { Items: items = [] } = await dynamo.client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'userId = :p',
      ExpressionAttributeValues: { ':p': { S: partition } },
      ConsistentRead: true,
    })
  );
  return items.map((item) => item.itemId?.S ?? '?').sort();
}

/** A user's lamp and the Amazon tokens granted through `token` (beforeEach's grants). */
const lampAndGrant = (token: string) => [
  `alexa-events-grant#${linkFingerprint(token)}`,
  expect.stringMatching(/^endpoint#lamp-[0-9a-f]{32}$/),
];
/** The same with the record of the Alexa user linked to the account through `token`. */
const lampGrantAndLink = (token: string, alexaUserId: string) => [
  `alexa-events-grant#${linkFingerprint(token)}`,
  `alexa-user#${alexaUserId}`,
  expect.stringMatching(/^endpoint#lamp-[0-9a-f]{32}$/),
];

describe('SkillAccountLinked records the link from the verified token', () => {
  test("one item on each side, in partitions of their own, naming the link's token by hash only", async () => {
    await events(skillAccountLinked(ALEXA_A, tokenA));
    const partition = async (userId: string) =>
      (
        await dynamo.client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'userId = :p',
            ExpressionAttributeValues: { ':p': { S: userId } },
          })
        )
      ).Items ?? [];
    const linked = await partition(alexaUserPartition(ALEXA_A));
    expect(linked).toEqual([
      expect.objectContaining({ itemId: { S: `linked-subject#${SUB_A}` }, subject: { S: SUB_A } }),
    ]);
    const account = await partition(subjectPartition(SUB_A));
    expect(account.find((item) => item.itemId?.S === `alexa-user#${ALEXA_A}`)?.links).toEqual({
      SS: [linkFingerprint(tokenA)],
    });
    expect(JSON.stringify([...linked, ...account])).not.toContain(tokenA);
  });

  test('a token that does not verify records nothing', async () => {
    await events(skillAccountLinked(ALEXA_A, expiredTokenA));
    await events(
      skillAccountLinked(ALEXA_B, tokenFor(key, SUB_B, { client_id: 'another-client' }))
    );
    expect(await itemsOf(alexaUserPartition(ALEXA_A))).toEqual([]);
    expect(await itemsOf(alexaUserPartition(ALEXA_B))).toEqual([]);
  });
});

describe('SkillDisabled with NOT_PERSISTED', () => {
  test("erases only A's devices, Amazon tokens and link (the event without a token)", async () => {
    await events(skillAccountLinked(ALEXA_A, tokenA));
    await events(skillAccountLinked(ALEXA_B, tokenB));
    expect(await itemsOf(subjectPartition(SUB_A))).toEqual(lampGrantAndLink(tokenA, ALEXA_A));

    const result = await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED'));

    // The lamp, the grant and the link's two items.
    expect(result).toEqual({ eventType: 'AlexaSkillEvent.SkillDisabled', erasedItems: 4 });
    expect(await itemsOf(subjectPartition(SUB_A))).toEqual([]);
    expect(await itemsOf(alexaUserPartition(ALEXA_A))).toEqual([]);
    expect(await itemsOf(subjectPartition(SUB_B))).toEqual(lampGrantAndLink(tokenB, ALEXA_B));
    expect(await itemsOf(alexaUserPartition(ALEXA_B))).toEqual([`linked-subject#${SUB_B}`]);
    expect(counted.at(-1)).toEqual(['AlexaSkillEvent.SkillDisabled', 4]);
  });

  test('erases by the valid access token the event carries, with no link recorded', async () => {
    const result = await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED', tokenA));
    expect(result.erasedItems).toBe(2);
    expect(await itemsOf(subjectPartition(SUB_A))).toEqual([]);
    expect(await itemsOf(subjectPartition(SUB_B))).toEqual(lampAndGrant(tokenB));
  });

  test('an expired token is not trusted for its subject: the recorded link decides', async () => {
    // Without a record, nothing is erased (and the event does not fail).
    expect((await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED', expiredTokenA))).erasedItems).toBe(
      0
    );
    expect(await itemsOf(subjectPartition(SUB_A))).toEqual(lampAndGrant(tokenA));
    await events(skillAccountLinked(ALEXA_A, tokenA));
    expect((await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED', expiredTokenA))).erasedItems).toBe(
      4
    );
    expect(await itemsOf(subjectPartition(SUB_A))).toEqual([]);
  });

  test('a repeated event is a no-op, and data already gone never fails it', async () => {
    await events(skillAccountLinked(ALEXA_A, tokenA));
    expect((await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED'))).erasedItems).toBe(4);
    expect((await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED'))).erasedItems).toBe(0);
    expect((await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED', tokenA))).erasedItems).toBe(0);
    // A user the skill never stored anything for.
    expect(
      (await events(skillDisabled('amzn1.ask.account.NEVERSEEN', 'NOT_PERSISTED'))).erasedItems
    ).toBe(0);
    expect(await itemsOf(subjectPartition(SUB_B))).toEqual(lampAndGrant(tokenB));
  });
});

describe('other events change nothing', () => {
  test('SkillDisabled with PERSISTED keeps everything (the user may come back)', async () => {
    await events(skillAccountLinked(ALEXA_A, tokenA));
    const result = await events(skillDisabled(ALEXA_A, 'PERSISTED', tokenA));
    expect(result).toEqual({ eventType: 'AlexaSkillEvent.SkillDisabled' });
    expect(await itemsOf(subjectPartition(SUB_A))).toEqual(lampGrantAndLink(tokenA, ALEXA_A));
    expect(await itemsOf(alexaUserPartition(ALEXA_A))).toEqual([`linked-subject#${SUB_A}`]);
  });

  test('SkillEnabled is counted and erases nothing', async () => {
    const result = await events(
      skillEventEnvelope('AlexaSkillEvent.SkillEnabled', { userId: ALEXA_A })
    );
    expect(result).toEqual({ eventType: 'AlexaSkillEvent.SkillEnabled' });
    expect(counted).toEqual([['AlexaSkillEvent.SkillEnabled', undefined]]);
    expect(await itemsOf(subjectPartition(SUB_A))).toEqual(lampAndGrant(tokenA));
  });
});

describe('the log', () => {
  test('one line per event with its type and outcome, never a user ID, subject or token', async () => {
    const verifier = cognitoVerifierWith(key);
    const logged = createSkillEventHandler({
      logger: new Logger({ serviceName: 'skill-events-test', logLevel: 'INFO' }),
      linkedAccounts: {
        verifier,
        subjects: createDynamoDbLinkedSubjects({ client: dynamo.client, tableName }),
      },
      metrics: () => ({ recordSkillEvent: () => undefined }),
    });
    const { output } = await captureOutput(async () => {
      await logged(skillAccountLinked(ALEXA_A, tokenA));
      await logged(skillDisabled(ALEXA_A, 'NOT_PERSISTED', expiredTokenA));
    });
    const lines = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.message === 'skill event')).toEqual([
      expect.objectContaining({
        eventType: 'AlexaSkillEvent.SkillAccountLinked',
        linkedAccount: 'token verified',
      }),
      expect.objectContaining({
        eventType: 'AlexaSkillEvent.SkillDisabled',
        userInformationPersistenceStatus: 'NOT_PERSISTED',
        linkedAccount: 'token not verified',
        erasedItems: 4,
      }),
    ]);
    for (const secret of [tokenA, expiredTokenA, ALEXA_A, SUB_A]) {
      expect(output).not.toContain(secret);
    }
  });
});

describe('isSkillEventEnvelope', () => {
  test.each([
    ['a skill event', skillDisabled(ALEXA_A, 'PERSISTED'), true],
    ['a directive', discover(tokenA), false],
    ['a custom skill request', { request: { type: 'LaunchRequest' } }, false],
    ['a request type that is not a string', { request: { type: 42 } }, false],
    ['nothing', undefined, false],
  ])('%s: %s', (_case, envelope, expected) => {
    expect(isSkillEventEnvelope(envelope)).toBe(expected);
  });
});

/** Every item in the table, as stored, in a stable order: what "untouched" is compared by. */
async function tableContents(): Promise<string[]> {
  const { Items: items = [] } = await dynamo.client.send(
    new ScanCommand({ TableName: tableName, ConsistentRead: true })
  );
  return items.map((item) => JSON.stringify(Object.entries(item).sort())).sort();
}

/** The Amazon access tokens from AcceptGrant that the table holds, sorted. */
async function storedAmazonTokens(): Promise<string[]> {
  const { Items: items = [] } = await dynamo.client.send(
    new ScanCommand({ TableName: tableName, ConsistentRead: true })
  );
  return items.flatMap((item) => (item.accessToken?.S ? [item.accessToken.S] : [])).sort();
}

/** The directive and skill event handlers on this table, wired as the function wires them. */
function wire(verifier: LinkingVerifier) {
  return {
    directives: buildHandler({
      verifier,
      dynamo,
      tableName,
      grantExchange: grantExchangeAt(lwa.tokenUrl),
    }),
    events: createSkillEventHandler({
      logger: new Logger({ serviceName: 'skill-events-test', logLevel: 'SILENT' }),
      linkedAccounts: {
        verifier,
        subjects: createDynamoDbLinkedSubjects({ client: dynamo.client, tableName }),
      },
      metrics: () => ({ recordSkillEvent: () => undefined }),
    }),
  };
}

describe('subjects and link records cannot collide (#18, item 5)', () => {
  // An OIDC server whose users choose their own subject (a username, say).
  const oidcKey = generateTestKey('chosen-subjects');
  const ISSUER = 'https://chosen-subjects.example/';
  const AUDIENCE = 'https://api.smart-lamp.example';
  const oidcToken = (sub: string) =>
    signRs256(oidcKey, {
      iss: ISSUER,
      sub,
      aud: AUDIENCE,
      iat: Math.floor(Date.now() / 1000) - 60,
      exp: Math.floor(Date.now() / 1000) + 3600,
    });
  const VICTIM = 'amzn1.ask.account.VICTIM';
  const ATTACKER = 'amzn1.ask.account.ATTACKER';

  test("a subject named like the victim's link record changes none of the victim's items", async () => {
    const verifier = createOidcLinkingVerifier({
      oidcIssuer: ISSUER,
      oidcAudience: AUDIENCE,
      oidcClientId: 'alexa-client',
      oidcJwksUrl: `${ISSUER}.well-known/jwks.json`,
    });
    verifier.cacheJwks(jwksOf(oidcKey));
    const { directives: direct, events: skillEvents } = wire(verifier);
    const withoutVictim = await tableContents();
    const victimToken = oidcToken('victim');
    await skillEvents(skillAccountLinked(VICTIM, victimToken));
    await direct(discover(victimToken));
    await direct(acceptGrant(victimToken, GOOD_GRANT_CODE));
    const before = await tableContents();

    // The attacker's subject is the victim's link partition as the table used to spell it.
    const attackerToken = oidcToken(`alexa-user#${VICTIM}`);
    await skillEvents(skillAccountLinked(ATTACKER, attackerToken));
    const discovered = await direct(discover(attackerToken));
    const lamp = (discovered.event.payload.endpoints as { endpointId: string }[])[0]?.endpointId;
    expect(lamp).toBeDefined();
    await direct(turnOn(attackerToken, lamp as string));
    await direct(acceptGrant(attackerToken, OTHER_GRANT_CODE));
    await skillEvents(skillDisabled(ATTACKER, 'NOT_PERSISTED', attackerToken));

    expect(await tableContents()).toEqual(before);
    // And the victim's link still works: disabling erases the victim's data, all of it.
    await skillEvents(skillDisabled(VICTIM, 'NOT_PERSISTED'));
    expect(await tableContents()).toEqual(withoutVictim);
  });
});

describe('erasure reaches every account the Alexa user linked (#18, item 6)', () => {
  const SUB_X = '9c9c9c9c-cccc-4ccc-8ccc-cccccccccccc';
  const SUB_Y = 'adadadad-dddd-4ddd-8ddd-dddddddddddd';

  test("link X, re-link Y, disable: X's and Y's devices and tokens go, other users' stay", async () => {
    await events(skillAccountLinked(ALEXA_B, tokenB));
    const before = await tableContents();

    for (const token of [tokenFor(key, SUB_X), tokenFor(key, SUB_Y)]) {
      await events(skillAccountLinked(ALEXA_A, token));
      await directives(discover(token));
      await directives(acceptGrant(token, GOOD_GRANT_CODE));
    }
    expect((await tableContents()).length).toBeGreaterThan(before.length + 4);

    await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED'));

    expect(await tableContents()).toEqual(before);
  });
});

describe('Amazon event tokens are kept per Alexa user (#18, item 10)', () => {
  const SUB_C = 'bebebebe-eeee-4eee-8eee-eeeeeeeeeeee';

  test('two Alexa users linked to one account each keep their own tokens', async () => {
    // Each Alexa user's link has its own access token for the same subject.
    const granteeA = tokenFor(key, SUB_C, { jti: 'link-of-alexa-user-a' });
    const granteeB = tokenFor(key, SUB_C, { jti: 'link-of-alexa-user-b' });
    await events(skillAccountLinked(ALEXA_A, granteeA));
    await events(skillAccountLinked(ALEXA_B, granteeB));
    await directives(acceptGrant(granteeA, GOOD_GRANT_CODE));
    await directives(acceptGrant(granteeB, OTHER_GRANT_CODE));

    // SUB_A's and SUB_B's grants from beforeEach, and one for each Alexa user of SUB_C.
    expect(await storedAmazonTokens()).toEqual(
      [
        AMAZON_TOKENS.access_token,
        AMAZON_TOKENS.access_token,
        AMAZON_TOKENS.access_token,
        OTHER_AMAZON_TOKENS.access_token,
      ].sort()
    );

    // A leaving erases A's tokens, not B's (B still uses the account).
    await events(skillDisabled(ALEXA_A, 'NOT_PERSISTED'));
    expect(await storedAmazonTokens()).toEqual(
      [
        AMAZON_TOKENS.access_token,
        AMAZON_TOKENS.access_token,
        OTHER_AMAZON_TOKENS.access_token,
      ].sort()
    );
  });
});
