/**
 * Links in the README, every page under docs/ and the README as npm packs it: a relative link leads
 * to a file that exists (in the package, for the packed README: npmjs.com renders it from there)
 * and a #fragment to a heading of its page; an http(s) link is well formed. Offline: nothing is
 * fetched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docsPages } from '../support/doc-pages';
import { headingAnchors, isRelativeFileLink, markdownLinkTargets } from '../support/markdown-links';

const ROOT = path.join(__dirname, '..', '..');
const PAGES = ['README.md', ...docsPages()];

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** What is wrong with one link of `page` (a path from the root), or undefined when it leads somewhere. */
function brokenLink(page: string, target: string): string | undefined {
  if (/^https?:/i.test(target)) return malformedUrl(target);
  if (!isRelativeFileLink(target)) {
    if (!target.startsWith('#')) return undefined; // mailto: and the like: nothing to check
    return headingAnchors(read(page)).includes(decodeURIComponent(target.slice(1)))
      ? undefined
      : `no heading for ${target} in ${page}`;
  }
  const [file = '', fragment] = target.split('#', 2);
  const resolved = path.posix.normalize(
    path.posix.join(path.posix.dirname(page), decodeURIComponent(file.replace(/\?.*$/, '')))
  );
  if (resolved.startsWith('..') || !fs.existsSync(path.join(ROOT, resolved))) {
    return `${target} leads to ${resolved}, which does not exist`;
  }
  if (fragment !== undefined && resolved.endsWith('.md')) {
    if (!headingAnchors(read(resolved)).includes(decodeURIComponent(fragment))) {
      return `${resolved} has no heading for #${fragment}`;
    }
  }
  return undefined;
}

function malformedUrl(target: string): string | undefined {
  try {
    const url = new URL(target);
    // A host without a dot or with a character no host name has is a typo, not a site.
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(url.hostname)) return `${target}: no such host name`;
    if (/\s/.test(target)) return `${target}: holds a space`;
    return undefined;
  } catch {
    return `${target}: not a URL`;
  }
}

/** package.json `files` as a test: `*` within one folder, `**` across folders. */
function packagedFilesMatcher(): (file: string) => boolean {
  const { files } = JSON.parse(read('package.json')) as { files: string[] };
  const patterns = files.map(
    (glob) =>
      new RegExp(
        `^${glob
          .split(/(\*\*\/|\*)/)
          .map((part) =>
            part === '**/'
              ? '(?:.*/)?'
              : part === '*'
                ? '[^/]*'
                : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          )
          .join('')}$`
      )
  );
  // npm always packs these, whatever `files` says.
  const always = ['README.md', 'LICENSE', 'package.json'];
  return (file) => always.includes(file) || patterns.some((pattern) => pattern.test(file));
}

describe.each(PAGES)('%s', (page) => {
  test('every link leads to a file, a heading or a well-formed http(s) URL', () => {
    const broken = markdownLinkTargets(read(page))
      .map((target) => brokenLink(page, target))
      .filter((problem) => problem !== undefined);
    expect(broken).toEqual([]);
  });
});

test('the packed README links only to files in the package', () => {
  const packaged = packagedFilesMatcher();
  const outside = markdownLinkTargets(read('README.md'))
    .filter(isRelativeFileLink)
    .map((target) => path.posix.normalize(decodeURIComponent(target.replace(/[#?].*$/, ''))))
    .filter((file) => !packaged(file));
  expect(outside).toEqual([]);
});

describe('brokenLink', () => {
  test.each([
    ['docs/architecture.svg', undefined],
    ['docs/missing.md', 'docs/missing.md leads to docs/missing.md, which does not exist'],
    ['#quick-start', undefined],
    ['#no-such-heading', 'no heading for #no-such-heading in README.md'],
    ['docs/configuration.md#stage', undefined],
    ['docs/configuration.md#no-such-key', 'docs/configuration.md has no heading for #no-such-key'],
    ['../outside.md', '../outside.md leads to ../outside.md, which does not exist'],
    ['https://developer.amazon.com/docs/alexa', undefined],
    ['https://localhost/x', 'https://localhost/x: no such host name'],
    ['https//example.com', 'https//example.com leads to https/example.com, which does not exist'],
    ['http://exa mple.com', 'http://exa mple.com: not a URL'],
  ])('%s from README.md: %s', (target, problem) => {
    expect(brokenLink('README.md', target)).toBe(problem);
  });

  test('resolves a link from a docs page against its folder', () => {
    expect(brokenLink('docs/configuration.md', 'architecture.svg')).toBeUndefined();
    expect(brokenLink('docs/configuration.md', '../README.md#quick-start')).toBeUndefined();
    expect(brokenLink('docs/configuration.md', 'docs/architecture.svg')).toBe(
      'docs/architecture.svg leads to docs/docs/architecture.svg, which does not exist'
    );
  });
});
