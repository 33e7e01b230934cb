// @ts-check
/** ESLint flat config: TypeScript + Vue, and import boundaries that keep the architecture honest. */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

const NODE_IO = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'crypto', 'os', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'hono', 'hono/*', '@hono/*', 'pino', 'vue', 'pinia'];

/** What the new core and adapters must not import from the server as it is today (the conversion adopts them, not the reverse). */
const OLD_PRODUCT = {
  group: ['**/pipeline/**', '**/engine/**', '**/routes/**', '**/services/**', '**/timers/**', '**/escalation/**', '**/relay/**',
    '**/duty/**', '**/wecom/**', '**/wecom-sim/**', '../clock', '../../clock', '../../../clock', '../app', '../../app', '../../../app'],
  message: 'the new core and adapters are independent of the current product code (it will adopt them)',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'server/db/migrations/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      // import-x must parse our .ts/.vue modules itself to follow imports (no-cycle); the node resolver finds them.
      'import-x/extensions': ['.ts', '.vue', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'], 'vue-eslint-parser': ['.vue'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.vue', '.js', '.mjs', '.json'] })],
    },
    // parserOptions.parser also lets import-x parse the <script lang="ts"> of .vue modules it follows.
    languageOptions: { globals: { ...globals.node, ...globals.browser }, parserOptions: { parser: tseslint.parser } },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // shared/ is pure: used by server and browser alike, so no I/O and no framework imports.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: NODE_IO, message: 'shared/ must stay free of I/O and frameworks' },
        { group: ['**/server/**', '**/web/**'], message: 'shared/ must not depend on server/ or web/' },
      ] }],
    },
  },
  {
    // Queries written once for both engines (server/core/ports/queries.ts): no SQLite-only executors.
    files: ['server/core/**/*.ts', 'server/adapters/jobs/**/*.ts', 'server/adapters/bus/**/*.ts', 'server/adapters/db/cluster/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[arguments.length=0][callee.property.name=/^(get|all|run|values)$/]",
        message: 'SQLite-only executor: await the query (first() for one row, .returning() to count changes)',
      }, {
        selector: "CallExpression[callee.property.name='prepare']",
        message: 'prepared statements differ per engine: write the query with the common builder',
      }],
    },
  },
  {
    // The async core knows neither the engine nor the channel; the new adapters take nothing from the old product code.
    files: ['server/core/**/*.ts', 'server/adapters/**/*.ts', 'server/channels/**/*.ts'],
    ignores: ['server/core/ports/tables.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        OLD_PRODUCT,
      ] }],
    },
  },
  {
    files: ['server/core/**/*.ts'],
    ignores: ['server/core/ports/tables.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        OLD_PRODUCT,
        { group: ['pg', 'better-sqlite3', 'drizzle-orm/better-sqlite3', 'drizzle-orm/node-postgres', 'hono', 'hono/*', '**/adapters/**', '**/channels/**', '**/db/**'],
          message: 'server/core imports shared/ and core/ports only: no driver, no adapter, no channel, no table (use q.t)' },
      ] }],
    },
  },
  {
    // web/ reaches the server only through types (AppType for hc) — never its internals, never its code.
    files: ['web/**/*.ts', 'web/**/*.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/server/**', '!**/server/app'], message: 'web/ may import only types from server/app (AppType)' },
        { group: ['**/server/app'], allowTypeImports: true, message: 'web/ takes only types from server/app (import type)' },
        { group: ['node:*', 'better-sqlite3', 'drizzle-orm', 'pino'], message: 'web/ runs in the browser' },
      ] }],
      // One typed client (web/src/common/api) is the only place the pages talk to the server.
      'no-restricted-globals': ['error', ...['fetch', 'EventSource', 'XMLHttpRequest', 'WebSocket'].map((name) => ({
        name, message: 'call the server through the typed client in web/src/common/api',
      }))],
    },
  },
  {
    files: ['web/src/common/api/**/*.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
);
