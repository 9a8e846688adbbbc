/**
 * Issue 19: the runtime API as a skill author uses it. "Taxi Orders" is a skill of its own, built
 * only from lambda/runtime's index (what `alexa-account-linking/runtime` exports), driven through
 * `skill.invoke(envelope)` with real RS256 tokens, the real Cognito verifier and its key set and
 * userInfo endpoint on loopback.
 */
import { SkillBuilders, getIntentName, getRequestType, type HandlerInput } from 'ask-sdk-core';
import type { ResponseEnvelope } from 'ask-sdk-model';
import {
  accountLinking,
  createLinkingVerifier,
  linkedUsersOnly,
  linkingDecisionOf,
  type AccountLinkingOptions,
} from '../../../lambda/runtime';
import { intentRequest, launchRequest, sessionResumedRequest } from '../../support/envelopes';
import { SKILL_ID } from '../../support/infra';
import {
  CLIENT_ID,
  USER_POOL_ID,
  accessTokenClaims,
  generateTestKey,
  signRs256,
} from '../../support/jwt';
import { PROFILE, startSkillHarness, type SkillHarness } from '../../support/skill-harness';

const key = generateTestKey('key-1');
const otherKey = generateTestKey('key-1');
const linkedToken = signRs256(key, accessTokenClaims());

const isIntent = (input: HandlerInput, name: string) =>
  getRequestType(input.requestEnvelope) === 'IntentRequest' &&
  getIntentName(input.requestEnvelope) === name;

/** Counts what its handlers' own code saw, so a test can tell who answered. */
const seen = { orders: [] as string[], helpDecisions: 0 };

/** A skill of its own: one linked-only intent, one plain intent, one that reads the decision. */
function taxiSkill(deps: Omit<AccountLinkingOptions, 'skillName'>) {
  const linking = accountLinking({ skillName: 'Taxi Orders', ...deps });
  const orderTaxi = linkedUsersOnly({
    canHandle: (input) => isIntent(input, 'OrderTaxiIntent'),
    async handle(input, { user, profile }) {
      seen.orders.push(user.userId);
      const email = (await profile())?.email ?? 'your account';
      return input.responseBuilder
        .speak(`Your taxi is booked for ${email}, scopes ${user.scopes.join(' ')}.`)
        .withShouldEndSession(true)
        .getResponse();
    },
  });
  const help = {
    canHandle: (input: HandlerInput) => isIntent(input, 'AMAZON.HelpIntent'),
    handle: (input: HandlerInput) =>
      input.responseBuilder
        .speak('Say: order a taxi.')
        .reprompt('Say: order a taxi.')
        .getResponse(),
  };
  const status = {
    canHandle: (input: HandlerInput) => isIntent(input, 'StatusIntent'),
    async handle(input: HandlerInput) {
      const decision = await linkingDecisionOf(input);
      seen.helpDecisions += 1;
      return input.responseBuilder.speak(`Your account is ${decision.kind}.`).getResponse();
    },
  };
  const crash = linkedUsersOnly({
    canHandle: (input) => isIntent(input, 'CrashIntent'),
    handle: () => {
      throw new Error(`upstream refused ${linkedToken}`);
    },
  });
  const builder = SkillBuilders.custom().addRequestHandlers(orderTaxi, help, status, crash);
  return linking.guard(linking.applyTo(builder).create());
}

function shapeOf(envelope: ResponseEnvelope) {
  const { outputSpeech, card, shouldEndSession } = envelope.response;
  return { ssml: (outputSpeech as { ssml?: string } | undefined)?.ssml, card, shouldEndSession };
}

const LINK_FIRST = {
  ssml: "<speak>To use Taxi Orders, link your account first. I've sent a card to the Alexa app to get you started.</speak>",
  card: { type: 'LinkAccount' },
  shouldEndSession: true,
};
const NOT_VERIFIED = {
  ssml: "<speak>I couldn't verify your Taxi Orders account link. I've sent a card to the Alexa app: open it to link your account again.</speak>",
  card: { type: 'LinkAccount' },
  shouldEndSession: true,
};
const CANT_CHECK = {
  ssml: "<speak>Sorry, I can't check your Taxi Orders account right now. Please try again in a moment.</speak>",
  card: undefined,
  shouldEndSession: true,
};

let harness: SkillHarness;
beforeEach(async () => {
  seen.orders = [];
  seen.helpDecisions = 0;
  harness = await startSkillHarness({ keys: [key], build: taxiSkill });
});
afterEach(() => harness.close());

