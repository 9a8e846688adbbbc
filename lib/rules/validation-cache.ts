/**
 * A validation plugin that replays the report of the plugin it stands for while nothing that
 * report depends on has changed, and runs (and loads) that plugin only when something has.
 *
 * A synth whose templates and construct tree are the ones the last synth validated (synth then
 * deploy, a diff, a repeated synth) gets the same findings, printed the same way, without paying
 * for the checks again: cdk-nag's rules and CloudFormation's validation engine cost about a
 * second of every synth of this app. What a report depends on, all in the key:
 * - the plugin: its name, its version and options (`cacheKey`);
 * - every template it is given, byte for byte, and where it is (reports name template paths);
 * - each stack's account and region, where they are concrete;
 * - the construct tree: every construct's path and class, and every acknowledged rule
 *   (`Validations.of(x).acknowledge`), which live in the tree, not in the templates.
 * A change to any of them is a miss; an unreadable cache is a miss. The last few reports of each
 * plugin are kept (one file each, named by key), so switching between a synth and a
 * `-c nag=false` synth, or between two output directories, stays cached, and the cache stays small.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Stack,
  Token,
  Validations,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { writeAtomically } from '../skill-functions/bundle-recipe';

export interface CachedValidationOptions {
  /** The plugin's name, as its reports are titled (read without loading the plugin). */
  readonly name: string;
  /** The plugin's version and options: whatever else its verdict depends on. */
  readonly cacheKey: string;
  /** Loads and builds the plugin: called on a miss only. */
  readonly load: () => IPolicyValidationPlugin;
  /** Where the last report of each plugin is kept. */
  readonly cacheDir: string;
}

/** Reports kept per plugin; older ones are removed when a new one is written. */
export const REPORTS_KEPT_PER_PLUGIN = 8;

interface CacheEntry {
  readonly key: string;
  readonly report: PolicyValidationPluginReport;
}

/** The construct tree as far as a validation report can depend on it. */
function treeFingerprint(root: IConstruct | undefined): unknown[] {
  if (!root) return [];
  return root.node.findAll().map((construct) => [
    construct.node.path,
    construct.constructor.name,
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((entry) => entry.data as unknown),
    // Only a concrete account or region: a token's text is numbered per process, not per app.
    Stack.isStack(construct)
      ? [construct.account, construct.region].map((v) => (Token.isUnresolved(v) ? 'agnostic' : v))
      : null,
  ]);
}

/** The cache key of one validation: see the module comment for what goes in and why. */
export function validationKey(cacheKey: string, context: IPolicyValidationContext): string {
  const hash = createHash('sha256');
  const templates = context.templatePaths.map((file) => [
    path.resolve(file),
    createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
  ]);
  const root = (context as { appConstruct?: IConstruct }).appConstruct;
  hash.update(JSON.stringify({ format: 1, cacheKey, templates, tree: treeFingerprint(root) }));
  return hash.digest('hex');
}

export class CachedValidationPlugin implements IPolicyValidationPlugin {
  readonly name: string;
  /** How the last validate() was answered: for the tests and the benchmark. */
  lastOutcome: 'replayed' | 'ran' | undefined;

  constructor(private readonly options: CachedValidationOptions) {
    this.name = options.name;
  }

  /** The file names of this plugin's reports start with it. */
  private get filePrefix(): string {
    return `${this.name.replace(/[^A-Za-z0-9]+/g, '-')}-`;
  }

  private cacheFile(key: string): string {
    return path.join(this.options.cacheDir, `${this.filePrefix}${key}.json`);
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const key = validationKey(this.options.cacheKey, context);
    const cached = this.read(key);
    if (cached) {
      this.lastOutcome = 'replayed';
      return cached.report;
    }
    const report = this.options.load().validate(context);
    // Stored before the framework gets the report: it rewrites template paths in place.
    this.write({ key, report });
    this.lastOutcome = 'ran';
    return report;
  }

  private read(key: string): CacheEntry | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.cacheFile(key), 'utf8')) as Partial<CacheEntry>;
      return entry.key === key && typeof entry.report === 'object' && entry.report !== null
        ? (entry as CacheEntry)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** A cache that cannot be written is skipped: the next synth runs the plugin again. */
  private write(entry: CacheEntry): void {
    try {
      fs.mkdirSync(this.options.cacheDir, { recursive: true });
      writeAtomically(this.cacheFile(entry.key), JSON.stringify(entry));
      this.prune();
    } catch {
      // Nothing is lost.
    }
  }

  /** Keeps this plugin's newest REPORTS_KEPT_PER_PLUGIN reports. */
  private prune(): void {
    const dir = this.options.cacheDir;
    const reports = fs
      .readdirSync(dir)
      .filter((name) => name.startsWith(this.filePrefix) && name.endsWith('.json'))
      .map((name) => ({
        file: path.join(dir, name),
        mtime: fs.statSync(path.join(dir, name)).mtimeMs,
      }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of reports.slice(REPORTS_KEPT_PER_PLUGIN)) fs.rmSync(old.file, { force: true });
  }
}
