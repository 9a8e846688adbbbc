/** The shared command-line parsing (scripts/cli.ts): options, one optional argument, usage errors. */
import { UsageError, helpText, parseCommandLine, type CommandSpec } from '../../scripts/cli';

const WITH_ARGUMENT: CommandSpec = {
  usage: 'npm run decode-stack --',
  summary: 'Decodes a stack.',
  argument: { name: '[bundle]', description: 'the bundle' },
  options: { out: { type: 'string', value: '<file>', description: 'where to write' } },
  examples: ['npm run decode-stack -- link-settings'],
};
const WITHOUT_ARGUMENT: CommandSpec = { ...WITH_ARGUMENT, argument: undefined };

test.each([
  [['link-settings'], { help: false, values: {}, argument: 'link-settings' }],
  [['--out', 'x.txt'], { help: false, values: { out: 'x.txt' } }],
  [['--help', '--bogus'], { help: true }],
  [['-h'], { help: true }],
])('parses %j', (argv, expected) => {
  expect(parseCommandLine(argv, WITH_ARGUMENT)).toEqual(expected);
});

test.each([
  [['--bogus'], WITH_ARGUMENT, /^Unknown option '--bogus'\. Run with --help to see the options\.$/],
  [['a', 'b'], WITH_ARGUMENT, /^Unexpected argument 'b'\. Run with --help/],
  [['a'], WITHOUT_ARGUMENT, /^Unexpected argument 'a'\. Run with --help/],
])('fails when given %j (case %#)', (argv, spec, message) => {
  expect(() => parseCommandLine(argv, spec)).toThrow(UsageError);
  expect(() => parseCommandLine(argv, spec)).toThrow(message);
});

test('the help shows the argument only for a command that takes one', () => {
  expect(helpText(WITH_ARGUMENT)).toMatch(
    /^Usage: npm run decode-stack -- \[options\] \[bundle\]\n/
  );
  expect(helpText(WITH_ARGUMENT)).toMatch(/\nArgument:\n {2}\[bundle\] {2}the bundle\n/);
  expect(helpText(WITHOUT_ARGUMENT)).not.toMatch(/Argument:|\[bundle\]/);
});
