/** The pure decision whether a user's entry bundle may hold the ask-sdk-model stand-in. */
import {
  askSdkModelNeededBy,
  type BundleInputFile,
} from '../../lib/skill-functions/ask-sdk-model-use';

const STAND_IN =
  'node_modules/alexa-account-linking/dist/lambda/runtime/custom-skill/without-ask-sdk-model.js';
const CORE = 'node_modules/ask-sdk-core/dist/skill/CustomSkill.js';

const file = (path: string, contents = '', imports: string[] = []): BundleInputFile => ({
  path,
  contents,
  imports,
});

// ask-sdk-core's own files import the stand-in and name the API client: they never count.
const ASK_SDK_ITSELF = [
  file(CORE, 'this.apiClient = skillConfiguration.apiClient;', [STAND_IN]),
  file(
    'node_modules/ask-sdk-core/dist/skill/factory/CustomSkillFactory.js',
    'withApiClient(apiClient) {'
  ),
  file('node_modules/ask-sdk-runtime/dist/index.js', 'apiClient'),
  file('node_modules/ask-sdk-model-runtime/index.js', 'apiClient'),
  file(STAND_IN, 'class ServiceClientFactory {}'),
];

describe('askSdkModelNeededBy', () => {
  test('lets the stand-in stay when only ask-sdk itself uses the package', () => {
    const skill = file('lambda/skill.ts', 'SkillBuilders.custom().addRequestHandlers(launch)', [
      'node_modules/ask-sdk-core/dist/index.js',
    ]);
    expect(askSdkModelNeededBy([skill, ...ASK_SDK_ITSELF], STAND_IN)).toBeUndefined();
  });

  test.each([
    [
      'lambda/skill.ts',
      'SkillBuilders.custom().withApiClient(new DefaultApiClient())',
      'sets an API client',
    ],
    ['lambda/skill.ts', 'new CustomSkill({ apiClient })', 'sets an API client'],
    [
      'node_modules/ask-sdk/dist/skill/factory/StandardSkillFactory.js',
      '.withApiClient(new DefaultApiClient())',
      'sets an API client',
    ],
  ])('keeps the real package when %s has %j', (path, contents, why) => {
    expect(askSdkModelNeededBy([...ASK_SDK_ITSELF, file(path, contents)], STAND_IN)).toBe(
      `${path} ${why}`
    );
  });

  test.each(['lambda/skill.ts', 'node_modules/some-alexa-addon/index.js'])(
    'keeps the real package when %s imports ask-sdk-model as a value',
    (path) => {
      const importer = file(path, 'const { services } = require("ask-sdk-model");', [STAND_IN]);
      expect(askSdkModelNeededBy([...ASK_SDK_ITSELF, importer], STAND_IN)).toBe(
        `${path} imports ask-sdk-model`
      );
    }
  );

  test('names the first file that needs it', () => {
    const inputs = [
      file('lambda/a.ts', 'plain'),
      file('lambda/b.ts', 'x', [STAND_IN]),
      file('lambda/c.ts', 'withApiClient'),
    ];
    expect(askSdkModelNeededBy(inputs, STAND_IN)).toBe('lambda/b.ts imports ask-sdk-model');
  });

  test.each(['myApiClientFactory', 'apiClients', 'withApiClientish'])(
    'does not take %j for an API client',
    (word) => {
      expect(askSdkModelNeededBy([file('lambda/skill.ts', word)], STAND_IN)).toBeUndefined();
    }
  );

  test('counts a package whose name only starts like ask-sdk', () => {
    const lookalike = file('node_modules/ask-sdk-core-extras/index.js', 'withApiClient');
    expect(askSdkModelNeededBy([lookalike], STAND_IN)).toBe(
      'node_modules/ask-sdk-core-extras/index.js sets an API client'
    );
  });
});
