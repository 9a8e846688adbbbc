/**
 * An example app of examples/ as a user runs it: copied out of the repository, the packed package
 * and the app's own dependencies installed offline (`npm ci` from the npm cache this repository's
 * install filled), type-checked with the app's tsc and synthesized with the app's CDK CLI
 * (`cdk synth`, through its cdk.json). Plain Node.js, no jest: the bench uses it too.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { consumerLockfile, type Lockfile } from '../package/consumer-lockfile';
import { RUN_TMPDIR_ENV } from '../support/global-setup';
import { ROOT, offlineNpmEnv, packedPackage, type PackedPackage } from '../support/packed-package';

export const EXAMPLES_DIR = path.join(ROOT, 'examples');

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

type Resource = { Type: string; Properties: Record<string, unknown> };

/** A Lambda function of the example's synthesized stacks, with its code asset's directory. */
export interface ExampleFunction {
  readonly logicalId: string;
  readonly description: string;
  readonly handlerName: string;
  /** Its environment as synthesized: tokens stay CloudFormation intrinsics. */
  readonly environment: Record<string, unknown>;
  readonly bundleDir: string;
}

export interface SynthesizedExample {
  /** The installed copy of the example (its node_modules, its cdk.out). */
  readonly appDir: string;
  readonly assemblyDir: string;
  /** Every stack's template, by stack artifact ID. */
  readonly templates: Record<
    string,
    { Resources: Record<string, Resource>; Outputs?: Record<string, { Value: unknown }> }
  >;
  /** Every function whose code is a file asset of the assembly. */
  readonly functions: readonly ExampleFunction[];
  readonly packed: PackedPackage;
  /** Milliseconds per step: pack (or cache look-up), install, typecheck, synth. */
  readonly timings: Record<'pack' | 'install' | 'typecheck' | 'synth', number>;
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...offlineNpmEnv,
      // The CDK CLI offline: no notices, no telemetry, no account look-up on an instance role.
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} in ${cwd} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`
    );
  }
  return result.stdout;
}

const timed = <T>(work: () => T): [T, number] => {
  const started = Date.now();
  return [work(), Date.now() - started];
};

/**
 * The example's package.json with the package taken from the tarball, and a lockfile that pins
 * what it names to this repository's lockfile. The example pins exact versions, the ones this
 * repository tests with: a different one fails here, naming it (the cache has no other).
 */
export function exampleInstallFiles(
  manifest: Manifest,
  repoLock: Lockfile,
  packed: Pick<PackedPackage, 'name' | 'version' | 'integrity'>,
  tarballPath: string
): { manifest: Manifest; lockfile: Lockfile } {
  const dependencies = { ...manifest.dependencies };
  const devDependencies = { ...manifest.devDependencies };
  const wanted = dependencies[packed.name];
  if (wanted !== packed.version) {
    throw new Error(
      `${manifest.name}'s package.json asks for ${packed.name} ${JSON.stringify(wanted)}; expected "${packed.version}", the version this repository packs.`
    );
  }
  delete dependencies[packed.name];
  for (const [name, version] of Object.entries({ ...dependencies, ...devDependencies })) {
    const locked = repoLock.packages[`node_modules/${name}`]?.version;
    if (locked !== version) {
      throw new Error(
        `${manifest.name}'s package.json pins ${name} ${JSON.stringify(version)}; expected "${locked ?? 'a package of this repository'}", the version in this repository's package-lock.json (the examples are installed offline from it).`
      );
    }
  }
  const generated = consumerLockfile(
    repoLock,
    { ...packed, file: tarballPath, peerDependencies: dependencies },
    Object.keys(devDependencies)
  );
  const lockfile = {
    ...generated.lockfile,
    name: manifest.name,
    version: manifest.version,
    packages: {
      ...generated.lockfile.packages,
      '': { ...generated.lockfile.packages[''], name: manifest.name, version: manifest.version },
    },
  };
  return {
    manifest: {
      ...manifest,
      dependencies: generated.dependencies,
      devDependencies: generated.devDependencies,
    },
    lockfile,
  };
}

/**
 * Copies `examples/<name>` into `workDir/<name>`, installs it offline with the packed package,
 * type-checks it (`tsc`, its own tsconfig), runs `cdk synth` and returns its cloud assembly and
 * the code asset of each function.
 */
export function synthesizeExample(name: string, workDir: string): SynthesizedExample {
  const source = path.join(EXAMPLES_DIR, name);
  const appDir = path.join(workDir, name);
  const [packed, pack] = timed(packedPackage);

  // GIVEN the example's own files, as a user has them (no node_modules, no cdk.out)
  fs.cpSync(source, appDir, {
    recursive: true,
    filter: (file) => !/[\\/](node_modules|cdk\.out)$/.test(file),
  });
  const repoLock = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')
  ) as Lockfile;
  const manifest = JSON.parse(
    fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')
  ) as Manifest;
  const files = exampleInstallFiles(manifest, repoLock, packed, path.relative(appDir, packed.file));
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(files.manifest, null, 2));
  fs.writeFileSync(path.join(appDir, 'package-lock.json'), JSON.stringify(files.lockfile));

  // WHEN it installs, type-checks and synthesizes as its README says
  const [, install] = timed(() => installDependencies(appDir, files, workDir));
  const bin = (tool: string) => path.join(appDir, 'node_modules', '.bin', tool);
  const [, typecheck] = timed(() => run(bin('tsc'), ['--noEmit', '-p', appDir], appDir));
  const assemblyDir = path.join(appDir, 'cdk.out');
  const [, synth] = timed(() =>
    run(bin('cdk'), ['synth', '--quiet', '--no-notices', '--output', assemblyDir], appDir)
  );
  return {
    appDir,
    assemblyDir,
    ...assemblyContents(assemblyDir),
    packed,
    timings: { pack, install, typecheck, synth },
  };
}

