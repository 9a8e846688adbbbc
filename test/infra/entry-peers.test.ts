/** The pure decisions about the package's optional peers in a user's entry bundle. */
import {
  isProvidedByLambdaRuntime,
  missingPeers,
  missingPeersMessage,
  packageOf,
  peersToLeaveOut,
  runtimeExportsByInput,
  runtimeNamesImported,
  runtimeReExports,
  type BundleGraphInput,
  type MissingPeersInput,
  type OptionalPeer,
} from '../../lib/skill-functions/entry-peers';

const PEERS: OptionalPeer[] = [
  { name: '@aws-sdk/client-dynamodb', range: '^3.1162.0' },
  { name: 'ask-sdk-core', range: '^2.14.0' },
  { name: 'ask-sdk-model', range: '^1.86.0' },
  { name: 'aws-jwt-verify', range: '^5.2.1' },
];

describe('peersToLeaveOut', () => {
  test('leaves out exactly the peers that are not installed', () => {
    const installed = new Set(['aws-jwt-verify', '@aws-sdk/client-dynamodb']);
    expect(peersToLeaveOut(PEERS, (name) => installed.has(name))).toEqual([
      'ask-sdk-core',
      'ask-sdk-model',
    ]);
  });

  test('leaves out nothing when every peer is installed, so the build is as before', () => {
    expect(peersToLeaveOut(PEERS, () => true)).toEqual([]);
  });
});

describe('isProvidedByLambdaRuntime', () => {
  test.each([
    ['@aws-sdk/client-dynamodb', true],
    ['@aws-sdk/client-secrets-manager', true],
    ['ask-sdk-core', false],
    ['aws-jwt-verify', false],
    ['@aws-sdkx/client', false],
    ['not-@aws-sdk/client', false],
  ])('%s: %s', (name, provided) => {
    expect(isProvidedByLambdaRuntime(name)).toBe(provided);
  });
});

describe('packageOf', () => {
  test.each([
    ['ask-sdk-core', 'ask-sdk-core'],
    ['aws-jwt-verify/error', 'aws-jwt-verify'],
    ['aws-jwt-verify/jwk/cache', 'aws-jwt-verify'],
    ['@aws-sdk/client-dynamodb', '@aws-sdk/client-dynamodb'],
    ['@aws-sdk/client-dynamodb/dist-cjs/index.js', '@aws-sdk/client-dynamodb'],
  ])('%s is in %s', (specifier, name) => {
    expect(packageOf(specifier)).toBe(name);
  });
});

// A bundle's graph as esbuild reports it for a user's entry that imports the packed runtime.
const PKG = 'node_modules/alexa-account-linking/dist/esm/lambda';
const INDEX = `${PKG}/runtime/index.js`;
const ACCOUNT_LINKING = `${PKG}/runtime/custom-skill/account-linking.js`;
const SKILL_EVENT = `${PKG}/skill-events/skill-event.js`;
const EVENT_HANDLERS = `${PKG}/skill-events/handlers.js`;
const DIRECTIVES = `${PKG}/runtime/smart-home/handle-directive.js`;
const ENTRY = 'lambda/skill.ts';

const external = (path: string) => ({ path, external: true });
const input = (
  path: string,
  imports: BundleGraphInput['imports'],
  inOutput = true
): BundleGraphInput => ({ path, imports, inOutput });

const RUNTIME_EXPORTS = {
  [ACCOUNT_LINKING]: ['MALFORMED_ENVELOPE_RESPONSE', 'accountLinking'],
  [SKILL_EVENT]: ['createSkillEventHandler', 'isSkillEventEnvelope'],
  [DIRECTIVES]: ['createDirectiveHandler'],
};

