/**
 * The functions' structured log lines (Powertools' JSON), their metrics (CloudWatch embedded
 * metric format, one JSON line per flush), and CDK's "Bundling asset ..." progress lines, are
 * dropped from the test output, so
 * `npm test` ends with a readable summary: the fuzz suite alone would print thousands of them.
 * Tests that check logging capture them with captureOutput (output-capture.ts), which replaces
 * this filter while it runs. SHOW_FUNCTION_LOGS=1 shows them again.
 */
const isFunctionLogLine = (line: string): boolean => {
  // CDK's progress line for each asset it bundles in a test's synth.
  if (/^Bundling asset \S+\.\.\.$/.test(line)) return true;
  if (!line.startsWith('{"level":') && !line.startsWith('{"_aws":')) return false;
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    // An EMF document: its _aws block names the CloudWatch metrics it carries.
    if (typeof parsed._aws === 'object' && parsed._aws !== null)
      return 'CloudWatchMetrics' in parsed._aws;
    return typeof parsed.level === 'string' && typeof parsed.service === 'string';
  } catch {
    return false;
  }
};

if (process.env.SHOW_FUNCTION_LOGS !== '1') {
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    // Back to the real write when the test file ends: the streams outlive it, and a filter left
    // on them would wrap the next file's and keep this file's module registry alive (the memory
    // of npm test grew by every suite).
    afterAll(() => {
      stream.write = original;
    });
    const write = original.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text =
        typeof chunk === 'string'
          ? chunk
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk).toString('utf8')
            : undefined;
      if (text !== undefined) {
        const lines = text.split('\n');
        const kept = lines.filter((line) => !isFunctionLogLine(line.trim()));
        if (kept.length !== lines.length) {
          const remaining = kept.join('\n');
          const callback = rest.find((arg) => typeof arg === 'function') as
            (() => void) | undefined;
          if (remaining.trim() === '') {
            callback?.();
            return true;
          }
          return write(remaining, ...rest);
        }
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
