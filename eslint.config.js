// @ts-check
/** ESLint flat config: TypeScript + Vue, and import boundaries that keep the architecture honest. */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

const NODE_IO = ['node:*', '@node-rs/*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'crypto', 'os', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', 'hono', 'hono/*', '@hono/*', 'pino', 'vue', 'pinia'];

/** Drivers and HTTP: the composition root, the adapters and the routes use them; the core does not. */
const DRIVERS_AND_HTTP = {
  group: ['pg', 'better-sqlite3', 'drizzle-orm/better-sqlite3', 'drizzle-orm/better-sqlite3/*', 'drizzle-orm/node-postgres', 'drizzle-orm/node-postgres/*',
    'hono', 'hono/*', '@hono/*', '**/http/**', '**/wecom-sim/**'],
  message: 'server/core knows no driver, no HTTP framework, no route and not the simulator',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test-results/**', 'server/adapters/db/sqlite/migrations/**', 'data/**'] },
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
        selector: "CallExpression[arguments.length=0][callee.property.name=/^(get|all|run|values)$/][callee.object.type='CallExpression']",
        message: 'SQLite-only executor: await the query (first() for one row, .returning() to count changes)',
      }, {
        selector: "CallExpression[callee.property.name='prepare']",
        message: 'prepared statements differ per engine: write the query with the common builder',
      }],
    },
  },
  {
    // The core (DESIGN.md §7, adapted — see README "Architecture"): no driver, no Hono, no route, no simulator;
    // from the composition root only types; from the adapters only the tables of record and the one enqueue
    // (both written once for the two engines); from the channel only its errcode table, job-call wrapper and types.
    files: ['server/core/**/*.ts'],
    ignores: ['server/core/ports/**', 'server/core/engine/sandbox.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        DRIVERS_AND_HTTP,
        { group: ['**/app/**', '**/app'], allowTypeImports: true, message: 'server/core takes only types from the composition root (server/app)' },
        { regex: '/adapters/(?!db/sqlite/schema/|jobs/queue$|db/sqlite/still-sync$)',
          message: 'server/core reaches the adapters through core/ports (only the tables of record and the one enqueue are shared)' },
        { regex: '/channels/(?!wecom-kf/(errcodes|http|types)$)', allowTypeImports: true,
          message: 'server/core calls WeCom through the client in its deps; from the channel only errcodes, asJobCall and types' },
      ] }],
    },
  },
  {
    // The rule sandbox composes a throw-away product of its own (in-memory SQLite, the demo seed, a manual clock).
    files: ['server/core/engine/sandbox.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [DRIVERS_AND_HTTP] }] },
  },
  {
    // The ports are the core's vocabulary: shared/ and each other only.
    files: ['server/core/ports/**/*.ts'],
    ignores: ['server/core/ports/tables.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['pg', 'better-sqlite3', 'drizzle-orm/better-sqlite3', 'drizzle-orm/node-postgres', 'hono', 'hono/*'], message: 'core/ports know no driver and no HTTP framework' },
        { regex: '^\\.\\./(?!\\.\\./\\.\\./shared/)', message: 'core/ports import shared/ and core/ports only' },
      ] }],
    },
  },
  {
    // Adapters implement ports: they take nothing from the core beyond its ports, nor from the app, routes or simulator.
    files: ['server/adapters/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { regex: '/core/(?!ports/|errors$)', message: 'adapters take only core/ports and the typed errors from the core' },
        { group: ['**/app/**', '**/app'], allowTypeImports: true, message: 'adapters take only types from the composition root' },
        { regex: '/(http|wecom-sim)/|/channels/(?!wecom-kf/errcodes$)', message: 'adapters know no route, no channel (beyond its errcode table) and not the simulator' },
      ] }],
    },
  },
  {
    // The channel drives the core (pull, directory) and implements its WeCom calls; it knows no other route and not the simulator.
    files: ['server/channels/**/*.ts'],
    ignores: ['server/channels/wecom-kf/callback-route.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/app/**', '**/app'], allowTypeImports: true, message: 'the channel takes only types from the composition root' },
        { group: ['**/http/**', '**/wecom-sim/**', 'hono', 'hono/*'], message: 'the channel knows no route (callback-route.ts excepted) and not the simulator' },
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
