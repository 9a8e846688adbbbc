/**
 * Maps the frames of a stack trace logged by a deployed function (positions in the minified
 * index.js) back to lambda/*.ts, with the source map shipped next to the bundle. Pure: the map and
 * the text come in, the decoded text goes out.
 */
import { SourceMap, type SourceMapPayload } from 'node:module';

// A frame position in the bundle: ".../index.js:1:23456" (inside parentheses or not). The path
// stops at a "(" so that `at handler (/var/task/index.js:1:2)` keeps its opening parenthesis.
const FRAME = /([^\s(]*index\.js):(\d+):(\d+)/g;

/** The stack text with every index.js:line:column replaced by the original file:line:column. */
export function decodeStack(stack: string, map: SourceMapPayload): string {
  const sourceMap = new SourceMap(map);
  return stack.replace(FRAME, (whole, _file: string, line: string, column: string) => {
    const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.originalSource === undefined || entry.originalLine === undefined) return whole;
    const source = entry.originalSource.replace(/^(\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  });
}