/** The graph of an entry using accountLinking: ask-sdk-core is imported twice below it. */
function accountLinkingBuild(overrides: Partial<MissingPeersInput> = {}): MissingPeersInput {
  return {
    peers: PEERS,
    leftOut: ['ask-sdk-core', 'ask-sdk-model'],
    outputImports: ['ask-sdk-core', 'node:crypto'],
    inputs: [
      input(ENTRY, [{ path: INDEX }]),
      input(INDEX, [{ path: ACCOUNT_LINKING }, { path: SKILL_EVENT }, { path: DIRECTIVES }], false),
      input(ACCOUNT_LINKING, [external('ask-sdk-core'), { path: SKILL_EVENT }]),
      input(SKILL_EVENT, [{ path: EVENT_HANDLERS }]),
      input(EVENT_HANDLERS, [external('ask-sdk-core')]),
      // In the graph but dropped from the bundle: never blamed.
      input(DIRECTIVES, [external('ask-sdk-model')], false),
    ],
    runtimeExports: RUNTIME_EXPORTS,
    importedByUser: [],
    ...overrides,
  };
}

describe('missingPeers', () => {
  test('is empty when the bundle requires no left-out peer', () => {
    expect(missingPeers(accountLinkingBuild({ outputImports: ['node:crypto'] }))).toEqual([]);
  });

  test('is empty when the required peer was not left out (it is bundled, not required)', () => {
    expect(missingPeers(accountLinkingBuild({ leftOut: ['ask-sdk-model'] }))).toEqual([]);
  });

  test('names a left-out peer the bundle requires, with every runtime export above its importers', () => {
    expect(missingPeers(accountLinkingBuild())).toEqual([
      {
        peer: { name: 'ask-sdk-core', range: '^2.14.0' },
        runtimeExports: [
          'MALFORMED_ENVELOPE_RESPONSE',
          'accountLinking',
          'createSkillEventHandler',
          'isSkillEventEnvelope',
        ],
        ownFiles: [],
      },
    ]);
  });

  test('narrows the runtime exports to those the user imports', () => {
    const [missing] = missingPeers(accountLinkingBuild({ importedByUser: ['accountLinking'] }));
    expect(missing?.runtimeExports).toEqual(['accountLinking']);
  });

  test('keeps every export when the user imports none of them by name', () => {
    const [missing] = missingPeers(accountLinkingBuild({ importedByUser: ['escapeSsml'] }));
    expect(missing?.runtimeExports).toHaveLength(4);
  });

  test("counts a subpath import as its package's", () => {
    const build = accountLinkingBuild({
      leftOut: ['aws-jwt-verify'],
      outputImports: ['aws-jwt-verify/error'],
      inputs: [input(`${PKG}/verifiers/shared/jwks-cache.js`, [external('aws-jwt-verify/jwk')])],
    });
    expect(missingPeers(build).map(({ peer }) => peer.name)).toEqual(['aws-jwt-verify']);
  });

  test("names the user's own file that imports the peer, apart from the package's", () => {
    const build = accountLinkingBuild({
      inputs: [input(ENTRY, [external('ask-sdk-core')]), input('src/other.ts', [])],
    });
    expect(missingPeers(build)).toEqual([
      { peer: PEERS[1], runtimeExports: [], ownFiles: [ENTRY] },
    ]);
  });

  test('never fails the build for an AWS SDK client: Lambda provides it', () => {
    const build = accountLinkingBuild({
      leftOut: ['@aws-sdk/client-dynamodb'],
      outputImports: ['@aws-sdk/client-dynamodb'],
    });
    expect(missingPeers(build)).toEqual([]);
  });

  test('ignores an external import of a file the bundle dropped', () => {
    const build = accountLinkingBuild({
      inputs: [
        input(ACCOUNT_LINKING, [external('ask-sdk-core')], false),
        input(EVENT_HANDLERS, [external('ask-sdk-core')]),
        input(SKILL_EVENT, [{ path: EVENT_HANDLERS }]),
      ],
    });
    expect(missingPeers(build)[0]?.runtimeExports).toEqual([
      'createSkillEventHandler',
      'isSkillEventEnvelope',
    ]);
  });

  test('ignores a non-external import that happens to share the name', () => {
    const build = accountLinkingBuild({
      inputs: [input(`${PKG}/x.js`, [{ path: 'ask-sdk-core' }])],
    });
    expect(missingPeers(build)[0]?.runtimeExports).toEqual([]);
  });

  test("blames no exported module for a bundled (non-external) import of the peer's name", () => {
    const build = accountLinkingBuild({
      inputs: [input(SKILL_EVENT, [{ path: 'ask-sdk-core' }, { path: EVENT_HANDLERS }])],
    });
    expect(missingPeers(build)[0]?.runtimeExports).toEqual([]);
  });

  test('blames no exported module for an external import of another package', () => {
    const build = accountLinkingBuild({
      inputs: [input(SKILL_EVENT, [external('aws-jwt-verify'), external('node:crypto')])],
    });
    expect(missingPeers(build)[0]?.runtimeExports).toEqual([]);
  });

  test('finds an importer among the several modules it imports', () => {
    const build = accountLinkingBuild({
      inputs: [
        input(EVENT_HANDLERS, [external('ask-sdk-core')]),
        input(SKILL_EVENT, [{ path: INDEX }, { path: EVENT_HANDLERS }, { path: DIRECTIVES }]),
      ],
    });
    expect(missingPeers(build)[0]?.runtimeExports).toEqual([
      'createSkillEventHandler',
      'isSkillEventEnvelope',
    ]);
  });

  test('walks up through several importers to the exported module, once per module', () => {
    const a = `${PKG}/a.js`;
    const b = `${PKG}/b.js`;
    const build = accountLinkingBuild({
      inputs: [
        input(a, [external('ask-sdk-core'), { path: b }]),
        input(b, [{ path: a }]),
        input(SKILL_EVENT, [{ path: b }]),
      ],
    });
    expect(missingPeers(build)[0]?.runtimeExports).toEqual([
      'createSkillEventHandler',
      'isSkillEventEnvelope',
    ]);
  });
});

