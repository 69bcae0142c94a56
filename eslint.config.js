import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The layers of src/, top to bottom (docs/architecture.md). A module imports, values and
// types alike, only from its own layer or a lower one. Every entry is a glob: the rule
// below takes globs or plain paths in one list, never both.
const layers = [
  { name: 'the composition root', files: ['src/{app,server,services,openapi}.ts'] },
  { name: 'features', files: ['src/features/**'] },
  { name: 'plugins', files: ['src/plugins/**'] },
  { name: 'publishing', files: ['src/publishing/**'] },
  { name: 'render', files: ['src/render/**'] },
  { name: 'contracts', files: ['src/contracts/**'] },
  { name: 'db', files: ['src/db/**'] },
  { name: 'document and tables', files: ['src/document/**', 'src/tables/**'] },
  { name: 'lib', files: ['src/lib/**', 'src/{errors,config,logging}.ts'] },
];

// One zone for each pair (lower layer, higher layer), so that a report names both.
const upwardImports = layers.flatMap((lower, below) =>
  layers.slice(0, below).map((higher) => ({
    target: lower.files,
    from: higher.files,
    message: `${lower.name} must not import from ${higher.name}, a higher layer (docs/architecture.md).`,
  })),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // The desk's script modules run in the browser.
    files: ['src/features/desk/assets/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window', 'document', 'fetch', 'Headers', 'FormData', 'URL', 'URLSearchParams', 'localStorage', 'sessionStorage',
          'setTimeout', 'clearTimeout', 'requestAnimationFrame', 'AbortController', 'Event', 'CustomEvent', 'HTMLElement',
          'DOMParser', 'navigator', 'location', 'history', 'console', 'File', 'FileReader', 'Blob', 'Intl', 'structuredClone',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Resolves `./x.js` to the `x.ts` or `x.tsx` beside it, as TypeScript does.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: import.meta.dirname })],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            ...upwardImports,
            {
              target: ['src/**'],
              from: ['{test,scripts}/**'],
              message: 'src/ never imports from test/ or scripts/.',
            },
          ],
        },
      ],
    },
  },
  {
    // A file outside every layer would escape the rule above.
    files: ['src/**/*.{ts,tsx}'],
    ignores: layers.flatMap((layer) => layer.files),
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message: 'This file is in no layer: add its folder to `layers` in eslint.config.js and to docs/architecture.md.',
        },
      ],
    },
  },
  {
    // A feature is handed the services it uses by the composition root (src/services.ts);
    // it may read another feature's types, never import its service to build or call it.
    files: ['src/features/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(features/)?[^./][^/]*/service\\.js$',
              allowTypeImports: true,
              message:
                "A feature imports another feature's service only as `import type`; the composition root (src/services.ts) passes the service in.",
            },
          ],
        },
      ],
    },
  },
);
