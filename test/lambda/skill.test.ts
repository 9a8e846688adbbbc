import type { ResponseEnvelope } from 'ask-sdk-model';
import { intentRequest, launchRequest, sessionEndedRequest } from '../support/envelopes';
import {
  ISSUER,
  accessTokenClaims,
  generateTestKey,
  hs256WithPublicKey,
  idTokenClaims,
  signRs256,
  unsignedToken,
  withTamperedPayload,
} from '../support/jwt';
import { startSkillHarness, type SkillHarness } from '../support/skill-harness';

const key = generateTestKey('key-1');
const foreignKeyWithSameKid = generateTestKey('key-1');
const unpublishedKey = generateTestKey('key-unpublished');
const now = () => Math.floor(Date.now() / 1000);

const validToken = signRs256(key, accessTokenClaims());

const UNLINKED = {
  ssml: "<speak>To use Linked Greeter, link your account first. I've sent a card to the Alexa app to get you started.</speak>",
  card: { type: 'LinkAccount' },
  shouldEndSession: true,
};
const INVALID = {
  ssml: "<speak>I couldn't verify your Linked Greeter account link. I've sent a card to the Alexa app: open it to link your account again.</speak>",
  card: { type: 'LinkAccount' },
  shouldEndSession: true,
};
const EXPIRED = {
  ssml: "<speak>Your Linked Greeter account link needs renewing. I've sent a card to the Alexa app: open it to link your account again.</speak>",
  card: { type: 'LinkAccount' },
  shouldEndSession: true,
};
const UNVERIFIABLE = {
  ssml: "<speak>Sorry, I can't check your Linked Greeter account right now. Please try again in a moment.</speak>",
  card: undefined,
  shouldEndSession: true,
};
const GREETING = {
  ssml: '<speak>Welcome back, Ada! You can ask me which account is linked, or say stop.</speak>',
  card: undefined,
  shouldEndSession: false,
};

function shapeOf(envelope: ResponseEnvelope) {
  const { outputSpeech, card, shouldEndSession } = envelope.response;
  return { ssml: (outputSpeech as { ssml?: string } | undefined)?.ssml, card, shouldEndSession };
}

let harness: SkillHarness;
beforeEach(async () => {
  harness = await startSkillHarness({ keys: [key] });
});
afterEach(() => harness.close());

describe('LaunchRequest: every state a token can be in', () => {
  test.each([
    ['no token', undefined, UNLINKED],
    ['an empty token', '', UNLINKED],
    ['a valid token', validToken, GREETING],
    [
      'an expired token',
      signRs256(key, accessTokenClaims({ iat: now() - 7200, exp: now() - 3600 })),
      EXPIRED,
    ],
    [
      'a token not valid yet (nbf in the future)',
      signRs256(key, accessTokenClaims({ nbf: now() + 3600 })),
      INVALID,
    ],
    [
      'a token for another client',
      signRs256(key, accessTokenClaims({ client_id: 'someotherclient' })),
      INVALID,
    ],
    [
      'a token from another issuer',
      signRs256(
        key,
        accessTokenClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' })
      ),
      INVALID,
    ],
    ['an ID token instead of the access token', signRs256(key, idTokenClaims()), INVALID],
    [
      'a tampered payload',
      withTamperedPayload(validToken, accessTokenClaims({ sub: 'someone-else' })),
      INVALID,
    ],
    ['alg: none', unsignedToken('key-1', accessTokenClaims()), INVALID],
    ['HS256 signed with the public key', hs256WithPublicKey(key, accessTokenClaims()), INVALID],
    [
      'a foreign key with the same kid',
      signRs256(foreignKeyWithSameKid, accessTokenClaims()),
      INVALID,
    ],
    // A key the key set does not hold (yet) may be a rotation it has not published: try again, no card.
    ['an unknown kid', signRs256(unpublishedKey, accessTokenClaims()), UNVERIFIABLE],
    ['garbage', 'not.a.token!', INVALID],
    ['a 100 KB string', 'a'.repeat(100 * 1024), INVALID],
    [
      'an opaque Login with Amazon token',
      'Atza|IwEBIA7xO0W9Qk1MbnYsb3dlcmNhc2VzdHVmZg-fake',
      INVALID,
    ],
  ])('%s', async (_case, accessToken, expected) => {
    const response = await harness.invoke(launchRequest({ accessToken }));
    expect(shapeOf(response)).toEqual(expected);
  });

  test('a linked greeting keeps the session open with a reprompt', async () => {
    const response = await harness.invoke(launchRequest({ accessToken: validToken }));
    expect(response.response.reprompt?.outputSpeech).toEqual({
      type: 'SSML',
      ssml: '<speak>You can ask me which account is linked, or say stop.</speak>',
    });
  });

  test('falls back to a neutral greeting when userInfo fails', async () => {
    harness.userInfoBehaviour = 'fail';
    const response = await harness.invoke(launchRequest({ accessToken: validToken }));
    expect(shapeOf(response)).toEqual({
      ssml: '<speak>Welcome back! You can ask me which account is linked, or say stop.</speak>',
      card: undefined,
      shouldEndSession: false,
    });
  });

  test('falls back to a neutral greeting within 1.5 s when userInfo is slow', async () => {
    harness.userInfoBehaviour = 'slow';
    const started = Date.now();
    const response = await harness.invoke(launchRequest({ accessToken: validToken }));
    expect(Date.now() - started).toBeLessThan(2500);
    expect(shapeOf(response).ssml).toBe(
      '<speak>Welcome back! You can ask me which account is linked, or say stop.</speak>'
    );
  });
});

