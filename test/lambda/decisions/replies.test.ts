/**
 * Every reply the custom skill can give, asserted on its literal speech, reprompt, card and
 * whether the session ends. Expected values are written out: never built from the module's constants.
 */
import type { LinkingDecision } from '../../../lambda/core/linking-decision';
import {
  ERROR_REPLY,
  escapeSsml,
  firstName,
  notLinkedReply,
  speakable,
  type Reply,
} from '../../../lambda/core/replies';
import {
  GOODBYE_REPLY,
  fallbackReply,
  helpReply,
  launchReply,
  whichAccountReply,
} from '../../../lambda/custom-skill/greeting-replies';

const LINKED: LinkingDecision = {
  kind: 'linked',
  user: { userId: 'u-1', username: 'ada', scopes: ['openid'] },
};
const ASK = 'You can ask me which account is linked, or say stop.';
const CANT_CHECK: Reply = {
  speech:
    "Sorry, I can't check your Linked Greeter account right now. Please try again in a moment.",
  linkAccountCard: false,
  endSession: true,
};
const RENEW: Reply = {
  speech:
    "Your Linked Greeter account link needs renewing. I've sent a card to the Alexa app: open it to link your account again.",
  linkAccountCard: true,
  endSession: true,
};
const NOT_VERIFIED: Reply = {
  speech:
    "I couldn't verify your Linked Greeter account link. I've sent a card to the Alexa app: open it to link your account again.",
  linkAccountCard: true,
  endSession: true,
};
const LINK_FIRST: Reply = {
  speech:
    "To use Linked Greeter, link your account first. I've sent a card to the Alexa app to get you started.",
  linkAccountCard: true,
  endSession: true,
};

describe('notLinkedReply', () => {
  test.each<[string, Exclude<LinkingDecision, { kind: 'linked' }>, Reply]>([
    ['an unlinked user', { kind: 'unlinked' }, LINK_FIRST],
    ['an expired token', { kind: 'invalid', reason: 'expired' }, RENEW],
    ['a token with a bad signature', { kind: 'invalid', reason: 'bad-signature' }, NOT_VERIFIED],
    ['a token not yet valid', { kind: 'invalid', reason: 'not-yet-valid' }, NOT_VERIFIED],
    ['a refused token', { kind: 'invalid', reason: 'refused-by-server' }, NOT_VERIFIED],
    [
      'a key set that cannot be had',
      { kind: 'unverifiable', reason: 'key-set-unavailable' },
      CANT_CHECK,
    ],
    [
      'token-info that cannot be had',
      { kind: 'unverifiable', reason: 'token-info-unavailable' },
      CANT_CHECK,
    ],
  ])('%s', (_case, decision, expected) => {
    expect(notLinkedReply(decision, 'Linked Greeter')).toStrictEqual(expected);
  });

  test("speaks any skill's name, escaped for SSML", () => {
    expect(notLinkedReply({ kind: 'unlinked' }, "Tom & Jerry's <Taxi>").speech).toBe(
      "To use Tom &amp; Jerry&apos;s &lt;Taxi&gt;, link your account first. I've sent a card to the Alexa app to get you started."
    );
  });
});

describe('launchReply', () => {
  test('greets by first name, keeps the session open and reprompts', () => {
    expect(launchReply({ givenName: 'Ada Lovelace' })).toStrictEqual({
      speech: `Welcome back, Ada! ${ASK}`,
      reprompt: ASK,
      linkAccountCard: false,
      endSession: false,
    });
  });

  test.each([
    ['no profile', undefined],
    ['a profile without a name', { email: 'ada@example.com' }],
    ['a blank name', { givenName: '   ' }],
  ])('greets neutrally with %s', (_case, profile) => {
    expect(launchReply(profile)).toStrictEqual({
      speech: `Welcome back! ${ASK}`,
      reprompt: ASK,
      linkAccountCard: false,
      endSession: false,
    });
  });

  test('escapes the name it speaks', () => {
    expect(launchReply({ givenName: 'Tom&Jerry' }).speech).toBe(
      `Welcome back, Tom&amp;Jerry! ${ASK}`
    );
  });
});

describe('whichAccountReply', () => {
  test('speaks the email, escaped and trimmed, and ends the session', () => {
    expect(whichAccountReply({ email: "  o'neil&co@example.com " })).toStrictEqual({
      speech: 'This skill is linked to the account o&apos;neil&amp;co@example.com.',
      linkAccountCard: false,
      endSession: true,
    });
  });

  test.each([
    ['no profile', undefined],
    ['no email', { givenName: 'Ada' }],
    ['a blank email', { email: '  ' }],
  ])('says the account is linked without an email for %s', (_case, profile) => {
    expect(whichAccountReply(profile)).toStrictEqual({
      speech: "Your account is linked, but I couldn't look up its email address right now.",
      linkAccountCard: false,
      endSession: true,
    });
  });

  test('cuts the email at 254 characters, not 253 or 255', () => {
    const email = `${'a'.repeat(250)}@bcdefgh`;
    expect(whichAccountReply({ email }).speech).toBe(
      `This skill is linked to the account ${'a'.repeat(250)}@bcd.`
    );
  });
});

