/**
 * The validation cache (lib/rules/validation-cache.ts) replays a report only while everything the
 * report depends on is unchanged, and the replayed report is the one the plugin itself gives.
 * Real plugins on real synthesized templates: cdk-nag's AwsSolutions pack and aws-cdk-lib's
 * CloudFormation validation, on a stack with findings of both.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  App,
  Aws,
  CfnResource,
  Lazy,
  CloudFormationValidatePlugin,
  Stack,
  Validations,
  type IPolicyValidationContext,
} from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  AWS_SOLUTIONS_PLUGIN_NAME,
  CLOUDFORMATION_VALIDATE_PLUGIN_NAME,
  appValidationPlugins,
  cachedAwsSolutionsChecks,
  cachedCloudFormationValidation,
} from '../../lib/rules/app-validations';
import {
  CachedValidationPlugin,
  REPORTS_KEPT_PER_PLUGIN,
  validationKey,
} from '../../lib/rules/validation-cache';

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-cache-'));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Variant {
  /** A second resource: changes the template. */
  readonly extraTopic?: boolean;
  /** Acknowledges one nag finding: changes the tree, not the template. */
  readonly acknowledge?: boolean;
}

/** Synthesizes a stack with nag and CloudFormation findings; the context the framework would pass. */
function synthesized(variant: Variant = {}, outdir = path.join(scratch, 'cdk.out')) {
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Findings');
  // AwsSolutions-SNS3: the topic does not require SSL.
  const topic = new Topic(stack, 'Plain');
  if (variant.extraTopic) new Topic(stack, 'Another');
  // A property of the wrong type: CloudFormation's schema validation reports it.
  new CfnResource(stack, 'Misconfigured', {
    type: 'AWS::SNS::Topic',
    properties: { FifoTopic: 'not-a-boolean-at-all' },
  });
  if (variant.acknowledge) {
    Validations.of(topic).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'a test' });
  }
  const assembly = app.synth();
  // As aws-cdk-lib's synthesis passes it (the construct tree is what cdk-nag walks).
  const stackTemplates = assembly.stacks.map((s) => ({
    stackConstructPath: s.hierarchicalId,
    templatePath: s.templateFullPath,
  }));
  return {
    templatePaths: stackTemplates.map((s) => s.templatePath),
    stackTemplates,
    appConstruct: app,
  } as unknown as IPolicyValidationContext;
}

/** A cached nag plugin whose load() is counted. */
function countedNag(cacheDir = scratch) {
  const counter = { loads: 0 };
  const plugin = new CachedValidationPlugin({
    name: AWS_SOLUTIONS_PLUGIN_NAME,
    cacheKey: 'cdk-nag AwsSolutionsChecks',
    load: () => {
      counter.loads += 1;
      return new AwsSolutionsChecks();
    },
    cacheDir,
  });
  return { plugin, counter };
}

const ruleNames = (report: { violations: { ruleName: string }[] }) =>
  report.violations.map((v) => v.ruleName).sort();

