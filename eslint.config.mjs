// Flat config: recommended rules (typescript-eslint without type-aware rules, for speed) plus the
// import boundaries of ARCHITECTURE.md section 1, enforced with no-restricted-imports.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector',
  'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream',
  'string_decoder', 'timers', 'timers/promises', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi',
  'worker_threads', 'zlib',
];

const electron = { name: 'electron', message: 'only src-main/app and src-main/ipc talk to Electron' };
const renderer = { group: ['**/src-renderer', '**/src-renderer/**'], message: 'nothing imports the renderer but the renderer' };

/** src-main/dlms is sans-I/O: no sockets, timers, files (node:crypto only under security/). */
const dlmsBans = (allowCrypto) => [
  electron,
  ...['net', 'dgram', 'timers', 'timers/promises', 'fs', 'fs/promises', ...(allowCrypto ? [] : ['crypto'])].flatMap((m) => [
    { name: `node:${m}`, message: 'src-main/dlms is sans-I/O (node:crypto only in src-main/dlms/security)' },
    { name: m, message: 'src-main/dlms is sans-I/O (node:crypto only in src-main/dlms/security)' },
  ]),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tsbuild/**', 'release/**', 'coverage/**', 'test-results/**', '.captures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': ['error', { patterns: [renderer] }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src-shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, { name: 'react-dom', message: 'src-shared is shared with main: no DOM' }],
          patterns: [
            renderer,
            { group: ['node:*'], message: 'src-shared imports no node builtins' },
            { group: NODE_BUILTINS, message: 'src-shared imports no node builtins' },
            { group: ['react-dom/*'], message: 'src-shared is shared with main: no DOM' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/dlms/**'],
    rules: { 'no-restricted-imports': ['error', { paths: dlmsBans(false), patterns: [renderer] }] },
  },
  {
    files: ['src-main/dlms/security/**'],
    rules: { 'no-restricted-imports': ['error', { paths: dlmsBans(true), patterns: [renderer] }] },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src-main', '**/src-main/**'], message: 'the renderer talks to main only through window.meterscope (src-shared/ipc)' }] }],
    },
  },
);
