/**
 * @module Benchmark: the sidebar's initial JS and CSS, gzipped (level 9), next to a bare Vue + Pinia page built
 * by the same Vite config in the same run. Targets: sidebar JS ≤ 90 KB, CSS ≤ 40 KB. Lazy chunks (the real
 * `@wecom/jssdk` adapter, loaded only inside WeCom) are listed separately. Run: `npx tsx test/bench/sidebar-size.bench.ts`.
 */
import { buildBench, kb } from './support/sidebar-build';

const b = await buildBench();
try {
  const row = (name: string, s: typeof b.sidebar) =>
    console.log(`${name.padEnd(16)} initial JS ${kb(s.js).padStart(9)} gz (${s.jsFiles.length} files)   CSS ${kb(s.css).padStart(8)} gz   lazy JS ${kb(s.lazyJs)} gz`);
  row('bare Vue+Pinia', b.bare);
  row('sidebar', b.sidebar);
  console.log(`sidebar − bare   JS +${kb(b.sidebar.js - b.bare.js)}  CSS +${kb(b.sidebar.css - b.bare.css)}   ratio JS ${(b.sidebar.js / b.bare.js).toFixed(2)}×`);
  const okJs = b.sidebar.js <= 90 * 1024;
  const okCss = b.sidebar.css <= 40 * 1024;
  console.log(`targets          JS ≤ 90 KB: ${okJs ? 'ok' : 'OVER'}   CSS ≤ 40 KB: ${okCss ? 'ok' : 'OVER'}`);
  if (!okJs || !okCss) process.exitCode = 1;
} finally {
  b.close();
}