describe('missingPeersMessage', () => {
  test('names the package, what uses it, and the install line with the peer range', () => {
    expect(
      missingPeersMessage('lambda/skill.ts', '/home/me/skill', [
        { peer: PEERS[1] as OptionalPeer, runtimeExports: ['accountLinking'], ownFiles: [] },
      ])
    ).toBe(
      "The bundle of lambda/skill.ts requires ask-sdk-core (used by alexa-account-linking/runtime's accountLinking), which is not installed in /home/me/skill: run `npm install 'ask-sdk-core@^2.14.0'` there."
    );
  });

  test('lists several packages, exports and own files', () => {
    expect(
      missingPeersMessage('src/a.ts', '/p', [
        {
          peer: PEERS[1] as OptionalPeer,
          runtimeExports: ['accountLinking', 'respondWith'],
          ownFiles: ['src/a.ts'],
        },
        { peer: PEERS[2] as OptionalPeer, runtimeExports: [], ownFiles: [] },
      ])
    ).toBe(
      "The bundle of src/a.ts requires ask-sdk-core (used by alexa-account-linking/runtime's accountLinking, respondWith and src/a.ts) and ask-sdk-model (used by alexa-account-linking), which are not installed in /p: run `npm install 'ask-sdk-core@^2.14.0' 'ask-sdk-model@^1.86.0'` there."
    );
  });
});

describe('runtimeReExports', () => {
  test('reads the TypeScript source, leaving type-only names out', () => {
    const source = [
      'export { MALFORMED_ENVELOPE_RESPONSE, accountLinking, } from "./custom-skill/account-linking.js";',
      "export {\n  isLinked,\n  type LinkedUser,\n} from '../core/linking-decision';",
      "export type { LinkingVerifier } from '../verifiers/linking-verifier';",
      "export { type OnlyTypes } from './types';",
      "export { respondWith as respond } from './respond';",
    ].join('\n');
    expect(runtimeReExports(source)).toEqual([
      {
        specifier: './custom-skill/account-linking.js',
        names: ['MALFORMED_ENVELOPE_RESPONSE', 'accountLinking'],
      },
      { specifier: '../core/linking-decision', names: ['isLinked'] },
      { specifier: './respond', names: ['respond'] },
    ]);
  });

  test("reads the package's ES module: named imports, then one export list", () => {
    const source = [
      'import {\n  MALFORMED_ENVELOPE_RESPONSE,\n  accountLinking\n} from "./custom-skill/account-linking";',
      'import { logger } from "../adapters/logger";',
      'export {\n  MALFORMED_ENVELOPE_RESPONSE,\n  accountLinking,\n  logger\n};',
    ].join('\n');
    expect(runtimeReExports(source)).toEqual([
      {
        specifier: './custom-skill/account-linking',
        names: ['MALFORMED_ENVELOPE_RESPONSE', 'accountLinking'],
      },
      { specifier: '../adapters/logger', names: ['logger'] },
    ]);
  });
});