/**
 * `npm ci` in the app, or a copy of the node_modules an example with the same dependencies (the
 * same lockfile, root aside) installed earlier in this run: a second synth of an example (the
 * bench has one) installs nothing. Each example lists only what its code uses, so two examples
 * share an install only when they use the same packages. The copies live in the jest run's temp
 * dir (or `workDir` outside jest) and go with it. Two apps installing at once both install, and the
 * first to finish is kept.
 */
function installDependencies(
  appDir: string,
  files: ReturnType<typeof exampleInstallFiles>,
  workDir: string
): void {
  const { '': _root, ...packages } = files.lockfile.packages;
  const key = createHash('sha256')
    .update(JSON.stringify([files.manifest.dependencies, files.manifest.devDependencies, packages]))
    .digest('hex')
    .slice(0, 20);
  const installed = path.join(
    process.env[RUN_TMPDIR_ENV] ?? workDir,
    'example-installs',
    key,
    'node_modules'
  );
  if (fs.existsSync(installed)) {
    // A real copy, not hard links: a test writing into its node_modules must not reach another's.
    run('cp', ['-a', installed, path.join(appDir, 'node_modules')], appDir);
    return;
  }
  run('npm', ['ci', '--offline', '--ignore-scripts'], appDir);
  const staging = `${path.dirname(installed)}.${process.pid}.tmp`;
  fs.mkdirSync(staging, { recursive: true });
  run('cp', ['-a', path.join(appDir, 'node_modules'), staging], appDir);
  try {
    fs.renameSync(staging, path.dirname(installed));
  } catch {
    fs.rmSync(staging, { recursive: true, force: true }); // another app got there first
  }
}

/** Every stack template of a cloud assembly and its functions' code asset directories. */
export function assemblyContents(
  assemblyDir: string
): Pick<SynthesizedExample, 'templates' | 'functions'> {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  const templates: SynthesizedExample['templates'] = {};
  const functions: ExampleFunction[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack' || !artifact.properties?.templateFile) {
      continue;
    }
    const template = JSON.parse(
      fs.readFileSync(path.join(assemblyDir, artifact.properties.templateFile), 'utf8')
    ) as SynthesizedExample['templates'][string];
    templates[id] = template;
    const assets = JSON.parse(
      fs.readFileSync(path.join(assemblyDir, `${id}.assets.json`), 'utf8')
    ) as { files: Record<string, { source: { path: string } }> };
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      const code = resource.Properties?.Code as { S3Key?: string } | undefined;
      if (resource.Type !== 'AWS::Lambda::Function' || typeof code?.S3Key !== 'string') continue;
      const asset = assets.files[code.S3Key.replace(/\.zip$/, '')];
      if (!asset) throw new Error(`no asset for ${logicalId}'s ${code.S3Key} in ${assemblyDir}`);
      functions.push({
        logicalId,
        description: String(resource.Properties.Description ?? ''),
        handlerName: String(resource.Properties.Handler),
        environment:
          (resource.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)
            ?.Variables ?? {},
        bundleDir: path.join(assemblyDir, asset.source.path),
      });
    }
  }
  return { templates, functions };
}

/** The one function whose description starts with `prefix`, or an error listing the others. */
export function exampleFunction(
  example: Pick<SynthesizedExample, 'functions'>,
  prefix: string
): ExampleFunction {
  const matches = example.functions.filter((fn) => fn.description.startsWith(prefix));
  if (matches.length !== 1) {
    throw new Error(
      `expected one function described "${prefix}…"; the assembly has ${JSON.stringify(example.functions.map((fn) => fn.description))}`
    );
  }
  return matches[0] as ExampleFunction;
}

/** What an example's TypeScript sources import, read from the repository's copy of it. */
export interface ExampleImports {
  /** Its .ts files (node_modules aside), relative to the example, sorted. */
  readonly sources: string[];
  /** Every `from '…'` specifier, in file order. */
  readonly specifiers: string[];
  /** The relative imports that leave the example's folder (e.g. into lib/ or lambda/). */
  readonly escaping: { readonly file: string; readonly specifier: string }[];
}

export function exampleImports(name: string): ExampleImports {
  const root = path.join(EXAMPLES_DIR, name);
  const files = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts') && !f.parentPath.includes('node_modules'))
    .map((f) => path.join(f.parentPath, f.name));
  const found = files.flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => ({
      file,
      specifier: m[1] as string,
    }))
  );
  return {
    sources: files.map((f) => path.relative(root, f)).sort(),
    specifiers: found.map((s) => s.specifier),
    escaping: found.filter(
      ({ file, specifier }) =>
        specifier.startsWith('.') &&
        path.relative(root, path.resolve(path.dirname(file), specifier)).startsWith('..')
    ),
  };
}
