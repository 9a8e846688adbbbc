/** The install files an example gets: its own package.json, the package from the tarball, pinned to this repository's lockfile. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Lockfile } from '../package/consumer-lockfile';
import { ROOT } from '../support/packed-package';
import { EXAMPLES_DIR, exampleInstallFiles } from './example-app';

const repoLock = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')
) as Lockfile;
const packed = { name: 'alexa-account-linking', version: '0.1.0', integrity: 'sha512-test' };
const manifestOf = (example: string) =>
  JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, example, 'package.json'), 'utf8'));

describe('exampleInstallFiles', () => {
  test('takes the package from the tarball and every other dependency at its pinned version', () => {
    // GIVEN the custom skill example's own package.json
    const manifest = manifestOf('custom-skill');
    // WHEN
    const files = exampleInstallFiles(manifest, repoLock, packed, '../pkg.tgz');
    // THEN
    expect(files.manifest.name).toBe('order-desk-skill');
    expect(files.manifest.scripts).toEqual(manifest.scripts);
    expect(files.manifest.dependencies).toEqual({
      ...manifest.dependencies,
      'alexa-account-linking': 'file:../pkg.tgz',
    });
    expect(files.manifest.devDependencies).toEqual(manifest.devDependencies);
    expect(files.lockfile.packages['node_modules/alexa-account-linking']).toMatchObject({
      resolved: 'file:../pkg.tgz',
      integrity: 'sha512-test',
    });
    expect(files.lockfile.packages['']).toMatchObject({ name: 'order-desk-skill' });
    expect(files.lockfile.packages['node_modules/aws-cdk-lib']?.version).toBe('2.276.0');
    expect(files.lockfile.packages['node_modules/esbuild']).toMatchObject({ dev: true });
  });

  test('fails when a dependency is pinned to a version the lockfile does not hold, naming both', () => {
    const manifest = manifestOf('custom-skill');
    manifest.dependencies['aws-cdk-lib'] = '^2.200.0';
    expect(() => exampleInstallFiles(manifest, repoLock, packed, '../pkg.tgz')).toThrow(
      /order-desk-skill's package\.json pins aws-cdk-lib "\^2\.200\.0"; expected "2\.276\.0"/
    );
  });

  test('fails when a dependency is not in the lockfile at all', () => {
    const manifest = manifestOf('custom-skill');
    manifest.devDependencies['left-pad'] = '1.3.0';
    expect(() => exampleInstallFiles(manifest, repoLock, packed, '../pkg.tgz')).toThrow(
      /pins left-pad "1\.3\.0"; expected "a package of this repository"/
    );
  });

  test('fails when the example asks for another version of the package than the one packed', () => {
    const manifest = manifestOf('custom-skill');
    manifest.dependencies['alexa-account-linking'] = '^1.0.0';
    expect(() => exampleInstallFiles(manifest, repoLock, packed, '../pkg.tgz')).toThrow(
      /asks for alexa-account-linking "\^1\.0\.0"; expected "0\.1\.0"/
    );
  });
});
