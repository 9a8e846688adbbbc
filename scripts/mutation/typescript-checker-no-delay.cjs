// Preloaded into Stryker's TypeScript checker process (checkerNodeArgs in stryker.config.mjs).
// The checker keeps one TypeScript watch-mode build alive and, for each group of mutants, writes
// the mutated text into its in-memory files; TypeScript's solution builder then waits 250 ms
// (a debounce meant for editors saving several files) before it rebuilds. The checker writes every
// file of a group synchronously before it waits, so the debounce batches nothing here and only
// leaves the CPU idle: about a quarter of a second per group, over a thousand groups per run.
// This schedules the rebuild on the next turn of the event loop instead. It changes when the
// rebuild starts, not what it checks.
const ts = require('typescript');

const setTimeoutWithDelay = ts.sys.setTimeout;
if (typeof setTimeoutWithDelay === 'function') {
  ts.sys.setTimeout = (callback, _ms, ...args) => setTimeoutWithDelay(callback, 0, ...args);
}
