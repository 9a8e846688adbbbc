/**
 * Bench rows for the examples (issue 19): each example's skill bundle as deployed (the example
 * installed from the packed package and synthesized with its own CDK CLI, test/examples/
 * example-app.ts) against its own floor, the same intents written on ask-sdk-core and
 * aws-jwt-verify without the runtime API, built in this run with the settings SkillFunction
 * bundles an `entry` with. The bound: the runtime API costs at most 10% of cold init and size.
 * As deployed, the example's bundle leaves ask-sdk-model out (SkillFunction's `askSdkModel`,
 * `auto`); the floor keeps it, as bundling those intents without this package does. One more pair
 * of rows builds the example with ask-sdk-model kept, as the floor is, to show what the runtime
 * API itself costs.
 */
import * as path from 'node:path';
import * as fs from 'node:fs';
import {
  buildBundle,
  cachedEntryBundleDir,
  type BundleEntry,
} from '../../lib/skill-functions/bundle-recipe';
import { exampleFunction, synthesizeExample } from '../../test/examples/example-app';
import { alternatingSamples, coldInitMs, median, pairedRatio } from './as-deployed';
import type { ExampleBundles } from './example-warm';

/** An example's rows for the ratio table, and its two bundles for the warm-request table. */
export interface ExampleMeasures {
  readonly rows: (string | number)[][];
  readonly bundles: ExampleBundles[];
}

/** The examples with a skill function, the prefix of its description and its floor's source. */
const EXAMPLES = [
  {
    name: 'custom-skill' as const,
    functionDescription: 'Alexa skill:',
    entry: 'lambda/skill.ts',
    floorSource: 'scripts/bench/custom-skill-example-floor-entry.ts',
  },
];
const SMART_HOME_EXAMPLE = {
  name: 'smart-home' as const,
  functionDescription: 'Alexa skill (smart home):',
  floorSource: 'scripts/bench/smart-home-example-floor-entry.ts',
};

/** An example's floor as a bundle entry: built by the bundle recipe, as `entry` bundles are. */
function exampleFloorEntry(example: { name: string; floorSource: string }): BundleEntry {
  return {
    name: `bench-floor-example-${example.name}`,
    source: example.floorSource,
    perLinkingServer: true,
  };
}

/** The smart home example's floor entry (its test drives the floor's bundle). */
export const SMART_HOME_EXAMPLE_FLOOR = exampleFloorEntry(SMART_HOME_EXAMPLE);

interface MeasureOptions {
  readonly workDir: string;
  readonly coldSamples: number;
  /** Values CloudFormation fills in at deploy time, by variable name. */
  readonly tokenValues: Record<string, string>;
}

/**
 * The example installed and synthesized as a user deploys it (its skill function's bundle, with
 * the template's environment and the bench's values for deploy-time tokens), and its floor's
 * bundle built for the same linking server.
 */
async function deployedWithFloor(
  example: {
    name: 'custom-skill' | 'smart-home';
    functionDescription: string;
    floorSource: string;
  },
  options: MeasureOptions
) {
  const synthesized = synthesizeExample(example.name, path.join(options.workDir, 'examples'));
  const fn = exampleFunction(synthesized, example.functionDescription);
  const environment = Object.fromEntries(
    Object.entries(fn.environment).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const stand = options.tokenValues[name];
      if (stand === undefined) throw new Error(`No bench value for the token in ${name}`);
      return [name, stand];
    })
  );
  const floorFile = await buildBundle(
    exampleFloorEntry(example),
    'cognito',
    path.join(options.workDir, `floor-example-${example.name}`)
  );
  const bundles: ExampleBundles = {
    name: example.name,
    file: path.join(fn.bundleDir, 'index.js'),
    floorFile,
    environment,
  };
  return { synthesized, bundles };
}

/** The most the runtime API may add to an example's cold init and bundle size. */
export const EXAMPLE_BOUND = 1.1;

