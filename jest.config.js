/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type-checking happens once in `npm run typecheck`; ts-jest transpiles each file alone (isolatedModules in tsconfig).
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: [
    '<rootDir>/test/support/no-network.ts',
    '<rootDir>/test/support/quiet-function-logs.ts',
    '<rootDir>/test/support/stop-esbuild.ts',
  ],
  // One temp dir per run, removed at the end; the AWS SDK's Node.js notice said once.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  // Suites run in a worker process that is replaced once its heap stays above this after a suite
  // (synthesized apps, loaded bundles and esbuild's results add up). It also stops jest running
  // every suite inside its own process on a 2-core machine (one worker means in band otherwise),
  // where nothing was ever given back: npm test reached 6.6 GB there. See README, Testing.
  workerIdleMemoryLimit: '1GB',
};
