/**
 * What the API reference check refuses, decided from plain data (no TypeDoc import): an exported
 * symbol or member without a doc comment, and an optional interface property without `@default`
 * (aws-cdk's rule for props: say what happens when the prop is left out).
 */

/** One exported declaration or member of the public API, as the check needs to see it. */
export interface ApiMember {
  /** Where it is, e.g. `lib.SkillFunctionProps.timeout`. */
  readonly name: string;
  /** TypeDoc's kind, e.g. `Class`, `Property`, `Function`. */
  readonly kind: string;
  /** It, or one of its signatures, carries a doc comment. */
  readonly documented: boolean;
  /** A property marked `?`. */
  readonly optional: boolean;
  /** The text of its `@default` tag, when its comment has one. */
  readonly defaultTag?: string;
  /** A property of an interface (not of a class or an inline object type). */
  readonly interfaceProperty: boolean;
  /**
   * A member of an inline object type (`{ kind: 'linked'; user }` in a union): its owner's
   * comment documents it, as a table's caption documents its columns.
   */
  readonly inlineMember: boolean;
}

/** A problem the check found, as one line of its report. */
export interface DocFinding {
  readonly name: string;
  readonly kind: string;
  readonly problem:
    | 'no doc comment'
    | 'optional property without @default'
    | '`@default undefined` says nothing: give the value, or `- what happens`';
}

/** Every problem in `members`, in the order given. */
export function docFindings(members: readonly ApiMember[]): DocFinding[] {
  const findings: DocFinding[] = [];
  for (const member of members) {
    if (!member.documented && !member.inlineMember) {
      findings.push({ name: member.name, kind: member.kind, problem: 'no doc comment' });
    }
    if (member.interfaceProperty && member.optional) {
      const problem = defaultProblem(member.defaultTag);
      if (problem) findings.push({ name: member.name, kind: member.kind, problem });
    }
  }
  return findings;
}

function defaultProblem(defaultTag: string | undefined): DocFinding['problem'] | undefined {
  if (defaultTag === undefined) return 'optional property without @default';
  // TypeDoc hands the tag's text over as code: a ```ts fence around it.
  const text = defaultTag
    .replace(/```\w*/g, '')
    .replace(/`/g, '')
    .trim();
  if (text === 'undefined') {
    return '`@default undefined` says nothing: give the value, or `- what happens`';
  }
  return undefined;
}

/** The report: one line per finding, and what to write. */
export function formatDocFindings(findings: readonly DocFinding[]): string {
  if (findings.length === 0) return 'Every exported symbol has a doc comment.';
  return [
    `${findings.length} problem(s) in the public API's doc comments:`,
    ...findings.map((f) => `  ${f.name} (${f.kind}): ${f.problem}`),
    'Write a /** short comment */ above each one saying what it is and why; on an optional prop add',
    '`@default <value>` or `@default - <what happens when it is left out>` (never `@default undefined`).',
  ].join('\n');
}
