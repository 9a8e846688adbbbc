import { Logger } from '@aws-lambda-powertools/logger';
import { buildSkill } from '../../lambda/custom-skill/build-skill';
import { intentRequest, launchRequest, sessionEndedRequest } from '../support/envelopes';
import { SKILL_ID } from '../support/infra';
import { accessTokenClaims, generateTestKey, signRs256 } from '../support/jwt';
import { captureOutput } from '../support/output-capture';
import { startSkillHarness, type SkillHarness } from '../support/skill-harness';

const key = generateTestKey('key-1');
const tokens = {
  valid: signRs256(key, accessTokenClaims()),
  expired: signRs256(key, accessTokenClaims({ exp: Math.floor(Date.now() / 1000) - 5 })),
  foreign: signRs256(generateTestKey('key-1'), accessTokenClaims()),
  opaque: 'Atza|IwEBIOpaqueLoginWithAmazonToken',
};

/** Every piece of a token that must never reach a log line. */
function secretPieces(token: string): string[] {
  return [token, ...token.split('.').filter((piece) => piece.length >= 8)];
}

function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

let harness: SkillHarness;
beforeEach(async () => {
  harness = await startSkillHarness({ keys: [key] });
});
afterEach(() => harness.close());

describe('logging', () => {
  test.each(Object.entries(tokens))(
    'a request with the %s token logs the decision, never the token',
    async (_name, token) => {
      for (const envelope of [
        launchRequest({ accessToken: token }),
        intentRequest('WhichAccountIntent', { accessToken: token }),
        sessionEndedRequest({ accessToken: token }),
      ]) {
        const { logs } = await harness.invokeCapturingLogs(envelope);
        for (const piece of secretPieces(token)) expect(logs).not.toContain(piece);
        expect(logs).not.toContain('not-a-real-api-token');
        expect(logs).not.toContain('accessToken');
      }
    }
  );

  test('one structured line per request with type, intent, request id and decision', async () => {
    const envelope = launchRequest({ accessToken: tokens.expired });
    const { logs } = await harness.invokeCapturingLogs(envelope);
    const handled = logLines(logs).filter((line) => line.message === 'request handled');
    expect(handled).toEqual([
      expect.objectContaining({
        level: 'INFO',
        requestType: 'LaunchRequest',
        linking: 'invalid',
        reason: 'expired',
        requestId: envelope.request.requestId,
      }),
    ]);

    const intent = intentRequest('AMAZON.StopIntent', { accessToken: tokens.valid });
    const stopLines = logLines((await harness.invokeCapturingLogs(intent)).logs);
    expect(stopLines).toEqual([
      expect.objectContaining({
        message: 'request handled',
        requestType: 'IntentRequest',
        intent: 'AMAZON.StopIntent',
        linking: 'not-checked',
      }),
    ]);
  });

  test('an unexpected error is logged with any token in its message redacted', async () => {
    const logger = new Logger({ serviceName: 'skill-test' });
    const skill = buildSkill({
      skillId: SKILL_ID,
      // Fault injection: a verifier that fails in a way nothing expects, quoting its input.
      verifier: {
        decide: async (token) => {
          throw new TypeError(`cannot handle ${String(token)}`);
        },
        profileOf: async () => undefined,
      },
      logger,
    });
    const { result, output } = await captureOutput(() =>
      skill.invoke(launchRequest({ accessToken: tokens.valid }))
    );
    expect(result.response.outputSpeech).toEqual({
      type: 'SSML',
      ssml: '<speak>Sorry, something went wrong on my side. Please try again later.</speak>',
    });
    for (const piece of secretPieces(tokens.valid)) expect(output).not.toContain(piece);
    expect(logLines(output)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'ERROR',
          errorName: 'TypeError',
          errorMessage: 'cannot handle [redacted token]',
        }),
      ])
    );
  });
});
