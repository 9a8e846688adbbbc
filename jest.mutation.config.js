// The unit suites that reach the mutated modules: the ones that spawn processes, bundle or pack
// run the code through esbuild, which Stryker's in-place mutants do not reach.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/e2e/',
    '/test/package/',
    'bundle\\.test\\.ts$',
    'cdk-out-secrets\\.test\\.ts$',
    'nag\\.test\\.ts$',
    'bench',
  ],
};