describe('the key set cannot be fetched', () => {
  let cold: SkillHarness;
  beforeEach(async () => {
    cold = await startSkillHarness({ keys: [key], preloadJwks: false });
  });
  afterEach(() => cold.close());

  test.each(['down', 'garbage', 'not-found'] as const)(
    'JWKS endpoint %s: apologises without a card',
    async (behaviour) => {
      cold.jwksBehaviour = behaviour;
      expect(shapeOf(await cold.invoke(launchRequest({ accessToken: validToken })))).toEqual(
        UNVERIFIABLE
      );
    }
  );

  test("JWKS endpoint slow: apologises well within Alexa's 8 s", async () => {
    cold.jwksBehaviour = 'slow';
    const started = Date.now();
    const response = await cold.invoke(launchRequest({ accessToken: validToken }));
    const elapsed = Date.now() - started;
    expect(shapeOf(response)).toEqual(UNVERIFIABLE);
    // Two attempts of at most 1.5 s each.
    expect(elapsed).toBeLessThan(4000);
  });

  test('fetches the key set once, on first use, and never again for linked requests', async () => {
    for (let i = 0; i < 20; i += 1) {
      expect(shapeOf(await cold.invoke(launchRequest({ accessToken: validToken })))).toEqual(
        GREETING
      );
    }
    expect(cold.jwksServer.hits).toEqual(['/us-east-1_TestPool1/.well-known/jwks.json']);
  });
});

describe('intents', () => {
  test('WhichAccountIntent names the linked email', async () => {
    const response = await harness.invoke(
      intentRequest('WhichAccountIntent', { accessToken: validToken })
    );
    expect(shapeOf(response)).toEqual({
      ssml: '<speak>This skill is linked to the account ada@example.com.</speak>',
      card: undefined,
      shouldEndSession: true,
    });
  });

  test('WhichAccountIntent still answers when userInfo fails', async () => {
    harness.userInfoBehaviour = 'fail';
    const response = await harness.invoke(
      intentRequest('WhichAccountIntent', { accessToken: validToken })
    );
    expect(shapeOf(response).ssml).toBe(
      "<speak>Your account is linked, but I couldn't look up its email address right now.</speak>"
    );
  });

  test.each([
    ['WhichAccountIntent', undefined, UNLINKED],
    ['WhichAccountIntent', 'garbage', INVALID],
    ['AMAZON.FallbackIntent', undefined, UNLINKED],
    [
      'AMAZON.HelpIntent',
      undefined,
      {
        ssml: "<speak>Linked Greeter greets you by name once your account is linked. I've sent a card to the Alexa app: open it to link your account.</speak>",
        card: { type: 'LinkAccount' },
        shouldEndSession: true,
      },
    ],
    [
      'AMAZON.HelpIntent',
      validToken,
      {
        ssml: '<speak>Linked Greeter greets you by name. You can ask me which account is linked, or say stop.</speak>',
        card: undefined,
        shouldEndSession: false,
      },
    ],
    [
      'AMAZON.FallbackIntent',
      validToken,
      {
        ssml: "<speak>Sorry, I can't help with that. You can ask me which account is linked, or say stop.</speak>",
        card: undefined,
        shouldEndSession: false,
      },
    ],
    [
      'AMAZON.StopIntent',
      undefined,
      { ssml: '<speak>Goodbye!</speak>', card: undefined, shouldEndSession: true },
    ],
    [
      'AMAZON.CancelIntent',
      validToken,
      { ssml: '<speak>Goodbye!</speak>', card: undefined, shouldEndSession: true },
    ],
    [
      'AMAZON.StopIntent',
      'garbage',
      { ssml: '<speak>Goodbye!</speak>', card: undefined, shouldEndSession: true },
    ],
  ])('%s with token %#', async (intent, accessToken, expected) => {
    expect(shapeOf(await harness.invoke(intentRequest(intent, { accessToken })))).toEqual(expected);
  });

  test('SessionEndedRequest gets an empty response, linked or not', async () => {
    for (const accessToken of [undefined, validToken]) {
      const response = await harness.invoke(sessionEndedRequest({ accessToken }));
      expect(response.response).toEqual({});
    }
  });
});

describe('refusals and failures', () => {
  test('refuses a request for another skill ID before any handler runs', async () => {
    expect.assertions(2);
    await expect(
      harness.invoke(
        launchRequest({
          accessToken: validToken,
          applicationId: 'amzn1.ask.skill.99999999-9999-4999-8999-999999999999',
        })
      )
    ).rejects.toThrow(/CustomSkill ID verification failed/);
    expect(harness.userInfoServer.hits).toEqual([]);
  });

  test('an unexpected error gets an apology', async () => {
    const broken = { ...launchRequest({ accessToken: validToken }) };
    // A request type no handler knows.
    (broken.request as { type: string }).type = 'Alexa.Presentation.APL.UserEvent';
    const response = await harness.invoke(broken);
    expect(shapeOf(response)).toEqual({
      ssml: '<speak>Sorry, something went wrong on my side. Please try again later.</speak>',
      card: undefined,
      shouldEndSession: true,
    });
  });

  test('the issuer the verifier trusts is this pool', () => {
    expect(ISSUER).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1');
  });
});
