/**
 * The device table's key layout and the erasure decision, as pure functions: which partition
 * each kind of item lands in (never one another kind can name), and which items an Alexa user's
 * NOT_PERSISTED erasure deletes, in which order.
 */
import {
  alexaUserPartition,
  endpointItemId,
  grantItemId,
  linkFingerprint,
  linkedAlexaUserItemId,
  linkedSubjectItemId,
  linkedSubjectsOf,
  planErasure,
  subjectPartition,
  type SubjectItem,
} from '../../../lambda/core/smart-home/device-table-keys';

const ALEXA_A = 'amzn1.ask.account.A';
const ALEXA_B = 'amzn1.ask.account.B';
const LAMP = 'endpoint#lamp-1';

describe('the key layout', () => {
  test.each([
    ['subjectPartition', subjectPartition('auth0|ada'), 'subject#auth0|ada'],
    ['alexaUserPartition', alexaUserPartition(ALEXA_A), `alexa-user#${ALEXA_A}`],
    ['endpointItemId', endpointItemId('lamp-1'), 'endpoint#lamp-1'],
    ['grantItemId', grantItemId('ab12'), 'alexa-events-grant#ab12'],
    ['linkedSubjectItemId', linkedSubjectItemId('auth0|ada'), 'linked-subject#auth0|ada'],
    ['linkedAlexaUserItemId', linkedAlexaUserItemId(ALEXA_A), `alexa-user#${ALEXA_A}`],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  test.each([`alexa-user#${ALEXA_A}`, 'subject#x', '', ALEXA_A])(
    'no subject (%j) names an Alexa user partition',
    (subject) => {
      expect(subjectPartition(subject)).not.toBe(alexaUserPartition(ALEXA_A));
      expect(subjectPartition(subject).startsWith('alexa-user#')).toBe(false);
    }
  );

  test('a link fingerprint is the SHA-256 of the token in hex, never the token', () => {
    // echo -n abc | sha256sum
    expect(linkFingerprint('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    );
    expect(linkFingerprint('abd')).not.toBe(linkFingerprint('abc'));
  });

  test('linkedSubjectsOf reads the subjects from linked-subject items only', () => {
    expect(
      linkedSubjectsOf([
        'linked-subject#x',
        'linked-subject#auth0|y#z',
        'linked-subject#',
        'other#w',
        'alexa-events-grant#legacy',
      ])
    ).toEqual(['x', 'auth0|y#z']);
  });
});

describe('planErasure', () => {
  const own = linkedAlexaUserItemId(ALEXA_A);
  const other = linkedAlexaUserItemId(ALEXA_B);
  const plan = (subjects: Record<string, SubjectItem[]>, eventLinks: string[] = []) =>
    planErasure({
      alexaUserId: ALEXA_A,
      alexaUserItems: Object.keys(subjects).map(linkedSubjectItemId),
      subjects: new Map(Object.entries(subjects)),
      eventLinks,
    });

  test('a subject only this user linked goes whole, its link records last', () => {
    expect(
      plan({
        x: [{ itemId: LAMP }, { itemId: grantItemId('l1') }, { itemId: own, links: ['l1'] }],
      })
    ).toEqual({
      data: [
        { partition: 'subject#x', itemId: LAMP },
        { partition: 'subject#x', itemId: 'alexa-events-grant#l1' },
      ],
      links: [
        { partition: 'subject#x', itemId: own },
        { partition: `alexa-user#${ALEXA_A}`, itemId: 'linked-subject#x' },
      ],
    });
  });

  test('every linked subject is erased, not only the last', () => {
    const { data } = plan({ x: [{ itemId: LAMP }], y: [{ itemId: 'endpoint#lamp-2' }] });
    expect(data).toEqual([
      { partition: 'subject#x', itemId: LAMP },
      { partition: 'subject#y', itemId: 'endpoint#lamp-2' },
    ]);
  });

  test("a subject another Alexa user still uses keeps its devices and the other user's grants", () => {
    expect(
      plan({
        x: [
          { itemId: LAMP },
          { itemId: grantItemId('mine') },
          { itemId: grantItemId('theirs') },
          { itemId: grantItemId('unclaimed') },
          { itemId: own, links: ['mine'] },
          { itemId: other, links: ['theirs'] },
        ],
      })
    ).toEqual({
      data: [{ partition: 'subject#x', itemId: 'alexa-events-grant#mine' }],
      links: [
        { partition: 'subject#x', itemId: own },
        { partition: `alexa-user#${ALEXA_A}`, itemId: 'linked-subject#x' },
      ],
    });
  });

  test("the event's own token counts as this user's link even when no record holds it", () => {
    const { data } = plan(
      { x: [{ itemId: grantItemId('from-event') }, { itemId: other, links: ['theirs'] }] },
      ['from-event']
    );
    expect(data).toEqual([{ partition: 'subject#x', itemId: 'alexa-events-grant#from-event' }]);
  });

  test('nothing stored: nothing to delete', () => {
    expect(
      planErasure({ alexaUserId: ALEXA_A, alexaUserItems: [], subjects: new Map(), eventLinks: [] })
    ).toEqual({ data: [], links: [] });
    expect(plan({ x: [] })).toEqual({
      data: [],
      links: [{ partition: `alexa-user#${ALEXA_A}`, itemId: 'linked-subject#x' }],
    });
  });
});
