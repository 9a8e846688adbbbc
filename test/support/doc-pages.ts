/**
 * The README and the docs/ pages as tests read them: a page by its path from the repository root,
 * one section of it by heading, and the shell command lines of its code blocks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');

/** A page by its path from the repository root (`README.md`, `docs/smart-home.md`). */
export function readPage(page: string): string {
  return fs.readFileSync(path.join(ROOT, page), 'utf8');
}

/** Every Markdown page under docs/, as paths from the root (`docs/contributing/testing.md`). */
export function docsPages(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'docs'), { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name.split(path.sep).join('/')}`)
    .sort();
}

/**
 * One section of a page: from its heading (`## Title`, or `### Title` with level 3) to the next
 * heading of the same or a higher level. Throws naming the page when there is none, so a moved
 * section fails the test that reads it instead of passing on an empty string.
 */
export function pageSection(page: string, title: string, level = 2): string {
  const markdown = readPage(page);
  const lines = markdown.split('\n');
  let inCode = false;
  const headings: { index: number; level: number; title: string }[] = [];
  lines.forEach((line, index) => {
    if (line.startsWith('```')) inCode = !inCode;
    const match = inCode ? null : /^(#{1,6}) (.*)$/.exec(line);
    if (match)
      headings.push({ index, level: (match[1] as string).length, title: match[2] as string });
  });
  const start = headings.find((h) => h.level === level && h.title === title);
  if (!start) throw new Error(`${page} has no section "${'#'.repeat(level)} ${title}"`);
  const end = headings.find((h) => h.index > start.index && h.level <= level);
  return lines.slice(start.index, end?.index).join('\n');
}

/**
 * The command lines of a page's `sh` and `bash` code blocks: comments cut, `\` continuations
 * joined, one entry per command (`a && b` stays one line, as a user pastes it).
 */
export function shellCommandLines(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^ *```(?:sh|bash)\n([^]*?)^ *```/gm)].map(
    (match) => match[1] as string
  );
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line !== '')
  );
}
