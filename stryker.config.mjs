// Mutation testing of the modules that decide (npm run mutation). Not part of CI: npm test is the gate.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  // A project of the mutated files alone: the checker re-checks it for every group of mutants.
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'lambda/core/**/*.ts',
    'lambda/verifiers/**/*.ts',
    // The composition root: its branches test process.env.LINKING_SERVER, which a bundle folds at
    // build time (esbuild define), so without a bundle half its mutants cannot be told apart; the
    // bundle suites (server-bundles, bundle) check which adapter each build keeps.
    '!lambda/verifiers/index.ts',
    'lib/rules/linking-rules.ts',
    'lib/identity/domain-prefix.ts',
    'lib/identity/alexa-redirect-urls.ts',
    'lib/app-settings/*.ts',
  ],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  // Two test runners and the checker on two cores: the checker is idle much of the time.
  concurrency: 3,
  timeoutMS: 4000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
