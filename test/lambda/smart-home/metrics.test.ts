/**
 * The smart home function's EMF metrics, from the real directive handler (real verifier with a
 * local key, dynalite table from the synthesized template, the LWA exchange on loopback) with
 * Powertools Metrics writing to stdout: every name it emits is in the shared list the alarms
 * read, and a failed AcceptGrant exchange emits the metric the AcceptGrant alarm watches.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createSkillMetrics } from '../../../lambda/adapters/metrics';
import { createDynamoDbGrantStore } from '../../../lambda/adapters/dynamodb-grant-store';
import { createDynamoDbLampPort } from '../../../lambda/adapters/dynamodb-lamp-port';
import {
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
} from '../../../lambda/core/metric-names';
import { createSkillEventHandler } from '../../../lambda/skill-events/skill-event';
import {
  createDirectiveHandler,
  starterEndpointId,
  type DirectiveHandler,
} from '../../../lambda/runtime/smart-home/handle-directive';
import { acceptGrant, discover, turnOn } from '../../support/directives';
import { startDynalite, type LocalDynamo } from '../../support/dynalite';
import { emfMetrics, type EmfMetric } from '../../support/emf';
import { generateTestKey } from '../../support/jwt';
import {
  EVENTS_CREDENTIALS,
  EXPIRED_GRANT_CODE,
  GOOD_GRANT_CODE,
  startLwaStandIn,
  type LwaStandIn,
} from '../../support/lwa-token-stand-in';
import { captureOutput } from '../../support/output-capture';
import { skillEventEnvelope } from '../../support/skill-event-envelopes';
import {
  EVENTS_SECRET_ID,
  cognitoVerifierWith,
  freshDeviceTable,
  grantExchangeAt,
  tokenFor,
} from '../../support/smart-home-harness';

// Lambda sets this for on-demand containers; Powertools counts a cold start only then.
process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';

const SHARED_NAMES = new Set<string>(Object.values(METRIC_NAMES));
const SHARED_DIMENSIONS = new Set<string>(Object.values(METRIC_DIMENSIONS));
const key = generateTestKey('metrics-sh-key');
const USER = '9c9c9c9c-cccc-4ccc-8ccc-cccccccccccc';
const token = tokenFor(key, USER);
const expiredToken = tokenFor(key, USER, { exp: Math.floor(Date.now() / 1000) - 60 });
const secretsManager = mockClient(SecretsManagerClient);
const silent = new Logger({ serviceName: 'smart-home-metrics-test', logLevel: 'SILENT' });

let dynamo: LocalDynamo;
let lwa: LwaStandIn;
let handler: DirectiveHandler;
let metrics: ReturnType<typeof createSkillMetrics>;
const seen: EmfMetric[] = [];

beforeAll(async () => {
  [dynamo, lwa] = await Promise.all([startDynalite(), startLwaStandIn()]);
  secretsManager
    .on(GetSecretValueCommand, { SecretId: EVENTS_SECRET_ID })
    .resolves({ SecretString: JSON.stringify(EVENTS_CREDENTIALS) });
  const tableName = await freshDeviceTable(dynamo);
  // One SkillMetrics for the whole file: one container, so one cold start.
  metrics = createSkillMetrics();
  handler = createDirectiveHandler({
    verifier: cognitoVerifierWith(key),
    devices: createDynamoDbLampPort({ client: dynamo.client, tableName }),
    grantExchange: grantExchangeAt(lwa.tokenUrl),
    grantStore: createDynamoDbGrantStore({ client: dynamo.client, tableName }),
    logger: silent,
    metrics: () => metrics,
  });
}, 60_000);
afterAll(() => Promise.all([dynamo.close(), lwa.close()]));

/** The metrics one directive wrote to stdout. */
async function metricsOf(envelope: unknown): Promise<EmfMetric[]> {
  const { output } = await captureOutput(() => handler(envelope));
  const emitted = emfMetrics(output);
  seen.push(...emitted);
  return emitted;
}

const named = (emitted: EmfMetric[], name: string) => emitted.filter((m) => m.name === name);

