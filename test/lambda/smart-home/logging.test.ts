/**
 * What the smart home handler logs: one line per directive with its namespace, name, endpoint
 * ID, linking decision and outcome; never a token, a grant code, a secret or a whole directive.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  acceptGrant,
  adjustBrightness,
  discover,
  reportState,
  setBrightness,
  turnOn,
} from '../../support/directives';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import { generateTestKey } from '../../support/jwt';
import {
  AMAZON_TOKENS,
  EVENTS_CREDENTIALS,
  EXPIRED_GRANT_CODE,
  GOOD_GRANT_CODE,
  startLwaStandIn,
  type LwaStandIn,
} from '../../support/lwa-token-stand-in';
import { captureOutput } from '../../support/output-capture';
import {
  buildHandler,
  cognitoVerifierWith,
  freshDeviceTable,
  grantExchangeAt,
  tokenFor,
} from '../../support/smart-home-harness';
import { starterEndpointId } from '../../../lambda/runtime/smart-home/handle-directive';

const key = generateTestKey('log-key');
const USER = '4d4d4d4d-dddd-4ddd-8ddd-dddddddddddd';
const tokens = {
  valid: tokenFor(key, USER),
  expired: tokenFor(key, USER, { exp: Math.floor(Date.now() / 1000) - 5 }),
  foreign: tokenFor(generateTestKey('log-key'), USER),
  opaque: 'Atza|IwEBIOpaqueLoginWithAmazonTokenForLogs',
};
const secretsManager = mockClient(SecretsManagerClient);

let dynamo: LocalDynamo;
let lwa: LwaStandIn;

beforeAll(async () => {
  [dynamo, lwa] = await Promise.all([startDynalite(), startLwaStandIn()]);
  secretsManager
    .on(GetSecretValueCommand)
    .resolves({ SecretString: JSON.stringify(EVENTS_CREDENTIALS) });
}, 60_000);
afterAll(() => Promise.all([dynamo.close(), lwa.close()]));

/** Every piece of a secret that must never reach a log line. */
function secretPieces(secret: string): string[] {
  return [secret, ...secret.split(/[.|]/).filter((piece) => piece.length >= 8)];
}

async function logsOf(envelopes: unknown[]) {
  const handler = buildHandler({
    verifier: cognitoVerifierWith(key),
    dynamo,
    tableName: await freshDeviceTable(dynamo),
    grantExchange: grantExchangeAt(lwa.tokenUrl),
    logger: new Logger({ serviceName: 'smart-home-test', logLevel: 'INFO' }),
  });
  const { output } = await captureOutput(async () => {
    for (const envelope of envelopes) await handler(envelope);
  });
  return {
    output,
    lines: output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('smart home logging', () => {
  test('one line per directive: namespace, name, endpoint ID, decision and outcome', async () => {
    const lamp = starterEndpointId(USER);
    const { lines } = await logsOf([
      discover(tokens.valid),
      turnOn(tokens.valid, lamp),
      setBrightness(tokens.valid, lamp, 150),
      reportState(tokens.expired, lamp),
      turnOn(tokens.foreign, 'lamp-other'),
      {
        directive: {
          header: { namespace: 'Alexa.Cooking', name: 'SetMode', payloadVersion: '3' },
          payload: {},
        },
      },
    ]);
    const fields = (line: Record<string, unknown>) => ({
      level: line.level,
      message: line.message,
      namespace: line.namespace,
      name: line.name,
      endpointId: line.endpointId,
      decision: line.decision,
      outcome: line.outcome,
    });
    expect(lines.map(fields)).toEqual([
      {
        level: 'INFO',
        message: 'directive handled',
        namespace: 'Alexa.Discovery',
        name: 'Discover',
        endpointId: undefined,
        decision: 'linked',
        outcome: 'Discover.Response',
      },
      {
        level: 'INFO',
        message: 'directive handled',
        namespace: 'Alexa.PowerController',
        name: 'TurnOn',
        endpointId: lamp,
        decision: 'linked',
        outcome: 'Response',
      },
      {
        level: 'INFO',
        message: 'directive handled',
        namespace: 'Alexa.BrightnessController',
        name: 'SetBrightness',
        endpointId: lamp,
        decision: 'linked',
        outcome: 'VALUE_OUT_OF_RANGE',
      },
      {
        level: 'INFO',
        message: 'directive handled',
        namespace: 'Alexa',
        name: 'ReportState',
        endpointId: lamp,
        decision: 'invalid:expired',
        outcome: 'EXPIRED_AUTHORIZATION_CREDENTIAL',
      },
      {
        level: 'INFO',
        message: 'directive handled',
        namespace: 'Alexa.PowerController',
        name: 'TurnOn',
        endpointId: 'lamp-other',
        decision: 'invalid:bad-signature',
        outcome: 'INVALID_AUTHORIZATION_CREDENTIAL',
      },
      {
        level: 'WARN',
        message: 'directive refused',
        namespace: 'Alexa.Cooking',
        name: 'SetMode',
        endpointId: undefined,
        decision: undefined,
        outcome: 'INVALID_DIRECTIVE',
      },
    ]);
  });

  test.each(Object.entries(tokens))(
    'directives with the %s token log the decision, never the token or the directive',
    async (_name, token) => {
      const lamp = starterEndpointId(USER);
      const { output } = await logsOf([
        discover(token),
        turnOn(token, lamp),
        adjustBrightness(token, lamp, 5),
        reportState(token, lamp),
        acceptGrant(token, GOOD_GRANT_CODE),
        acceptGrant(token, EXPIRED_GRANT_CODE),
      ]);
      expect(output).toContain('"decision"');
      for (const piece of secretPieces(token)) expect(output).not.toContain(piece);
      for (const secret of [
        GOOD_GRANT_CODE,
        EXPIRED_GRANT_CODE,
        EVENTS_CREDENTIALS.clientSecret,
        AMAZON_TOKENS.access_token,
        AMAZON_TOKENS.refresh_token,
      ]) {
        for (const piece of secretPieces(secret)) expect(output).not.toContain(piece);
      }
      expect(output).not.toMatch(/BearerToken|"scope"|"grantee"|"directive"|correlationToken/);
    }
  );
});
