/** The README's own structure: its contents list, its links within the page, and tables that must agree. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headingAnchors, markdownLinkTargets } from '../support/markdown-links';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The lines of one `## ` section, up to the next one. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "## ${title}"`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The locales a table row lists after the marker, e.g. the EU row. */
function localesInRow(text: string, row: RegExp): string[] {
  const line = text.split('\n').find((l) => row.test(l));
  if (!line) throw new Error(`no table row matching ${row}`);
  return (line.match(/\b[a-z]{2}-[A-Z]{2}\b/g) ?? []).sort();
}

describe('README', () => {
  test('has a contents list that names every section, each pointing at its heading', () => {
    const contents = markdownLinkTargets(section('Contents'));
    const sections = headingAnchors(README.replace(/^#{3,6} .*$/gm, '')).slice(1); // after the title
    expect(contents).toEqual(
      sections.filter((anchor) => anchor !== 'contents').map((a) => `#${a}`)
    );
  });

  test('every link within the page leads to a heading', () => {
    const anchors = new Set(headingAnchors(README));
    const broken = markdownLinkTargets(README)
      .filter((target) => target.startsWith('#'))
      .filter((target) => !anchors.has(target.slice(1)));
    expect(broken).toEqual([]);
  });

  test('the smart home and regional endpoint tables serve the same EU locales from eu-west-1', () => {
    const smartHome = localesInRow(section('Smart home skill'), /^\| `eu-west-1`/);
    const regional = localesInRow(section('Regional endpoints'), /^\| EU /);
    expect(smartHome).toEqual(regional);
    expect(regional).toEqual(expect.arrayContaining(['en-GB', 'de-DE', 'hi-IN', 'nl-NL', 'ar-SA']));
  });

  test('Prerequisites name what the deploy path and the optional commands need', () => {
    const prerequisites = section('Prerequisites');
    expect(prerequisites).toMatch(/AWS CLI/);
    expect(prerequisites).toMatch(/`jq`/);
    expect(prerequisites).toMatch(/ASK CLI/);
    expect(prerequisites).toMatch(/Graphviz[^]*npm run diagram|npm run diagram[^]*Graphviz/);
  });

  test("the library section says where a cdk init app's bin/<name>.ts and cdk.json fit", () => {
    const library = section('Use it in your own CDK app');
    expect(library).toMatch(/`bin\/my-skill\.ts` is the app's entry/);
    expect(library).toMatch(/`cdk\.json`'s `"app"` line/);
  });

  test('the OIDC section has one complete deploy command line with every required key', () => {
    const oidc = README.slice(README.indexOf('### `oidc`'), README.indexOf('## Sign-in providers'));
    const command = /```sh\n(npx cdk deploy -c linkingServer=oidc[^`]*)```/.exec(
      oidc.replace(/^ {3}/gm, '')
    )?.[1];
    expect(command).toBeDefined();
    for (const key of [
      'oidcIssuer',
      'oidcAudience',
      'oidcClientId',
      'oidcClientSecretName',
      'oidcAuthorizationUrl',
      'oidcTokenUrl',
    ]) {
      expect(command).toMatch(new RegExp(`-c ${key}=https?://\\S+|-c ${key}=[\\w/-]+`));
    }
  });
});
