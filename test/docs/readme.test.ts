/**
 * The README as a landing page and the docs/ pages it leads to: every page one click from the
 * README, every page in the index, and the checks of what the pages say (the prerequisites, the
 * library recipe, the OIDC deploy line, tables that must agree), each on the page the text lives in.
 */
import * as path from 'node:path';
import { markdownLinkTargets } from '../support/markdown-links';
import { docsPages, pageSection, readPage } from '../support/doc-pages';

const CONTRIBUTING = /^docs\/contributing\//;

/** The locales a table row lists after the marker, e.g. the EU row. */
function localesInRow(text: string, row: RegExp): string[] {
  const line = text.split('\n').find((l) => row.test(l));
  if (!line) throw new Error(`no table row matching ${row}`);
  return (line.match(/\b[a-z]{2}-[A-Z]{2}\b/g) ?? []).sort();
}

/** The docs pages a piece of Markdown links to, as paths from the root (fragments dropped). */
function linkedPages(markdown: string, from: string): string[] {
  const folder = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  return markdownLinkTargets(markdown)
    .filter((target) => /\.md(#|$)/.test(target) && !/^https?:/.test(target))
    .map((target) => path.posix.normalize(`${folder}${target.replace(/#.*$/, '')}`))
    .filter((page) => page.startsWith('docs/'));
}

describe('README', () => {
  test('is a landing page: at most 250 lines', () => {
    expect(readPage('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });

  test("the feature list links each user's page in docs/, one line each", () => {
    const features = pageSection('README.md', 'Features');
    const userPages = docsPages().filter(
      (page) => !CONTRIBUTING.test(page) && page !== 'docs/README.md'
    );
    expect(userPages.length).toBeGreaterThanOrEqual(9);
    expect([...new Set(linkedPages(features, 'README.md'))].sort()).toEqual(userPages);
    for (const line of features.split('\n').filter((l) => l.startsWith('- '))) {
      expect(linkedPages(line, 'README.md')).toHaveLength(1);
    }
  });

  test('leads to the docs index and, in one line, to every contributor page', () => {
    const next = pageSection('README.md', 'Where to go next');
    expect(linkedPages(next, 'README.md')).toContain('docs/README.md');
    const contributorLines = next.split('\n').filter((line) => /docs\/contributing\//.test(line));
    expect(contributorLines).toHaveLength(1);
    expect(
      linkedPages(next, 'README.md')
        .filter((p) => CONTRIBUTING.test(p))
        .sort()
    ).toEqual(docsPages().filter((page) => CONTRIBUTING.test(page)));
  });
});

describe('docs/README.md', () => {
  test('lists every page under docs/, one line each', () => {
    const items = readPage('docs/README.md')
      .split('\n')
      .filter((line) => line.startsWith('- '));
    const listed = items.flatMap((line) => linkedPages(line, 'docs/README.md'));
    expect(listed).toHaveLength(items.length);
    expect([...listed].sort()).toEqual(docsPages().filter((page) => page !== 'docs/README.md'));
  });
});

describe('what the pages say', () => {
  test('the smart home and regional endpoint tables serve the same EU locales from eu-west-1', () => {
    const smartHome = localesInRow(
      pageSection('docs/smart-home.md', 'Deploy and set up'),
      /^\| `eu-west-1`/
    );
    const regional = localesInRow(
      pageSection('docs/operations.md', 'Regional endpoints'),
      /^\| EU /
    );
    expect(smartHome).toEqual(regional);
    expect(regional).toEqual(expect.arrayContaining(['en-GB', 'de-DE', 'hi-IN', 'nl-NL', 'ar-SA']));
  });

  test('Prerequisites name what the deploy path and the optional commands need', () => {
    const prerequisites = pageSection('docs/getting-started.md', 'Prerequisites');
    expect(prerequisites).toMatch(/AWS CLI/);
    expect(prerequisites).toMatch(/`jq`/);
    expect(prerequisites).toMatch(/ASK CLI/);
    expect(prerequisites).toMatch(/Graphviz[^]*npm run diagram|npm run diagram[^]*Graphviz/);
  });

  test("the library section says where a cdk init app's bin/<name>.ts and cdk.json fit", () => {
    const library = pageSection('docs/your-own-skill.md', 'Use it in your own CDK app');
    expect(library).toMatch(/`bin\/my-skill\.ts` is the app's entry/);
    expect(library).toMatch(/`cdk\.json`'s `"app"` line/);
  });

  test('the OIDC section has one complete deploy command line with every required key', () => {
    const oidc = pageSection(
      'docs/linking-servers.md',
      '`oidc` (Auth0, Okta, Keycloak, any OpenID Connect server)',
      3
    );
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