test('runtimeReExports reads lists and specifiers written without spaces', () => {
  expect(runtimeReExports('import{logger}from"../adapters/logger";export{logger};')).toEqual([
    { specifier: '../adapters/logger', names: ['logger'] },
  ]);
});

describe('runtimeExportsByInput', () => {
  test('resolves each re-export against the index, with or without its extension', () => {
    const files = [ENTRY, INDEX, ACCOUNT_LINKING, `${PKG}/core/linking-decision.js`];
    const byInput = runtimeExportsByInput(files, (index) => {
      expect(index).toBe(INDEX);
      return [
        { specifier: './custom-skill/account-linking.js', names: ['accountLinking'] },
        { specifier: '../core/linking-decision', names: ['isLinked'] },
        { specifier: './not-bundled.js', names: ['unused'] },
      ];
    });
    expect(byInput).toEqual({
      [ACCOUNT_LINKING]: ['accountLinking'],
      [`${PKG}/core/linking-decision.js`]: ['isLinked'],
    });
  });

  test("finds the TypeScript source's index too", () => {
    const files = ['lambda/runtime/index.ts', 'lambda/runtime/respond.ts'];
    expect(
      runtimeExportsByInput(files, () => [{ specifier: './respond', names: ['respondWith'] }])
    ).toEqual({ 'lambda/runtime/respond.ts': ['respondWith'] });
  });

  test('is empty without the runtime index', () => {
    expect(runtimeExportsByInput([ENTRY, 'lambda/runtime/index.json'], () => [])).toEqual({});
  });

  test('takes the index by its whole name: index.js, not a file that begins so', () => {
    const files = [
      'pkg/lambda/runtime/index.json',
      'pkg/lambda/runtime/index.mjs',
      'pkg/lambda/x.mjs',
    ];
    const read: string[] = [];
    const byInput = runtimeExportsByInput(files, (index) => {
      read.push(index);
      return [{ specifier: '../x', names: ['x'] }];
    });
    expect(read).toEqual(['pkg/lambda/runtime/index.mjs']);
    expect(byInput).toEqual({ 'pkg/lambda/x.mjs': ['x'] });
  });

  test('strips only the extension, not a dot in a directory name', () => {
    const files = ['pkg/lambda/runtime/index.js', 'pkg/lambda/v1.js/handler.js'];
    expect(
      runtimeExportsByInput(files, () => [{ specifier: '../v1.js/handler', names: ['handler'] }])
    ).toEqual({ 'pkg/lambda/v1.js/handler.js': ['handler'] });
  });
});

describe('runtimeNamesImported', () => {
  test('lists the value names imported from the runtime, by their exported name', () => {
    const source = [
      "import { SkillBuilders } from 'ask-sdk-core';",
      'import {',
      '  accountLinking as linking,',
      '  type LinkedRequest,',
      '  linkedUsersOnly,',
      "} from 'alexa-account-linking/runtime';",
      'import { logger } from "alexa-account-linking/runtime";',
      "import type { LinkingDecision } from 'alexa-account-linking/runtime';",
      "import { SkillFunction } from 'alexa-account-linking';",
    ].join('\n');
    expect(runtimeNamesImported(source)).toEqual(['accountLinking', 'linkedUsersOnly', 'logger']);
  });

  test('reads an import written without spaces', () => {
    expect(runtimeNamesImported("import{logger}from'alexa-account-linking/runtime';")).toEqual([
      'logger',
    ]);
  });
});
