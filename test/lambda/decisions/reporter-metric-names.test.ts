/**
 * The change reporter's metric names: what lambda/adapters/reporter-metrics.ts writes is exactly
 * REPORTER_METRIC_NAMES, the list that keeps them out of the skills' (test/lambda/metrics.test.ts).
 */
import { REPORTER_METRIC_NAMES } from '../../../lambda/core/metric-names';
import { createReporterMetrics } from '../../../lambda/adapters/reporter-metrics';
import { emfMetrics } from '../../support/emf';

test("the change reporter writes every name of REPORTER_METRIC_NAMES, and no skill's", () => {
  const lines: string[] = [];
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);
  try {
    const metrics = createReporterMetrics({ stage: 'dev' });
    metrics.recordSent();
    metrics.recordRefused();
    metrics.recordRefreshFailed();
    metrics.recordRevoked();
    metrics.publish();
  } finally {
    write.mockRestore();
  }
  const written = new Set(emfMetrics(lines.join('')).map((m) => m.name));
  expect([...written].sort()).toEqual([...REPORTER_METRIC_NAMES].sort());
});
