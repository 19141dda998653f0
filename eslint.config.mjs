// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '**/examples/**',
      'test/fixtures/**',
      'scratch/**',
      '.e2e/**',
      '.bench/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    // Rules are pure functions over the model: they never reach into the server or the client.
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/client/**', 'vscode', 'vscode-languageserver*'],
              message: 'rules/ imports nothing from server/ or client/',
            },
          ],
        },
      ],
    },
  },
  {
    // The client talks to the server only through the shared protocol module.
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/src/*', '!**/server/src/protocol'],
              message: 'client/ imports only server/src/protocol',
            },
          ],
        },
      ],
    },
  },
  {
    // The graph webview (a browser page under a strict CSP): browser globals, the same type-aware rules
    // (it has its own tsconfig with DOM types), types from the protocol only, and no HTML from strings:
    // every label is untrusted and reaches the DOM through textContent.
    files: ['webview/**/*.ts'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        console: 'readonly',
        performance: 'readonly',
        requestAnimationFrame: 'readonly',
        getComputedStyle: 'readonly',
        MutationObserver: 'readonly',
        ResizeObserver: 'readonly',
        XMLSerializer: 'readonly',
        acquireVsCodeApi: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/src/*', '!**/server/src/protocol', '**/client/**', 'vscode', 'node:*'],
              message: 'the webview imports browser code and protocol types only',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'build DOM with textContent (labels are untrusted)' },
        { property: 'outerHTML', message: 'build DOM with textContent (labels are untrusted)' },
        { property: 'insertAdjacentHTML', message: 'build DOM with textContent (labels are untrusted)' },
        {
          object: 'document',
          property: 'write',
          message: 'build DOM with textContent (labels are untrusted)',
        },
      ],
      'no-restricted-globals': ['error', { name: 'eval', message: 'the CSP forbids it' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
