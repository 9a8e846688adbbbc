// The suites Stryker runs against each mutant (npm run mutation): only fast, pure unit suites
// that reach the mutated modules, so a mutant costs milliseconds, not seconds. Left out on purpose:
// - anything that synthesizes a CDK app (test/infra/* except the pure settings suites), bundles with
//   esbuild, packs or spawns processes: seconds per test, and bundles do not see in-place mutants;
// - suites that drive whole skills through loopback servers or dynalite (skill, logging, faults,
//   smart-home accept-grant/directives/logging) and the fast-check fuzz suites: seconds per test,
//   timing assertions that a mutant turns into timeouts, and random inputs;
// - the verifier suites that make RSA key pairs or TLS certificates when they load
//   (access-token-verifier, oidc-verifier, speech-and-envelopes) or build the whole skill
//   (lwa-verifier): jest loads every related test file for every mutant, so each would cost
//   every mutant of the modules it imports a second or more;
// - the settings suites under test/infra (app-settings, linking-server-settings,
//   sign-in-providers-settings): they import test/support/infra, which loads the whole stack and
//   aws-cdk-lib for every settings mutant, and app-settings runs bin/app.ts in a child process.
// What these reach in the mutated modules is covered by the pure suites below
// (test/lambda/decisions, test/settings, test/rules).
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Without source maps: a mutant that throws (every settings error does) or fails a test makes
  // jest map the stack trace through the source map of each instrumented module, parsed again in
  // every test file that loads it; in a profile of the app-settings mutants that was a fifth of
  // the runner's time. Nobody reads those traces: Stryker keeps only killed or survived.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false, tsconfig: { sourceMap: false } }] },
  // Nor stack traces in failure messages (formatting them matched every frame against testMatch),
  // nor a look for watchman (a child process per run).
  noStackTrace: true,
  watchman: false,
  testMatch: [
    '<rootDir>/test/rules/**/*.test.ts',
    '<rootDir>/test/settings/**/*.test.ts',
    '<rootDir>/test/lambda/decisions/**/*.test.ts',
    '<rootDir>/test/lambda/core.test.ts',
    '<rootDir>/test/lambda/skill-config.test.ts',
    '<rootDir>/test/lambda/adapters.test.ts',
    '<rootDir>/test/lambda/smart-home/core.test.ts',
    '<rootDir>/test/infra/pure-helpers.test.ts',
    '<rootDir>/test/scripts/doctor-linking-checks.test.ts',
    '<rootDir>/test/infra/function-code-source.test.ts',
    '<rootDir>/test/infra/ask-sdk-model-use.test.ts',
    '<rootDir>/test/infra/entry-peers.test.ts',
    '<rootDir>/test/infra/smart-home-manifest.test.ts',
    // Pure: the doc-comment check's decisions, and docs/configuration.md against the catalogue
    // (it kills the catalogue's text mutants too). Not test/docs/api-reference.test.ts: it runs TypeDoc.
    '<rootDir>/test/docs/doc-findings.test.ts',
    '<rootDir>/test/docs/configuration.test.ts',
  ],
  // Without the log filter of npm test: it wraps process.stdout once per test file loaded, and the
  // one long-lived runner loads test files thousands of times. These suites log nothing.
  setupFilesAfterEnv: ['<rootDir>/test/support/no-network.ts'],
  // Without npm test's per-run temp dir: Stryker runs jest thousands of times in one process, and
  // global-setup.ts points TMPDIR at a directory global-teardown.ts then removes, so every second
  // run failed and Stryker restarted its runner. The suites here write nothing to the temp dir
  // (test/settings/secret-reference.test.ts gives its CDK App an outdir it removes itself).
  globalSetup: undefined,
  globalTeardown: undefined,
  // In band, as Stryker needs: its test environment hands the per-test coverage back inside this
  // process, and npm test's worker memory limit makes jest use worker processes even in band, so
  // the dry run found no coverage for any suite ("Missing coverage results") and stopped.
  workerIdleMemoryLimit: undefined,
  // A mutant that stalls a test should fail fast; Stryker's own timeout (stryker.config.mjs) is the backstop.
  testTimeout: 5000,
};
