/**
 * The command-line shape shared by link-config, doctor and skill-manifest: options declared once,
 * with the text `--help` prints, and usage errors that say what to type instead.
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
  | { readonly help: false; readonly values: Record<string, string | boolean | undefined> };

export function parseCommandLine(argv: readonly string[], spec: CommandSpec): ParsedCommandLine {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        Object.entries(spec.options).map(([name, option]) => [
          name,
          option.default === undefined
            ? { type: option.type }
            : { type: option.type, default: option.default },
        ])
      ) as NonNullable<ParseArgsConfig['options']>,
    });
    return { help: false, values: values as Record<string, string | boolean | undefined> };
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
  return [
    `Usage: ${spec.usage} [options]`,
    '',
    spec.summary,
    '',
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
