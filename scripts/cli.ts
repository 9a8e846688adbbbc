/**
 * The command-line shape shared by every script in package.json (link-config, doctor,
 * skill-manifest, bench, diagram, decode-stack, build): options declared once, with the text
 * `--help` prints, and usage errors that say what to type instead.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** What the value is, as the help shows it (e.g. `<name>`). */
  readonly value?: string;
  readonly default?: string | boolean;
  readonly description: string;
}

export interface CommandSpec {
  /** As the user types it, e.g. `npm run link-config --`. */
  readonly usage: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** The one positional argument the command takes, if any (decode-stack's bundle). */
  readonly argument?: { readonly name: string; readonly description: string };
  readonly examples: readonly string[];
  /** Old option names and what replaced them. */
  readonly renamed?: Readonly<Record<string, string>>;
}

/** The command line is wrong: the message says how, and points at --help. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type ParsedCommandLine =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly values: Record<string, string | boolean | undefined>;
      /** The positional argument, when the spec declares one and it was given. */
      readonly argument?: string;
    };

export function parseCommandLine(argv: readonly string[], spec: CommandSpec): ParsedCommandLine {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: spec.argument !== undefined,
      options: Object.fromEntries(
        Object.entries(spec.options).map(([name, option]) => [
          name,
          option.default === undefined
            ? { type: option.type }
            : { type: option.type, default: option.default },
        ])
      ) as NonNullable<ParseArgsConfig['options']>,
    });
    if (positionals.length > 1) {
      throw new UsageError(`Unexpected argument '${positionals[1]}'`);
    }
    return {
      help: false,
      values: values as Record<string, string | boolean | undefined>,
      ...(positionals[0] === undefined ? {} : { argument: positionals[0] }),
    };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(--?[^']+)'/.exec(message)?.[1];
    const replacement = unknown ? spec.renamed?.[unknown.replace(/^--?/, '')] : undefined;
    throw new UsageError(
      `${message.split('. ')[0]}${replacement ? `: it is now ${replacement}` : ''}. Run with --help to see the options.`
    );
  }
}

export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, option]) => [
    `--${name}${option.value ? ` ${option.value}` : ''}`,
    `${option.description}${option.default !== undefined && option.default !== false ? ` (default: ${String(option.default)})` : ''}`,
  ]);
  rows.push(['--help, -h', 'show this help']);
  const width = Math.max(...rows.map(([flag]) => (flag ?? '').length));
  const argument = spec.argument
    ? [`  ${spec.argument.name}  ${spec.argument.description}`, '']
    : [];
  return [
    `Usage: ${spec.usage} [options]${spec.argument ? ` ${spec.argument.name}` : ''}`,
    '',
    spec.summary,
    '',
    ...(spec.argument ? ['Argument:', ...argument] : []),
    'Options:',
    ...rows.map(([flag, text]) => `  ${(flag ?? '').padEnd(width)}  ${text ?? ''}`),
    '',
    spec.examples.length === 1 ? 'Example:' : 'Examples:',
    ...spec.examples.map((example) => `  ${example}`),
  ].join('\n');
}

/** A value from a fixed list, or a usage error naming the option, the value and the choices. */
export function oneOfOption<T extends string>(
  name: string,
  value: string,
  allowed: readonly T[]
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `--${name} must be one of ${allowed.join(', ')}; received "${value}". Run with --help to see the options.`
  );
}

/**
 * The glue for a script's entry file: the parsed command line, or undefined when there is
 * nothing more to do: `--help` was printed (exit code 0), or a one-line usage error naming the
 * option was (exit code 1, as every script exits on a bad setting).
 */
export function commandLineOrExit(
  name: string,
  argv: readonly string[],
  spec: CommandSpec
): Extract<ParsedCommandLine, { help: false }> | undefined {
  try {
    const parsed = parseCommandLine(argv, spec);
    if (!parsed.help) return parsed;
    console.log(helpText(spec));
    process.exitCode = 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exitCode = 1;
  }
  return undefined;
}