describe('a linked-users-only handler of your own skill', () => {
  test('runs for a linked user, with the verified user and the profile', async () => {
    const response = await harness.invoke(
      intentRequest('OrderTaxiIntent', { accessToken: linkedToken })
    );
    expect(shapeOf(response)).toEqual({
      ssml: `<speak>Your taxi is booked for ${PROFILE.email}, scopes openid email profile.</speak>`,
      card: undefined,
      shouldEndSession: true,
    });
    expect(seen.orders).toEqual([PROFILE.sub]);
  });

  test.each([
    ['an unlinked user', undefined, LINK_FIRST],
    ['a token signed by another key', signRs256(otherKey, accessTokenClaims()), NOT_VERIFIED],
  ])(
    'answers %s with the LinkAccount card, never running its code',
    async (_case, token, expected) => {
      const response = await harness.invoke(
        intentRequest('OrderTaxiIntent', { accessToken: token })
      );
      expect(shapeOf(response)).toEqual(expected);
      expect(seen.orders).toEqual([]);
    }
  );

  test('answers "can\'t check right now" without a card when the key set is down', async () => {
    await harness.close();
    harness = await startSkillHarness({ keys: [key], build: taxiSkill, preloadJwks: false });
    harness.jwksBehaviour = 'down';
    const response = await harness.invoke(
      intentRequest('OrderTaxiIntent', { accessToken: linkedToken })
    );
    expect(shapeOf(response)).toEqual(CANT_CHECK);
    expect(seen.orders).toEqual([]);
  });

  test('an error in its code gets the apology, and the log never holds the token', async () => {
    const { response, logs } = await harness.invokeCapturingLogs(
      intentRequest('CrashIntent', { accessToken: linkedToken })
    );
    expect(shapeOf(response)).toEqual({
      ssml: '<speak>Sorry, something went wrong on my side. Please try again later.</speak>',
      card: undefined,
      shouldEndSession: true,
    });
    expect(logs).toContain('request failed');
    expect(logs).not.toContain(linkedToken);
    expect(logs).not.toContain(linkedToken.split('.')[2]);
  });
});

describe('plain handlers of your own skill', () => {
  test('a handler without linking answers everyone and verifies nothing', async () => {
    await harness.close();
    harness = await startSkillHarness({ keys: [key], build: taxiSkill, preloadJwks: false });
    harness.jwksBehaviour = 'down';
    const { response, logs } = await harness.invokeCapturingLogs(
      intentRequest('AMAZON.HelpIntent', { accessToken: linkedToken })
    );
    expect(shapeOf(response)).toEqual({
      ssml: '<speak>Say: order a taxi.</speak>',
      card: undefined,
      shouldEndSession: false,
    });
    expect(logs).toMatch(/"linking":"not-checked"/);
  });

  test.each([
    ['linked', linkedToken],
    ['unlinked', undefined],
    ['invalid', 'not.a-jwt'],
  ])('linkingDecisionOf gives the plain decision: %s', async (kind, token) => {
    const { response, logs } = await harness.invokeCapturingLogs(
      intentRequest('StatusIntent', { accessToken: token })
    );
    expect(shapeOf(response).ssml).toBe(`<speak>Your account is ${kind}.</speak>`);
    // The decision is in the request's log line and counted once: one verification per request.
    expect(logs).toContain(`"linking":"${kind}"`);
    expect(seen.helpDecisions).toBe(1);
  });
});

describe('misuse fails early, saying what to do', () => {
  test('a linked-only handler in a skill built without the linking step', async () => {
    expect.assertions(1);
    const skill = SkillBuilders.custom()
      .addRequestHandlers(
        linkedUsersOnly({
          canHandle: () => true,
          handle: (input) => input.responseBuilder.getResponse(),
        })
      )
      .create();
    await expect(skill.invoke(launchRequest({ accessToken: linkedToken }))).rejects.toThrow(
      /A handler marked linkedUsersOnly needs the account linking step, and this skill was built without it\. Add it to the skill builder: accountLinking\(\{ skillName \}\)\.applyTo\(SkillBuilders\.custom\(\)\.\.\.\)/
    );
  });

  test('the linking step in a function whose environment lacks the linking settings', () => {
    expect(() => accountLinking({ skillName: 'Taxi Orders', env: {} })).toThrow(
      /SKILL_ID is missing; expected amzn1\.ask\.skill\.<uuid>\.\n.*SkillFunction and SmartHomeFunction constructs .* set them/s
    );
    expect(() =>
      accountLinking({ skillName: 'Taxi Orders', env: { SKILL_ID, LINKING_SERVER: 'cognito' } })
    ).toThrow(
      /USER_POOL_ID is missing[\s\S]*USER_POOL_CLIENT_ID is missing[\s\S]*SIGN_IN_DOMAIN_URL is missing[\s\S]*SkillFunction and SmartHomeFunction/
    );
  });

  test('the linking step without a skill name', () => {
    expect(() => accountLinking({ skillId: SKILL_ID } as unknown as AccountLinkingOptions)).toThrow(
      "accountLinking({ skillName }) needs the skill's name as users hear it, e.g. { skillName: 'Taxi Orders' }; received undefined."
    );
  });

  test('linkedUsersOnly given something that is not a request handler', () => {
    expect(() =>
      linkedUsersOnly({ handle: () => undefined } as unknown as Parameters<
        typeof linkedUsersOnly
      >[0])
    ).toThrow(
      'linkedUsersOnly(handler) takes a request handler with canHandle(input) and handle(input, linked) methods; received an object with handle.'
    );
  });
});

