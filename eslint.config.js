// @ts-check
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const security = require('eslint-plugin-security');

module.exports = tseslint.config(
  {
    ignores: [
      '**/cdk.out/**',
      'node_modules/**',
      'coverage/**',
      'dist/**',
      '**/*.d.ts',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  security.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always'],
      // Flags every obj[key]; our keys are typed unions and literals, so it only adds noise.
      'security/detect-object-injection': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Tests build paths and expected-message patterns from fixtures.
    files: ['test/**/*.ts'],
    rules: {
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-non-literal-regexp': 'off',
      // The bundle test loads the Lambda bundle from a synthesized assembly by path.
      'security/detect-non-literal-require': 'off',
    },
  },
  {
    // Command-line tools read and write the files the operator names; the benchmark loads the
    // bundles it has just built.
    files: ['scripts/**/*.ts', 'scripts/**/*.mts'],
    rules: {
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-non-literal-require': 'off',
    },
  },
  {
    // The build recipe writes bundles under paths it builds from its own entry table, and the
    // package build script cleans and fills dist/.
    files: ['lib/skill-functions/bundle-recipe.ts', 'test/package/**/*.ts'],
    rules: { 'security/detect-non-literal-fs-filename': 'off' },
  },
  {
    // The validation cache reads the templates the framework names and writes under its own
    // cache directory; the app's validations read the installed packages' versions by name.
    files: ['lib/rules/validation-cache.ts', 'lib/rules/app-validations.ts'],
    rules: {
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-non-literal-require': 'off',
    },
  },
  {
    // The stand-in authorization server runs as plain ES modules on Node.js.
    files: ['**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        process: 'readonly',
        URLSearchParams: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // A preload for child processes in tests: plain CommonJS on Node.js, loaded with `node -r`.
    files: ['test/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  }
);
