/** What the API reference check refuses (scripts/docs/doc-findings.ts), decided from plain data. */
import { docFindings, formatDocFindings, type ApiMember } from '../../scripts/docs/doc-findings';

const member = (overrides: Partial<ApiMember>): ApiMember => ({
  name: 'lib.WidgetProps.size',
  kind: 'Property',
  documented: true,
  optional: true,
  defaultTag: '```ts\n3\n```',
  interfaceProperty: true,
  inlineMember: false,
  ...overrides,
});

describe('docFindings', () => {
  test.each([
    ['a documented optional prop with @default', member({}), []],
    ['a documented required prop', member({ optional: false, defaultTag: undefined }), []],
    [
      'an optional class property without @default (fields are not props)',
      member({ interfaceProperty: false, defaultTag: undefined }),
      [],
    ],
    [
      'an undocumented member of an inline object type (its owner documents it)',
      member({ documented: false, inlineMember: true, interfaceProperty: false }),
      [],
    ],
    [
      'an undocumented function',
      member({ kind: 'Function', documented: false, interfaceProperty: false, optional: false }),
      ['no doc comment'],
    ],
    [
      'an optional prop without @default',
      member({ defaultTag: undefined }),
      ['optional property without @default'],
    ],
    [
      'an optional prop with `@default undefined`',
      member({ defaultTag: '```ts\nundefined\n```' }),
      ['`@default undefined` says nothing: give the value, or `- what happens`'],
    ],
    [
      'an optional prop with `@default - what happens`',
      member({ defaultTag: '- the stack name' }),
      [],
    ],
    [
      'an undocumented optional prop: both problems',
      member({ documented: false, defaultTag: undefined }),
      ['no doc comment', 'optional property without @default'],
    ],
  ])('%s', (_title, given, problems) => {
    expect(docFindings([given]).map((finding) => finding.problem)).toEqual(problems);
  });
});

describe('formatDocFindings', () => {
  test('says all is well, or lists each finding and what to write', () => {
    expect(formatDocFindings([])).toBe('Every exported symbol has a doc comment.');
    expect(
      formatDocFindings(
        docFindings([
          member({ name: 'lib.X', kind: 'Class', documented: false, interfaceProperty: false }),
        ])
      ).split('\n')
    ).toEqual([
      "1 problem(s) in the public API's doc comments:",
      '  lib.X (Class): no doc comment',
      'Write a /** short comment */ above each one saying what it is and why; on an optional prop add',
      '`@default <value>` or `@default - <what happens when it is left out>` (never `@default undefined`).',
    ]);
  });
});