export async function exampleRows(options: MeasureOptions): Promise<ExampleMeasures> {
  const rows: (string | number)[][] = [];
  const bundles: ExampleBundles[] = [];
  const fmt = (ms: number) => ms.toFixed(3);
  const target = (value: number) =>
    `<= ${EXAMPLE_BOUND}x ${value <= EXAMPLE_BOUND ? 'met' : 'MISSED'}`;
  for (const example of EXAMPLES) {
    const { synthesized, bundles: deployed } = await deployedWithFloor(example, options);
    const { file, floorFile, environment } = deployed;
    // The same entry, in the app as installed, with ask-sdk-model kept as the floor keeps it.
    const sameBundlingFile = path.join(
      cachedEntryBundleDir(path.join(synthesized.appDir, example.entry), 'cognito', 'bundled'),
      'index.js'
    );
    bundles.push(deployed);
    const [ours = [], floor = [], sameBundling = []] = alternatingSamples(options.coldSamples, [
      () => coldInitMs(file, environment),
      () => coldInitMs(floorFile, environment),
      () => coldInitMs(sameBundlingFile, environment),
    ]);
    const coldRatio = pairedRatio(ours, floor);
    const size = (f: string) => fs.statSync(f).size;
    const sizeRatio = size(file) / size(floorFile);
    const sameBundlingCold = pairedRatio(sameBundling, floor);
    const sameBundlingSize = size(sameBundlingFile) / size(floorFile);
    rows.push([
      `examples/${example.name}: cold init as deployed (ms)`,
      fmt(median(ours)),
      `${fmt(median(floor))} (its intents on ask-sdk-core + aws-jwt-verify)`,
      `${coldRatio.toFixed(2)}x`,
      target(coldRatio),
    ]);
    rows.push([
      `examples/${example.name}: bundle size (KiB)`,
      (size(file) / 1024).toFixed(1),
      (size(floorFile) / 1024).toFixed(1),
      `${sizeRatio.toFixed(2)}x`,
      target(sizeRatio),
    ]);
    rows.push([
      `examples/${example.name}, ask-sdk-model kept as in the floor: cold init (ms)`,
      fmt(median(sameBundling)),
      fmt(median(floor)),
      `${sameBundlingCold.toFixed(2)}x`,
      'the runtime API alone, for transparency',
    ]);
    rows.push([
      `examples/${example.name}, ask-sdk-model kept as in the floor: bundle size (KiB)`,
      (size(sameBundlingFile) / 1024).toFixed(1),
      (size(floorFile) / 1024).toFixed(1),
      `${sameBundlingSize.toFixed(2)}x`,
      'the runtime API alone, for transparency',
    ]);
  }
  return { rows, bundles };
}

/**
 * examples/smart-home (Acme Plug) as deployed, against the same device port's behaviour written on
 * aws-jwt-verify directly (scripts/bench/smart-home-example-floor-entry.ts): cold init with the
 * template's environment (the Acme cloud's URL included) and bundle size, bound EXAMPLE_BOUND.
 */
export async function smartHomeExampleRows(options: MeasureOptions): Promise<ExampleMeasures> {
  const { bundles: deployed } = await deployedWithFloor(SMART_HOME_EXAMPLE, options);
  const { file, floorFile, environment } = deployed;
  const [ours = [], floor = []] = alternatingSamples(options.coldSamples, [
    () => coldInitMs(file, environment),
    () => coldInitMs(floorFile, environment),
  ]);
  const coldRatio = pairedRatio(ours, floor);
  const size = (f: string) => fs.statSync(f).size;
  const sizeRatio = size(file) / size(floorFile);
  const target = (value: number) =>
    `<= ${EXAMPLE_BOUND}x ${value <= EXAMPLE_BOUND ? 'met' : 'MISSED'}`;
  const rows = [
    [
      'examples/smart-home: cold init as deployed (ms)',
      median(ours).toFixed(3),
      `${median(floor).toFixed(3)} (its device port on aws-jwt-verify)`,
      `${coldRatio.toFixed(2)}x`,
      target(coldRatio),
    ],
    [
      'examples/smart-home: bundle size (KiB)',
      (size(file) / 1024).toFixed(1),
      (size(floorFile) / 1024).toFixed(1),
      `${sizeRatio.toFixed(2)}x`,
      target(sizeRatio),
    ],
  ];
  return { rows, bundles: [deployed] };
}