describe('smart home directives are counted', () => {
  test('a linked Discover: the decision, the directive, and the cold start once', async () => {
    const first = await metricsOf(discover(token));
    expect(named(first, METRIC_NAMES.coldStart)).toHaveLength(1);
    expect(named(first, METRIC_NAMES.linkedRequests)).toEqual([
      expect.objectContaining({ value: 1, dimensions: { service: METRICS_SERVICE } }),
    ]);
    expect(named(first, METRIC_NAMES.smartHomeDirectives).map((m) => m.dimensions)).toEqual(
      expect.arrayContaining([
        { service: METRICS_SERVICE },
        { service: METRICS_SERVICE, Directive: 'Alexa.Discovery.Discover' },
      ])
    );
    expect(named(first, METRIC_NAMES.smartHomeDirectiveErrors)).toEqual([]);
    expect(first.every((m) => m.namespace === METRICS_NAMESPACE)).toBe(true);

    const second = await metricsOf(turnOn(token, starterEndpointId(USER)));
    expect(named(second, METRIC_NAMES.coldStart)).toEqual([]);
    expect(named(second, METRIC_NAMES.smartHomeDirectives).map((m) => m.dimensions)).toContainEqual(
      { service: METRICS_SERVICE, Directive: 'Alexa.PowerController.TurnOn' }
    );
  });

  test('an expired token: InvalidTokenRequests by reason and the error type per directive', async () => {
    const emitted = await metricsOf(turnOn(expiredToken, starterEndpointId(USER)));
    expect(named(emitted, METRIC_NAMES.invalidTokenRequests).map((m) => m.dimensions)).toEqual(
      expect.arrayContaining([{ service: METRICS_SERVICE, Reason: 'expired' }])
    );
    expect(named(emitted, METRIC_NAMES.smartHomeDirectiveErrors).map((m) => m.dimensions)).toEqual([
      {
        service: METRICS_SERVICE,
        Directive: 'Alexa.PowerController.TurnOn',
        ErrorType: 'EXPIRED_AUTHORIZATION_CREDENTIAL',
      },
    ]);
    expect(named(emitted, METRIC_NAMES.acceptGrantFailures)).toEqual([]);
  });

  test('an AcceptGrant whose exchange fails (expired code) emits AcceptGrantFailures', async () => {
    const emitted = await metricsOf(acceptGrant(token, EXPIRED_GRANT_CODE));
    expect(named(emitted, METRIC_NAMES.acceptGrantFailures)).toEqual([
      expect.objectContaining({ value: 1, dimensions: { service: METRICS_SERVICE } }),
    ]);
    expect(named(emitted, METRIC_NAMES.smartHomeDirectiveErrors).map((m) => m.dimensions)).toEqual([
      {
        service: METRICS_SERVICE,
        Directive: 'Alexa.Authorization.AcceptGrant',
        ErrorType: 'ACCEPT_GRANT_FAILED',
      },
    ]);
    // The grantee token itself was fine.
    expect(named(emitted, METRIC_NAMES.linkedRequests)).toHaveLength(1);
  });

  test('a successful AcceptGrant emits no AcceptGrant failure', async () => {
    const emitted = await metricsOf(acceptGrant(token, GOOD_GRANT_CODE));
    expect(named(emitted, METRIC_NAMES.acceptGrantFailures)).toEqual([]);
    expect(
      named(emitted, METRIC_NAMES.smartHomeDirectives).map((m) => m.dimensions)
    ).toContainEqual({ service: METRICS_SERVICE, Directive: 'Alexa.Authorization.AcceptGrant' });
  });

  test('an unsupported directive: INVALID_DIRECTIVE under its name, and no linking decision', async () => {
    const envelope = discover(token);
    (envelope.directive.header as Record<string, unknown>).namespace = 'Alexa.ColorController';
    (envelope.directive.header as Record<string, unknown>).name = 'SetColor';
    const emitted = await metricsOf(envelope);
    expect(named(emitted, METRIC_NAMES.smartHomeDirectiveErrors).map((m) => m.dimensions)).toEqual([
      {
        service: METRICS_SERVICE,
        Directive: 'Alexa.ColorController.SetColor',
        ErrorType: 'INVALID_DIRECTIVE',
      },
    ]);
    expect(named(emitted, METRIC_NAMES.linkedRequests)).toEqual([]);
  });

  test('a skill event is counted by type, with the items it erased', async () => {
    const events = createSkillEventHandler({
      logger: silent,
      eraser: { eraseUser: () => Promise.resolve(0) },
      metrics: () => metrics,
    });
    const { output } = await captureOutput(async () => {
      await events(
        skillEventEnvelope('AlexaSkillEvent.SkillDisabled', {
          userId: 'amzn1.ask.account.GONE',
          body: { userInformationPersistenceStatus: 'NOT_PERSISTED' },
        })
      );
      metrics.publish();
    });
    const emitted = emfMetrics(output);
    seen.push(...emitted);
    expect(named(emitted, METRIC_NAMES.skillEvents).map((m) => m.dimensions)).toEqual([
      { service: METRICS_SERVICE, EventType: 'AlexaSkillEvent.SkillDisabled' },
    ]);
    expect(named(emitted, METRIC_NAMES.userDataErased).map((m) => m.value)).toEqual([0]);
  });
});

afterAll(() => {
  // Every name and dimension the smart home function emitted is in the shared list the alarms
  // read (Powertools adds function_name to the cold start).
  expect(seen.length).toBeGreaterThan(0);
  expect([...new Set(seen.map((m) => m.name))].filter((n) => !SHARED_NAMES.has(n))).toEqual([]);
  const dimensionNames = new Set(seen.flatMap((m) => Object.keys(m.dimensions)));
  expect(
    [...dimensionNames].filter((d) => !SHARED_DIMENSIONS.has(d) && d !== 'function_name')
  ).toEqual([]);
});
