/**
 * Writes a file that holds a secret, and tells the truth about git: a new file in the same folder,
 * created with `wx` and mode 0600 (so no other user can ever open it, not even for an instant),
 * renamed over the target. A symbolic link at the target is refused (the secret would land in the
 * link's target), and so is a file git tracks (`git commit -a` would commit the secret).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class UnsafeTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTargetError';
  }
}

/** Refuses a target the secret must not be written to; call before anything is written. */
export function assertSafeTarget(file: string): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isSymbolicLink()) {
    throw new UnsafeTargetError(
      `${file} is a symbolic link: the secret would be written to wherever it points. Remove the link or pass another --out.`
    );
  }
  if (stat && !stat.isFile()) {
    throw new UnsafeTargetError(`${file} exists and is not a regular file. Pass another --out.`);
  }
}

/** Writes `content` to `file` through a 0600 temp file in the same folder and a rename. */
export function writeSecretFile(file: string, content: string): void {
  assertSafeTarget(file);
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  );
  // 'wx': fails if anything (a planted link included) is already at the temp path.
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    // The rename replaces the directory entry: a reader holding the old file keeps the old file.
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export type GitStatus =
  | { readonly kind: 'no-repository' }
  | { readonly kind: 'tracked'; readonly root: string }
  | { readonly kind: 'ignored'; readonly root: string }
  | { readonly kind: 'not-ignored'; readonly root: string };

function git(cwd: string, args: string[]): { ok: boolean; out: string } {
  try {
    const out = execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { ok: true, out: out.trim() };
  } catch {
    return { ok: false, out: '' };
  }
}

/** What git says about the file: which repository holds its folder, and whether it is tracked or ignored. */
export function gitStatusOf(file: string): GitStatus {
  const folder = path.dirname(file);
  if (!fs.existsSync(folder)) return { kind: 'no-repository' };
  const top = git(folder, ['rev-parse', '--show-toplevel']);
  if (!top.ok || top.out === '') return { kind: 'no-repository' };
  const root = fs.realpathSync(top.out);
  const relative = path.relative(root, path.join(fs.realpathSync(folder), path.basename(file)));
  if (git(root, ['ls-files', '--error-unmatch', '--', relative]).ok)
    return { kind: 'tracked', root };
  if (git(root, ['check-ignore', '-q', '--no-index', '--', relative]).ok)
    return { kind: 'ignored', root };
  return { kind: 'not-ignored', root };
}

/** A .gitignore line matching exactly this path from the repository root. */
export function gitIgnoreEntry(relativePath: string): string {
  const posix = relativePath.split(path.sep).join('/');
  const escaped = posix
    .replace(/[\\*?[\]]/g, '\\$&')
    .replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '));
  return `/${escaped}`;
}

/**
 * Adds the file to the repository's top-level .gitignore, only when git says it is inside the
 * repository and neither tracked nor ignored. Returns what it did, in words.
 */
export function ignoreSecretFile(
  file: string,
  status: GitStatus,
  command: string,
  cwd: string
): string {
  switch (status.kind) {
    case 'no-repository':
      return 'not in a git repository: keep it out of version control yourself';
    case 'tracked':
      // assertNotTracked runs first; this is a guard for callers that skip it.
      throw new UnsafeTargetError(`${file} is tracked by git.`);
    case 'ignored':
      return 'already git-ignored';
    case 'not-ignored': {
      const gitignore = path.join(status.root, '.gitignore');
      const existing = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : '';
      const entry = gitIgnoreEntry(
        path.relative(
          status.root,
          path.join(fs.realpathSync(path.dirname(file)), path.basename(file))
        )
      );
      fs.writeFileSync(
        gitignore,
        `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}# Holds a client secret (${command})\n${entry}\n`
      );
      const now = gitStatusOf(file);
      return now.kind === 'ignored'
        ? `added ${entry} to ${path.relative(cwd, gitignore)}`
        : `added ${entry} to ${path.relative(cwd, gitignore)}, but git still does not ignore it: check your ignore rules`;
    }
  }
}

/** Refuses a target git tracks, before the secret is written. */
export function assertNotTracked(file: string, status: GitStatus): void {
  if (status.kind === 'tracked') {
    throw new UnsafeTargetError(
      `${file} is tracked by git, so \`git commit -a\` would commit the secret. Pass another --out, or untrack it (git rm --cached) and ignore it first.`
    );
  }
}
