/**
 * The links of a Markdown file, as GitHub and npmjs.com render it: enough to check that each one
 * leads somewhere (the packed README's files, the README's table of contents).
 */

/**
 * Every link and image target: `[text](target)`, `![alt](target "title")`, `<img src="target">`,
 * `<https://autolink>` and reference definitions (`[id]: target`), in that order.
 */
export function markdownLinkTargets(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[^]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  // The parentheses hold the target and an optional title: the target is the first word.
  const inline = [...withoutCode.matchAll(/!?\[[^\]]*\]\(([^)]*)\)/g)].map((match) =>
    (match[1] ?? '').trim().split(/\s/)[0]?.replace(/^<|>$/g, '')
  );
  const html = [...withoutCode.matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((match) => match[1]);
  const autolinks = [...withoutCode.matchAll(/<(https?:\/\/[^>\s]+)>/g)].map((match) => match[1]);
  const definitions = [...withoutCode.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map(
    (match) => match[1]
  );
  return [...inline, ...html, ...autolinks, ...definitions].filter(
    (target): target is string => !!target
  );
}

/** A target that points into the package or repository (not a URL, not an anchor on the page). */
export function isRelativeFileLink(target: string): boolean {
  return !/^(?:[a-z][a-z0-9+.-]*:|#|\/\/)/i.test(target);
}

/** GitHub's anchor for each heading: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
export function headingAnchors(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[^]*?^```/gm, '');
  const seen = new Map<string, number>();
  return [...withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((match) => {
    const base = (match[1] as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  });
}
