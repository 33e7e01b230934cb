/**
 * @module Builds the sidebar and a bare Vue + Pinia page (same Vite config, a temporary entry under web/) into
 * a temp dir, and measures each page's initial JS/CSS (entry + modulepreloads + stylesheets) gzipped.
 * The bare page fetches the same two answers (my status, the customer's context) and shows status and intent in
 * the same words the sidebar shows (the status's Chinese name, the intent's Chinese label from the context): the
 * first layout of Chinese text costs Chromium a font fallback that text in Latin letters does not.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type UserConfig } from 'vite';
import viteConfig from '../../../vite.config';

const BARE_DIR = resolve('web/.bench-bare');

const BARE_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>bare</title></head>
<body><div id="app"></div><script type="module" src="./main.ts"></script></body></html>`;

const BARE_MAIN = `import { createApp, h, onMounted } from 'vue';
import { createPinia, defineStore, storeToRefs } from 'pinia';
const useBare = defineStore('bare', () => {
  const status = { value: '' } as { value: string };
  return { status };
});
const useData = defineStore('data', { state: () => ({ status: '', intent: '', intentName: '' }) });
const STATUS_NAMES = { online: '在线', busy: '忙碌', dnd: '请勿打扰', moon: '月球模式' };
createApp({
  setup() {
    void useBare;
    const d = useData();
    const { status, intent, intentName } = storeToRefs(d);
    onMounted(async () => {
      const customer = new URLSearchParams(location.search).get('customer') ?? '';
      const [s, c] = await Promise.all([
        fetch('/api/sidebar/me/status').then((r) => r.json()),
        fetch('/api/sidebar/context?externalUserid=' + encodeURIComponent(customer)).then((r) => r.json()),
      ]);
      d.status = s.status;
      d.intent = [...c.messages].reverse().find((m) => m.from === 'customer')?.intent ?? '';
      d.intentName = c.intents.find((i) => i.id === d.intent)?.zh ?? d.intent;
    });
    return () => h('div', [
      h('span', { 'data-testid': 'head-status', 'data-status': status.value }, STATUS_NAMES[status.value] ?? status.value),
      intent.value ? h('span', { 'data-testid': 'head-intent', 'data-intent': intent.value }, intentName.value) : null,
    ]);
  },
}).use(createPinia()).mount('#app');
`;

export interface PageSize { js: number; css: number; jsFiles: string[]; cssFiles: string[]; lazyJs: number }
export interface BenchBuild { outDir: string; sidebar: PageSize; bare: PageSize; bareHtml: string; close(): void }

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

function measure(outDir: string, htmlPath: string, allJs: string[]): PageSize {
  const html = readFileSync(join(outDir, htmlPath), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const jsFiles = refs.filter((r) => r.endsWith('.js'));
  const cssFiles = refs.filter((r) => r.endsWith('.css'));
  const sum = (files: string[]) => files.reduce((n, f) => n + gz(join(outDir, f)), 0);
  return { js: sum(jsFiles), css: sum(cssFiles), jsFiles, cssFiles, lazyJs: sum(allJs.filter((f) => !jsFiles.includes(f))) };
}

export async function buildBench(): Promise<BenchBuild> {
  const outDir = mkdtempSync(join(tmpdir(), 'moonshift-sidebar-bench-'));
  mkdirSync(BARE_DIR, { recursive: true });
  writeFileSync(join(BARE_DIR, 'index.html'), BARE_HTML);
  writeFileSync(join(BARE_DIR, 'main.ts'), BARE_MAIN);
  try {
    // Two separate builds, so the pages share no chunk and each size stands on its own.
    const one = async (name: string, html: string, dir: string) => {
      // the project's config with only this page as input (merging would keep the other surfaces' inputs)
      const base = viteConfig as UserConfig;
      const out = await build({
        ...base, configFile: false, logLevel: 'warn',
        build: { ...base.build, outDir: dir, emptyOutDir: true, rolldownOptions: { ...base.build?.rolldownOptions, input: { [name]: html } } },
      });
      const outputs = (Array.isArray(out) ? out : [out]) as { output: { fileName: string }[] }[];
      return outputs.flatMap((o) => o.output.map((f) => f.fileName)).filter((f) => f.endsWith('.js'));
    };
    const sidebarJs = await one('sidebar', resolve('web/sidebar/index.html'), join(outDir, 'sidebar-build'));
    const bareJs = await one('bare', join(BARE_DIR, 'index.html'), join(outDir, 'bare-build'));
    return {
      outDir,
      sidebar: measure(join(outDir, 'sidebar-build'), 'sidebar/index.html', sidebarJs),
      bare: measure(join(outDir, 'bare-build'), '.bench-bare/index.html', bareJs),
      bareHtml: readFileSync(join(outDir, 'bare-build', '.bench-bare/index.html'), 'utf8'),
      close: () => rmSync(outDir, { recursive: true, force: true }),
    };
  } finally {
    rmSync(BARE_DIR, { recursive: true, force: true });
  }
}

export const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