describe('createLinkingVerifier, for any other code', () => {
  const settings = {
    linkingServer: 'cognito',
    userPoolId: USER_POOL_ID,
    userPoolClientId: CLIENT_ID,
    signInDomainUrl: 'https://example.auth.us-east-1.amazoncognito.com',
  } as const;

  test.each([
    [undefined, { kind: 'unlinked' }],
    ['', { kind: 'unlinked' }],
    ['not a token', { kind: 'invalid', reason: 'malformed' }],
  ])('returns the plain LinkingDecision (%#)', async (token, expected) => {
    await expect(createLinkingVerifier({ settings }).decide(token)).resolves.toEqual(expected);
  });

  test('reads the same settings from an environment, or names what is missing and what sets it', async () => {
    const verifier = createLinkingVerifier({
      env: {
        USER_POOL_ID,
        USER_POOL_CLIENT_ID: CLIENT_ID,
        SIGN_IN_DOMAIN_URL: settings.signInDomainUrl,
      },
    });
    await expect(verifier.decide(undefined)).resolves.toEqual({ kind: 'unlinked' });
    expect(() => createLinkingVerifier({ env: { LINKING_SERVER: 'oidc' } })).toThrow(
      /OIDC_ISSUER is missing[\s\S]*OIDC_JWKS_URL is missing[\s\S]*SkillFunction and SmartHomeFunction constructs/
    );
  });
});

describe('voice-forward account linking in your own skill (Login with Amazon)', () => {
  const resumed = (status: string, accessToken?: string) =>
    sessionResumedRequest(
      { token: 'voice-forward-account-linking', code: '200', status },
      { accessToken }
    );

  beforeEach(async () => {
    await harness.close();
    harness = await startSkillHarness({
      keys: [key],
      build: taxiSkill,
      voiceForwardAccountLinking: true,
    });
  });

  test("a linked-users-only handler hands an unlinked user to Amazon's linking skill, no card", async () => {
    const { response } = await harness.invoke(intentRequest('OrderTaxiIntent'));
    expect(response.outputSpeech).toEqual({
      type: 'SSML',
      ssml: "<speak>To use Taxi Orders, let's link your Amazon account.</speak>",
    });
    expect(response.card).toBeUndefined();
    expect(response.directives).toEqual([
      expect.objectContaining({
        type: 'Connections.StartConnection',
        uri: 'connection://AMAZON.AskForAccountLinking/1',
      }),
    ]);
    expect(response.shouldEndSession).toBeUndefined();
    expect(seen.orders).toEqual([]);
  });

  test('an invalid token still gets the card: the hand-over is for a first link', async () => {
    const response = await harness.invoke(
      intentRequest('OrderTaxiIntent', { accessToken: signRs256(otherKey, accessTokenClaims()) })
    );
    expect(shapeOf(response)).toEqual(NOT_VERIFIED);
  });

  test('the resumed session, with no handler of the skill for it, is answered by the linking step', async () => {
    expect(shapeOf(await harness.invoke(resumed('LINKED', linkedToken)))).toEqual({
      ssml: '<speak>Your Taxi Orders account is linked. What would you like to do?</speak>',
      card: undefined,
      shouldEndSession: false,
    });
    expect(shapeOf(await harness.invoke(resumed('DENIED')))).toEqual({
      ssml: '<speak>Okay. You can link your Taxi Orders account any time in the Alexa app.</speak>',
      card: undefined,
      shouldEndSession: true,
    });
    // Linked without a token, or not possible (no voice profile): the card, never a second hand-over.
    expect(shapeOf(await harness.invoke(resumed('LINKED')))).toEqual(LINK_FIRST);
    expect(shapeOf(await harness.invoke(resumed('USER_REQUIREMENTS_NOT_MET')))).toEqual(LINK_FIRST);
  });

  test('off (the default), the same unlinked request gets the card', async () => {
    await harness.close();
    harness = await startSkillHarness({ keys: [key], build: taxiSkill });
    expect(shapeOf(await harness.invoke(intentRequest('OrderTaxiIntent')))).toEqual(LINK_FIRST);
  });
});
