/** The recorder's one line per exchange: the record, and the same line read as EMF metrics. */
import { exchangeLogLine } from '../../../lambda/token-recorder/exchange-log-line';
import type { ExchangeRecord } from '../../../lambda/token-recorder/exchange-record';
import { RECORDER_METRIC_NAMES } from '../../../lambda/core/metric-names';
import { emfMetrics } from '../../support/emf';
import {
  DEADLINE_MS_VARIABLE,
  DEFAULT_DEADLINE_MS,
  UPSTREAM_TOKEN_URL_VARIABLE,
} from '../../../lambda/core/token-recorder-config';

const ok: ExchangeRecord = {
  grantType: 'authorization_code',
  status: 200,
  outcome: 'ok',
  latencyMs: 42,
  expiresInPresent: true,
  expiresIn: 3600,
  refreshTokenPresent: true,
  shortLived: false,
};
const line = (record: ExchangeRecord, stage?: string) =>
  JSON.stringify(exchangeLogLine(record, { stage, timestamp: Date.parse('2026-03-01T00:00:00Z') }));

test('the record and its metrics in one line, with the service and Stage dimensions the alarms read', () => {
  const text = line(ok, 'prod');
  expect(JSON.parse(text)).toMatchObject({
    level: 'INFO',
    message: 'token exchange',
    timestamp: '2026-03-01T00:00:00.000Z',
    exchange: ok,
  });
  const base = { service: 'alexa-account-linking-skill', Stage: 'prod' };
  expect(emfMetrics(text)).toEqual([
    {
      name: 'TokenExchanges',
      unit: 'Count',
      value: 1,
      namespace: 'AlexaAccountLinking',
      dimensions: base,
    },
    {
      name: 'TokenExchangeLatency',
      unit: 'Milliseconds',
      value: 42,
      namespace: 'AlexaAccountLinking',
      dimensions: base,
    },
    {
      name: 'TokenExchanges',
      unit: 'Count',
      value: 1,
      namespace: 'AlexaAccountLinking',
      dimensions: { ...base, GrantType: 'authorization_code', Outcome: 'ok' },
    },
  ]);
});

test.each([
  [
    { ...ok, grantType: 'refresh_token', outcome: 'invalid_grant', status: 400 } as const,
    ['InvalidGrantRefreshes'],
  ],
  [{ ...ok, outcome: 'invalid_grant', status: 400 } as const, []],
  [{ ...ok, shortLived: true }, ['ShortLivedTokenResponses']],
  [{ ...ok, grantType: 'refresh_token', outcome: 'invalid_client' } as const, []],
])('%j also counts %j', (record, extra) => {
  const names = emfMetrics(line(record, 'dev')).map((m) => m.name);
  expect(names.filter((n) => n !== 'TokenExchanges' && n !== 'TokenExchangeLatency')).toEqual(
    extra
  );
});

test("the recorder writes every name of RECORDER_METRIC_NAMES, and no skill's", () => {
  const written = new Set(
    [
      ok,
      { ...ok, grantType: 'refresh_token', outcome: 'invalid_grant', status: 400 } as const,
      { ...ok, shortLived: true },
    ].flatMap((record) => emfMetrics(line(record, 'dev')).map((m) => m.name))
  );
  expect([...written].sort()).toEqual([...RECORDER_METRIC_NAMES].sort());
});

test('without a stage, no Stage dimension', () => {
  for (const metric of emfMetrics(line(ok))) expect(metric.dimensions).not.toHaveProperty('Stage');
  expect(JSON.parse(line(ok))).not.toHaveProperty('Stage');
});

test('the environment the construct sets is the one the function reads, with a deadline inside 4.5 s', () => {
  expect([UPSTREAM_TOKEN_URL_VARIABLE, DEADLINE_MS_VARIABLE, DEFAULT_DEADLINE_MS]).toEqual([
    'UPSTREAM_TOKEN_URL',
    'TOKEN_DEADLINE_MS',
    4000,
  ]);
});
