// Lint: typescript-eslint's recommended rules, the layer rules the README states, and no import cycles.
// The layers are three runtimes (src/core: no VS Code; src/vscode: the extension host; src/webview: a browser
// bundle). Each rule's message says what to do instead, so a newcomer who trips on one knows the fix.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

/** A `no-restricted-imports` rule for some files: each pattern group with the message that explains it. */
const layer = (files, patterns, ignores = []) => ({ files, ignores, rules: { 'no-restricted-imports': ['error', { patterns }] } });

const NO_VSCODE_IN_CORE = { group: ['vscode'], message: 'src/core runs without VS Code: take what you need as a parameter (a port defined in core) and implement it in src/vscode.' };
const NO_HOST_IN_CORE = { group: ['**/vscode/**', '**/webview/**'], message: 'src/core must not import the extension host (src/vscode) or the webview (src/webview): move the shared logic into src/core.' };
const NO_VSCODE_IN_WEBVIEW = { group: ['vscode', '**/vscode/**'], message: 'The webview is a browser page: it talks to the host only through the messages of src/core/panel/protocol.ts.' };
const NO_NODE_IN_WEBVIEW = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: 'The webview is a browser bundle: Node built-ins are not there. Ask the host with a request (src/core/panel/protocol.ts).' };
const NO_FEATURE_IN_PANEL = {
  // The panel's own folder, the leaf services it is built on, and core; any other src/vscode folder is a feature.
  regex: '^\\.\\./(?!(panel|util|l10n|settings|gemini)(/|$)|\\.\\./core/)',
  message: 'The chat panel imports no feature folder: a feature imports the panel and registers its handlers in src/extension.ts.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', '.test-runs/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Escapes of control characters are the point of the regexes that use them (sanitising, redaction).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The wire layer reads JSON whose shape the API defines and changes; it narrows it with guards.
    files: ['src/core/gemini/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests build hostile and malformed payloads on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(['src/core/**/*.ts'], [NO_VSCODE_IN_CORE, NO_HOST_IN_CORE]),
  layer(['src/webview/**/*.ts'], [NO_VSCODE_IN_WEBVIEW, NO_NODE_IN_WEBVIEW]),
  layer(['src/vscode/panel/chatPanel.ts', 'src/vscode/panel/chatView.ts'], [NO_FEATURE_IN_PANEL]),
  {
    // One import graph with no cycle: a cycle means two modules each need the other, and one of them should
    // take a port instead.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
);
