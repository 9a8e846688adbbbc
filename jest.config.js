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
  ],
  // One temp dir per run, removed at the end; the AWS SDK's Node.js notice said once.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
