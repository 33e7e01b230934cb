/** @module Vite build of the web surfaces: one HTML entry per surface under web/, all built into dist/web. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

/**
 * One line per surface: entry name → its HTML page under web/. The server serves `/<name>` from
 * `dist/web/<name>/index.html` and `/assets/*` from `dist/web/assets`. Rolldown splits chunks per entry, so a
 * page only loads the modules it imports (shared vendor code lands in a common chunk, never another page's code).
 */
const SURFACES: Record<string, string> = {
  demo: 'demo/index.html',
  admin: 'admin/index.html',
  sidebar: 'sidebar/index.html',
};

/**
 * Entries that boot in two steps (a small entry that starts the first requests, then `import('./app')`): the
 * built page preloads the app's chunk, its static imports and its CSS from the start, as if it were imported
 * statically, so the second step costs no extra round trip.
 */
const TWO_STEP_APP = /\/web\/src\/[a-z]+\/app\.ts$/;

function preloadTwoStepApp(): Plugin {
  return {
    name: 'moonshift:preload-two-step-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const { bundle, chunk } = ctx;
        if (!bundle || !chunk) return;
        const js = new Set<string>();
        const css = new Set<string>();
        const add = (file: string) => {
          const c = bundle[file];
          if (!c || c.type !== 'chunk' || js.has(file) || file === chunk.fileName) return;
          js.add(file);
          for (const f of (c as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []) css.add(f);
          c.imports.forEach(add);
        };
        for (const file of chunk.dynamicImports) {
          const c = bundle[file];
          if (c?.type === 'chunk' && c.facadeModuleId && TWO_STEP_APP.test(c.facadeModuleId)) add(file);
        }
        return [
          ...[...css].map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
          ...[...js].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

const webRoot = fileURLToPath(new URL('./web/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web/', import.meta.url));

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [vue(), preloadTwoStepApp()],
  define: {
    // Every page uses <script setup>; dropping the Options API saves ~4 KB (min) of Vue runtime per page.
    __VUE_OPTIONS_API__: 'false',
    // vue-i18n: composition API only, no devtools hooks in production bundles.
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    // The message tables become message functions in setupI18n (web/src/common/i18n.ts): no runtime compiler.
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
  },
  // `npx vite` serves the pages with hot reload; API calls go to a running `npm run dev` / `npm start`.
  server: {
    proxy: Object.fromEntries(['/api', '/demo/api'].map((path) => [path, 'http://127.0.0.1:8787'])),
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: Object.fromEntries(Object.entries(SURFACES).map(([name, page]) => [name, resolve(webRoot, page)])),
      // Vue in a chunk of its own: left to itself, Rolldown may put the `vue` entry module in a chunk with what
      // else imports it (vue-i18n), and a first screen that needs no vue-i18n would still load it.
      output: { codeSplitting: { groups: [{ name: 'vue', test: /[\\/]node_modules[\\/](vue|@vue)[\\/]/ }] } },
    },
  },
});
