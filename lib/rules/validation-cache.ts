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
 * - each stack's account and region;
 * - the construct tree: every construct's path and class, and every acknowledged rule
 *   (`Validations.of(x).acknowledge`), which live in the tree, not in the templates.
 * A change to any of them is a miss; an unreadable cache is a miss. Only the last report of each
 * plugin is kept, so the cache never grows.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Stack,
  Validations,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
} from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

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

interface CacheEntry {
  readonly key: string;
  readonly report: PolicyValidationPluginReport;
}

/** The construct tree as far as a validation report can depend on it. */
function treeFingerprint(root: IConstruct | undefined): unknown[] {
  if (!root) return [];
  return root.node
    .findAll()
    .map((construct) => [
      construct.node.path,
      construct.constructor.name,
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .map((entry) => entry.data as unknown),
      Stack.isStack(construct) ? [construct.account, construct.region] : null,
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

  private get cacheFile(): string {
    const safeName = this.name.replace(/[^A-Za-z0-9-]+/g, '-');
    return path.join(this.options.cacheDir, `${safeName}.json`);
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const key = validationKey(this.options.cacheKey, context);
    const cached = this.read();
    if (cached?.key === key) {
      this.lastOutcome = 'replayed';
      return cached.report;
    }
    const report = this.options.load().validate(context);
    // Stored before the framework gets the report: it rewrites template paths in place.
    this.write({ key, report });
    this.lastOutcome = 'ran';
    return report;
  }

  private read(): CacheEntry | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.cacheFile, 'utf8')) as Partial<CacheEntry>;
      return typeof entry.key === 'string' && typeof entry.report === 'object'
        ? (entry as CacheEntry)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Whole or not at all: two synths may finish at once. A cache that cannot be written is skipped. */
  private write(entry: CacheEntry): void {
    try {
      fs.mkdirSync(this.options.cacheDir, { recursive: true });
      const temp = `${this.cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(entry));
      fs.renameSync(temp, this.cacheFile);
    } catch {
      // The next synth runs the plugin again; nothing is lost.
    }
  }
}
