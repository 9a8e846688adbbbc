// Mutation testing of the modules that decide (npm run mutation). Not part of CI: npm test is the gate.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  // A project of the mutated files alone: the checker re-checks it for every group of mutants.
  // It leaves out lib/app-settings/secret-reference.ts: its aws-cdk-lib import alone makes the
  // program ten times larger (2,900 files instead of 290) and the checker the slowest part of the
  // run. Its mutants are still tested; `npm test` type-checks it (tsc --noEmit).
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Re-checks without TypeScript's watch debounce and without re-parsing unchanged files (see the preload).
  checkerNodeArgs: [
    '--import',
    new URL('./scripts/mutation/typescript-checker-preload.mjs', import.meta.url).href,
  ],
  mutate: [
    'lambda/core/**/*.ts',
    'lambda/verifiers/**/*.ts',
    // The composition root: its branches test process.env.LINKING_SERVER, which a bundle folds at
    // build time (esbuild define), so without a bundle half its mutants cannot be told apart; the
    // bundle suites (server-bundles, bundle) check which adapter each build keeps.
    '!lambda/verifiers/index.ts',
    // The greeting's replies (split from lambda/core/replies.ts, which keeps every skill's).
    'lambda/custom-skill/greeting-replies.ts',
    'lib/rules/linking-rules.ts',
    'lib/identity/domain-prefix.ts',
    'lib/identity/alexa-redirect-urls.ts',
    'lib/observability/metrics-stage.ts',
    'lib/skill-functions/function-code-source.ts',
    'lib/skill-functions/ask-sdk-model-use.ts',
    'lib/skill-functions/entry-peers.ts',
    'lib/skill-functions/smart-home-manifest.ts',
    'lib/app-settings/*.ts',
    // What a skill event says, whether it erases, and where a smart home function routes it.
    'lambda/skill-events/skill-event-request.ts',
    'lambda/token-recorder/exchange-record.ts',
    'lambda/token-recorder/exchange-log-line.ts',
    'scripts/doctor/linking-checks.ts',
    // The docs' decisions: what the doc-comment check refuses, and the configuration reference.
    'scripts/docs/doc-findings.ts',
    'scripts/docs/configuration-reference.ts',
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  // One checker and one test runner on two cores; once every mutant is checked, two test runners.
  concurrency: 2,
  timeoutMS: 4000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
