/**
 * The device table's first-layout items and where each moves (or that it stays), item by item.
 */
import {
  migrationOf,
  type StoredItem,
} from '../../../lambda/core/smart-home/device-table-migration';

const S = (value: string) => ({ S: value });
const lamp = { endpointId: S('lamp-1'), powerState: S('ON'), brightness: { N: '40' } };

describe('migrationOf', () => {
  test('a bare-subject endpoint moves under subject#, attributes kept', () => {
    expect(migrationOf({ userId: S('auth0|ada'), itemId: S('endpoint#lamp-1'), ...lamp })).toEqual({
      kind: 'move',
      put: [{ userId: S('subject#auth0|ada'), itemId: S('endpoint#lamp-1'), ...lamp }],
      remove: { partition: 'auth0|ada', itemId: 'endpoint#lamp-1' },
    });
  });

  test('an endpoint under a subject that looked like a link partition moves like any other', () => {
    const item = { userId: S('alexa-user#amzn1.ask.account.V'), itemId: S('endpoint#lamp-1') };
    expect(migrationOf(item)).toMatchObject({
      kind: 'move',
      put: [{ userId: S('subject#alexa-user#amzn1.ask.account.V') }],
    });
  });

  test('the one grant item becomes a grant no Alexa user claims', () => {
    const tokens = { accessToken: S('Atza|x'), refreshToken: S('Atzr|y') };
    expect(migrationOf({ userId: S('u1'), itemId: S('alexa-events-grant'), ...tokens })).toEqual({
      kind: 'move',
      put: [
        {
          userId: S('subject#u1'),
          itemId: S('alexa-events-grant#legacy'),
          ...tokens,
        },
      ],
      remove: { partition: 'u1', itemId: 'alexa-events-grant' },
    });
  });

  test('the link item becomes one item on each side', () => {
    const at = S('2026-01-02T03:04:05.000Z');
    expect(
      migrationOf({
        userId: S('alexa-user#amzn1.ask.account.A'),
        itemId: S('linked-subject'),
        subject: S('u1'),
        linkedAt: at,
      })
    ).toEqual({
      kind: 'move',
      put: [
        {
          userId: S('alexa-user#amzn1.ask.account.A'),
          itemId: S('linked-subject#u1'),
          subject: S('u1'),
          linkedAt: at,
        },
        { userId: S('subject#u1'), itemId: S('alexa-user#amzn1.ask.account.A'), linkedAt: at },
      ],
      remove: { partition: 'alexa-user#amzn1.ask.account.A', itemId: 'linked-subject' },
    });
  });

  test('a link item without a time gets none on the subject side', () => {
    const migration = migrationOf({
      userId: S('alexa-user#A'),
      itemId: S('linked-subject'),
      subject: S('u1'),
    });
    expect(migration.kind === 'move' && migration.put[1]).toEqual({
      userId: S('subject#u1'),
      itemId: S('alexa-user#A'),
    });
  });

  test.each<[string, StoredItem]>([
    ['a current endpoint', { userId: S('subject#u1'), itemId: S('endpoint#lamp-1') }],
    ['a current grant', { userId: S('subject#u1'), itemId: S('alexa-events-grant#ab') }],
    [
      'a current grant named like the old one',
      { userId: S('subject#u1'), itemId: S('alexa-events-grant') },
    ],
    ['a current link', { userId: S('alexa-user#A'), itemId: S('linked-subject#u1') }],
    ['a current Alexa user of an account', { userId: S('subject#u1'), itemId: S('alexa-user#A') }],
    ['a link item without a subject', { userId: S('alexa-user#A'), itemId: S('linked-subject') }],
    [
      'a link item with an empty subject',
      { userId: S('alexa-user#A'), itemId: S('linked-subject'), subject: S('') },
    ],
    [
      'a link item with no Alexa user ID',
      { userId: S('alexa-user#'), itemId: S('linked-subject'), subject: S('u1') },
    ],
    [
      'linked-subject outside an Alexa user partition',
      { userId: S('u1'), itemId: S('linked-subject'), subject: S('u2') },
    ],
    ['an item of another kind', { userId: S('u1'), itemId: S('something-else') }],
    ['an item without keys', { userId: S('u1') }],
    ['an item without a partition', { itemId: S('endpoint#lamp-1') }],
  ])('%s stays as it is', (_name, item) => {
    expect(migrationOf(item)).toEqual({ kind: 'current' });
  });
});