describe('helpReply', () => {
  test('a linked user hears what the skill does, and the session stays open', () => {
    expect(helpReply(LINKED)).toStrictEqual({
      speech: `Linked Greeter greets you by name. ${ASK}`,
      reprompt: ASK,
      linkAccountCard: false,
      endSession: false,
    });
  });

  test.each<[string, LinkingDecision]>([
    ['an unlinked user', { kind: 'unlinked' }],
    ['an invalid token', { kind: 'invalid', reason: 'expired' }],
  ])('%s is told to link, with the card', (_case, decision) => {
    expect(helpReply(decision)).toStrictEqual({
      speech:
        "Linked Greeter greets you by name once your account is linked. I've sent a card to the Alexa app: open it to link your account.",
      linkAccountCard: true,
      endSession: true,
    });
  });

  test('an unverifiable token gets the retry, no card', () => {
    expect(helpReply({ kind: 'unverifiable', reason: 'key-set-unavailable' })).toStrictEqual(
      CANT_CHECK
    );
  });
});

describe('fallbackReply', () => {
  test('a linked user is told what they can ask, and the session stays open', () => {
    expect(fallbackReply(LINKED)).toStrictEqual({
      speech: `Sorry, I can't help with that. ${ASK}`,
      reprompt: ASK,
      linkAccountCard: false,
      endSession: false,
    });
  });

  test.each<[string, LinkingDecision, Reply]>([
    ['an unlinked user', { kind: 'unlinked' }, LINK_FIRST],
    ['an expired token', { kind: 'invalid', reason: 'expired' }, RENEW],
    [
      'an unverifiable token',
      { kind: 'unverifiable', reason: 'token-info-unavailable' },
      CANT_CHECK,
    ],
  ])('%s gets the not-linked reply', (_case, decision, expected) => {
    expect(fallbackReply(decision)).toStrictEqual(expected);
  });
});

describe('fixed replies', () => {
  test('goodbye and the error apology end the session without a card', () => {
    expect(GOODBYE_REPLY).toStrictEqual({
      speech: 'Goodbye!',
      linkAccountCard: false,
      endSession: true,
    });
    expect(ERROR_REPLY).toStrictEqual({
      speech: 'Sorry, something went wrong on my side. Please try again later.',
      linkAccountCard: false,
      endSession: true,
    });
  });
});

describe('firstName', () => {
  test.each([
    ['tabs and new lines split words', 'Ada\tB', 'Ada'],
    ['several spaces between words', 'Grace   Hopper', 'Grace'],
    ['a forbidden character inside the name', 'Al\u0000an Turing', 'Alan'],
    ['a name of exactly 40 characters', 'x'.repeat(40), 'x'.repeat(40)],
    ['a name of 41 characters', 'y'.repeat(41), 'y'.repeat(40)],
    // 160 characters of spaces before the name: 4 x 40 are kept before trimming, so nothing is left.
    ['a name after 160 spaces', `${' '.repeat(160)}Ada`, undefined],
    ['a name after 159 spaces', `${' '.repeat(159)}Ada`, 'A'],
  ])('%s', (_case, given, expected) => {
    expect(firstName(given)).toBe(expected);
  });
});

describe('speakable', () => {
  test.each([
    ['tab, line feed and carriage return are kept', 'a\tb\nc\rd', 10, 'a\tb\nc\rd'],
    ['space and tilde are kept', ' ~', 10, ' ~'],
    ['DEL and C1 controls are dropped', 'a\u007fb\u0085c\u009fd', 10, 'abcd'],
    [
      'no-break space and the last BMP letters are kept',
      '\u00a0\ud7ff\ue000\ufffd',
      10,
      '\u00a0\ud7ff\ue000\ufffd',
    ],
    ['U+FFFE and U+FFFF are dropped', 'a\ufffeb\uffffc', 10, 'abc'],
    ['a lone low surrogate is dropped', 'a\udc00b', 10, 'ab'],
    ['an astral character counts once', '😀😀😀', 2, '😀😀'],
    ['the unit separator is dropped', 'a\u001fb', 10, 'ab'],
  ])('%s', (_case, text, max, expected) => {
    expect(speakable(text, max)).toBe(expected);
  });

  test('reads at most 8 UTF-16 units per character allowed', () => {
    // 16 forbidden characters, then text: with a limit of 2, only the first 16 units are read.
    expect(speakable(`${'\u0001'.repeat(16)}ab`, 2)).toBe('');
    expect(speakable(`${'\u0001'.repeat(15)}ab`, 2)).toBe('a');
  });
});

describe('escapeSsml', () => {
  test.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
    ['a&b<c>d"e\'f', 'a&amp;b&lt;c&gt;d&quot;e&apos;f'],
    ['plain', 'plain'],
  ])('%s', (text, expected) => {
    expect(escapeSsml(text)).toBe(expected);
  });
});
