import { createSkillMetrics } from '../../lambda/adapters/metrics';
import {
  METRICS_NAMESPACE,
  METRICS_STAGE_VARIABLE,
  METRIC_NAMES,
} from '../../lambda/core/metric-names';
import { emfMetrics, type EmfMetric } from '../support/emf';
import { synthAccountLinkingStack } from '../support/infra';
import { metricReads, type MetricRead } from '../support/metric-reads';
import { captureOutput } from '../support/output-capture';

type Resource = { Type: string; Properties: Record<string, unknown> };
type TemplateJson = { Resources: Record<string, Resource> };

const STAGES = ['dev', 'prod'] as const;
const SKILL_TYPES = ['custom', 'smart-home'] as const;

function synth(stage: string, skillType: string): TemplateJson {
  return synthAccountLinkingStack({ stage, skillType }).template.toJSON() as TemplateJson;
}

/** The environment of the template's one skill function (custom or smart home). */
function skillFunctionEnvironment(template: TemplateJson): Record<string, unknown> {
  const functions = Object.values(template.Resources).filter(
    (r) =>
      r.Type === 'AWS::Lambda::Function' && /^Alexa skill/.test(String(r.Properties.Description))
  );
  expect(functions).toHaveLength(1);
  return (functions[0]?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/**
 * What a function deployed with `environment` writes: its stage read from the variable as in
 * Lambda, every kind of decision, latency and directive recorded, then published as EMF.
 */
async function emittedWith(environment: Record<string, unknown>): Promise<EmfMetric[]> {
  const saved = process.env[METRICS_STAGE_VARIABLE];
  process.env[METRICS_STAGE_VARIABLE] = String(environment[METRICS_STAGE_VARIABLE]);
  try {
    const metrics = createSkillMetrics();
    const { output } = await captureOutput(async () => {
      const user = { userId: 'user-1', username: 'user-1', scopes: ['openid'] };
      metrics.recordLinkingDecision({ kind: 'linked', user });
      metrics.recordLinkingDecision({ kind: 'unlinked' });
      metrics.recordLinkingDecision({ kind: 'invalid', reason: 'expired' });
      metrics.recordLinkingDecision({ kind: 'unverifiable', reason: 'key-set-unavailable' });
      metrics.recordLinkingDecision({ kind: 'unverifiable', reason: 'token-info-unavailable' });
      metrics.recordLatency('verification', 12);
      metrics.recordLatency('profile', 30);
      metrics.recordDirective('Alexa.Authorization.AcceptGrant', 'ACCEPT_GRANT_FAILED');
      metrics.recordSkillEvent('AlexaSkillEvent.SkillDisabled', 1);
      metrics.publish();
    });
    return emfMetrics(output);
  } finally {
    if (saved === undefined) delete process.env[METRICS_STAGE_VARIABLE];
    else process.env[METRICS_STAGE_VARIABLE] = saved;
  }
}

const skillReads = (template: TemplateJson): MetricRead[] =>
  metricReads(template).filter((read) => read.namespace === METRICS_NAMESPACE);

const sameMetric = (read: MetricRead, emitted: EmfMetric) =>
  emitted.namespace === read.namespace &&
  emitted.name === read.name &&
  JSON.stringify(Object.entries(emitted.dimensions).sort()) ===
    JSON.stringify(Object.entries(read.dimensions).sort());

describe.each(SKILL_TYPES)('metric stages, skillType %s', (skillType) => {
  const templates = Object.fromEntries(STAGES.map((stage) => [stage, synth(stage, skillType)]));

  test.each(STAGES)('the skill function of stage %s is told its stage', (stage) => {
    expect(skillFunctionEnvironment(templates[stage] as TemplateJson)[METRICS_STAGE_VARIABLE]).toBe(
      stage
    );
  });

  test.each(STAGES)(
    'every skill metric the alarms and dashboard of stage %s read is one its function writes, dimensions and all',
    async (stage) => {
      const template = templates[stage] as TemplateJson;
      const emitted = await emittedWith(skillFunctionEnvironment(template));
      const reads = skillReads(template);
      // The alarms (unverifiable, invalid share, AcceptGrant) and the dashboard's graphs.
      expect(new Set(reads.map((r) => r.name))).toEqual(
        new Set([
          METRIC_NAMES.linkedRequests,
          METRIC_NAMES.unlinkedRequests,
          METRIC_NAMES.invalidTokenRequests,
          METRIC_NAMES.unverifiableRequests,
          METRIC_NAMES.verificationLatency,
          METRIC_NAMES.profileLatency,
          METRIC_NAMES.keySetFetchFailures,
          METRIC_NAMES.tokenInfoFetchFailures,
          METRIC_NAMES.acceptGrantFailures,
        ])
      );
      for (const read of reads) {
        expect(read.dimensions).toEqual({ service: expect.any(String), Stage: stage });
        expect({ read, written: emitted.some((m) => sameMetric(read, m)) }).toEqual({
          read,
          written: true,
        });
      }
    }
  );

  test('two stages share no metric: neither stage’s alarms or dashboard read what the other writes', async () => {
    const [first, second] = STAGES.map((stage) => templates[stage] as TemplateJson) as [
      TemplateJson,
      TemplateJson,
    ];
    const writtenByFirst = await emittedWith(skillFunctionEnvironment(first));
    const writtenBySecond = await emittedWith(skillFunctionEnvironment(second));
    for (const read of skillReads(first)) {
      expect(writtenBySecond.filter((m) => sameMetric(read, m))).toEqual([]);
    }
    for (const read of skillReads(second)) {
      expect(writtenByFirst.filter((m) => sameMetric(read, m))).toEqual([]);
    }
    // Every metric either stage writes carries its own stage, the per-reason ones too.
    for (const [stage, written] of [
      [STAGES[0], writtenByFirst],
      [STAGES[1], writtenBySecond],
    ] as const) {
      const withoutColdStart = written.filter((m) => m.name !== METRIC_NAMES.coldStart);
      expect(withoutColdStart.length).toBeGreaterThan(10);
      for (const metric of withoutColdStart) expect(metric.dimensions.Stage).toBe(stage);
    }
  });
});
