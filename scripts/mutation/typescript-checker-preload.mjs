// Preloaded into Stryker's TypeScript checker process (checkerNodeArgs in stryker.config.mjs) to
// make each re-check cheaper. It changes when and how often TypeScript does its work, never what
// it checks: the checker still type-checks every mutant against the same program.
//
// The checker keeps one TypeScript watch-mode build (a solution builder) alive and, for each group
// of mutants, writes the mutated text into its in-memory files. Two things made that slow:
// - the solution builder waits 250 ms (a debounce meant for editors saving several files) before
//   it rebuilds. The checker writes every file of a group synchronously before it waits, so the
//   debounce batches nothing here and only leaves the CPU idle, a quarter of a second per group.
//   The rebuild now starts on the next turn of the event loop.
// - after each build the solution builder releases its program, so the next build parses and
//   binds all ~290 files again (60,000 lines of declarations: @types/node, aws-jwt-verify), though
//   only the mutated files changed. Source files are now kept across builds and re-parsed only when
//   their text changes, as TypeScript's own watch program and language service do.
import ts from 'typescript';

const cachingWrapper = Symbol('sourceFileCache');
const sourceFilesByHost = new WeakMap();

// Wraps the solution builder's getSourceFile so that a file whose text is unchanged since it was
// last parsed comes back as the same (already parsed and bound) SourceFile.
function cacheSourceFiles(compilerHost) {
  const getSourceFile = compilerHost.getSourceFile;
  if (typeof getSourceFile !== 'function' || getSourceFile[cachingWrapper]) {
    return;
  }
  // The builder swaps getSourceFile around each rebuild, so this may wrap it again: the files it
  // keeps belong to the host, not to one wrapper.
  let sourceFiles = sourceFilesByHost.get(compilerHost);
  if (sourceFiles === undefined) {
    sourceFiles = new Map();
    sourceFilesByHost.set(compilerHost, sourceFiles);
  }
  const cached = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    const text = shouldCreateNewSourceFile ? undefined : compilerHost.readFile(fileName);
    const options =
      typeof languageVersionOrOptions === 'object'
        ? languageVersionOrOptions
        : { languageVersion: languageVersionOrOptions };
    const key = [
      fileName,
      options.languageVersion,
      options.impliedNodeFormat,
      options.jsDocParsingMode,
    ].join('|');
    const hit = sourceFiles.get(key);
    if (text !== undefined && hit !== undefined && hit.text === text) {
      return hit.sourceFile;
    }
    const sourceFile = getSourceFile.call(
      compilerHost,
      fileName,
      languageVersionOrOptions,
      onError,
      shouldCreateNewSourceFile
    );
    if (text !== undefined && sourceFile !== undefined && sourceFile.text === text) {
      sourceFiles.set(key, { text, sourceFile });
    }
    return sourceFile;
  };
  cached[cachingWrapper] = true;
  compilerHost.getSourceFile = cached;
}

const setTimeoutWithDelay = ts.sys.setTimeout;
if (typeof setTimeoutWithDelay === 'function') {
  ts.sys.setTimeout = (callback, _ms, ...args) => {
    // The solution builder passes its state along with the rebuild it schedules.
    const [timeoutType, state] = args;
    if (timeoutType === 'timerToBuildInvalidatedProject' && state && state.compilerHost) {
      cacheSourceFiles(state.compilerHost);
    }
    return setTimeoutWithDelay(callback, 0, ...args);
  };
}