describe('the validation cache', () => {
  test('the first synth runs cdk-nag; an unchanged one replays its report without loading it', () => {
    const context = synthesized();
    const direct = new AwsSolutionsChecks().validate(context);
    expect(ruleNames(direct)).toEqual(['AwsSolutions-SNS3']);

    const first = countedNag();
    expect(first.plugin.validate(context)).toEqual(direct);
    expect([first.counter.loads, first.plugin.lastOutcome]).toEqual([1, 'ran']);

    // A later synth of the same app: a new process, so a new plugin, the same cache directory.
    const second = countedNag();
    expect(second.plugin.validate(synthesized())).toEqual(direct);
    expect([second.counter.loads, second.plugin.lastOutcome]).toEqual([0, 'replayed']);
  });

  test('a changed template runs the checks again', () => {
    countedNag().plugin.validate(synthesized());
    const again = countedNag();
    const report = again.plugin.validate(synthesized({ extraTopic: true }));
    expect([again.counter.loads, again.plugin.lastOutcome]).toEqual([1, 'ran']);
    expect(
      report.violations.find((v) => v.ruleName === 'AwsSolutions-SNS3')?.violatingResources
    ).toHaveLength(2);
  });

  test('an acknowledgement, which changes the tree but not the template, runs the checks again', () => {
    const plain = synthesized();
    const acknowledged = synthesized({ acknowledge: true });
    const templateOf = (context: IPolicyValidationContext) =>
      fs.readFileSync(context.templatePaths[0] as string, 'utf8');
    expect(templateOf(acknowledged)).toEqual(templateOf(plain));

    countedNag().plugin.validate(plain);
    const again = countedNag();
    const report = again.plugin.validate(acknowledged);
    expect([again.counter.loads, again.plugin.lastOutcome]).toEqual([1, 'ran']);
    expect(ruleNames(report)).toEqual([]);
  });

  test('the same templates in another output directory run the checks again (reports name template paths)', () => {
    countedNag().plugin.validate(synthesized());
    const again = countedNag();
    again.plugin.validate(synthesized({}, path.join(scratch, 'elsewhere')));
    expect(again.plugin.lastOutcome).toBe('ran');
  });

  test("a stack's unresolved account or region does not change the key: a token's text is numbered per process", () => {
    const context = (outdir: string) => {
      const app = new App({ outdir, builtinCloudFormationValidation: false });
      // A fresh token per app, so the two apps' stacks hold differently numbered token texts.
      const account = Lazy.string({ produce: () => '123456789012' });
      const stack = new Stack(app, 'Env', { env: { account, region: Aws.REGION } });
      new Topic(stack, 'Plain');
      const assembly = app.synth();
      return {
        context: {
          templatePaths: assembly.stacks.map((s) => s.templateFullPath),
          appConstruct: app,
        } as unknown as IPolicyValidationContext,
        accountText: stack.account,
      };
    };
    const first = context(path.join(scratch, 'same'));
    const second = context(path.join(scratch, 'same'));
    expect(second.accountText).not.toBe(first.accountText);
    expect(validationKey('k', second.context)).toBe(validationKey('k', first.context));
  });

  test('an unreadable or foreign cache file is a miss, and is replaced', () => {
    const context = synthesized();
    countedNag().plugin.validate(context);
    const files = fs.readdirSync(scratch).filter((name) => name !== 'cdk.out');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^AwsSolutions-[0-9a-f]{64}\.json$/);
    const file = path.join(scratch, files[0] as string);
    const key = path.basename(file, '.json').slice('AwsSolutions-'.length);
    for (const garbage of [
      '{"key":',
      `{"key":"${key}","report":null}`,
      `{"key":"other","report":{}}`,
      '[]',
    ]) {
      fs.writeFileSync(file, garbage);
      const next = countedNag();
      next.plugin.validate(context);
      expect(next.plugin.lastOutcome).toBe('ran');
    }
    const last = countedNag();
    last.plugin.validate(context);
    expect(last.plugin.lastOutcome).toBe('replayed');
  });

  test('keeps the newest reports of each plugin, so two alternating synths both stay cached', () => {
    const outdirs = Array.from({ length: REPORTS_KEPT_PER_PLUGIN + 2 }, (_, i) =>
      path.join(scratch, `out-${i}`)
    );
    const cacheDir = path.join(scratch, 'cache');
    for (const outdir of outdirs) countedNag(cacheDir).plugin.validate(synthesized({}, outdir));
    expect(fs.readdirSync(cacheDir)).toHaveLength(REPORTS_KEPT_PER_PLUGIN);
    const newest = countedNag(cacheDir);
    newest.plugin.validate(synthesized({}, outdirs[outdirs.length - 1]));
    expect(newest.plugin.lastOutcome).toBe('replayed');
    const oldest = countedNag(cacheDir);
    oldest.plugin.validate(synthesized({}, outdirs[0]));
    expect(oldest.plugin.lastOutcome).toBe('ran');
  });

  test('CloudFormation validation replays the report its plugin gives', () => {
    const context = synthesized();
    const direct = new CloudFormationValidatePlugin().validate(context);
    expect(direct.violations.length).toBeGreaterThan(0);
    expect(JSON.stringify(direct.violations)).toContain('Misconfigured');

    const first = cachedCloudFormationValidation(scratch);
    expect(first.validate(context)).toEqual(direct);
    expect(first.lastOutcome).toBe('ran');
    const second = cachedCloudFormationValidation(scratch);
    expect(second.validate(synthesized())).toEqual(direct);
    expect(second.lastOutcome).toBe('replayed');
  }, 60_000);

  test('the cached plugins carry the names the framework and the reader know their reports by', () => {
    expect(cachedAwsSolutionsChecks(scratch).name).toBe(new AwsSolutionsChecks().name);
    expect(cachedCloudFormationValidation(scratch).name).toBe(
      CloudFormationValidatePlugin.PLUGIN_NAME
    );
    expect([AWS_SOLUTIONS_PLUGIN_NAME, CLOUDFORMATION_VALIDATE_PLUGIN_NAME]).toEqual([
      'AwsSolutions',
      'CloudFormation Validate',
    ]);
  });

  test('the app runs both unless told otherwise: -c nag=false, or CDK_VALIDATION=false (cdk synth --no-validation)', () => {
    const names = (options: Parameters<typeof appValidationPlugins>[0]) =>
      appValidationPlugins({ cacheDir: scratch, ...options }).map((plugin) => plugin.name);
    expect(names({ nag: true, env: {} })).toEqual(['CloudFormation Validate', 'AwsSolutions']);
    expect(names({ nag: false, env: {} })).toEqual(['CloudFormation Validate']);
    expect(names({ nag: true, env: { CDK_VALIDATION: 'false' } })).toEqual(['AwsSolutions']);
  });

  test("bin/app.ts registers both, and aws-cdk-lib's built-in validation does not run as well", () => {
    const root = path.join(__dirname, '..', '..');
    const context = JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context;
    const run = (extra: Record<string, unknown>) => {
      const { NODE_OPTIONS: _jest, ...env } = process.env;
      const result = spawnSync(
        process.execPath,
        ['-r', './test/support/report-validation-plugins.cjs', '--import', 'tsx', 'bin/app.ts'],
        {
          cwd: root,
          encoding: 'utf8',
          env: {
            ...env,
            CDK_OUTDIR: path.join(scratch, `app-${Object.keys(extra).length}`),
            CDK_CONTEXT_JSON: JSON.stringify({ ...context, ...extra }),
          },
          timeout: 120_000,
        }
      );
      expect(result.status).toBe(0);
      return result.stderr.split('\n').filter((line) => /^(plugins=|builtin)/.test(line));
    };
    expect(run({})).toEqual(['plugins=["CloudFormation Validate","AwsSolutions"]']);
    expect(run({ nag: false })).toEqual(['plugins=["CloudFormation Validate"]']);
  }, 120_000);
});
