import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBench } from '/work/wt/s7-paint/test/bench/support/sidebar-build';
const b = await buildBench();
for (const [name, page, dir] of [['sidebar', b.sidebar, 'sidebar-build'], ['bare', b.bare, 'bare-build']] as const) {
  for (const f of page.jsFiles) { const t = readFileSync(join(b.outDir, dir, f)); console.log(name, f, t.length, gzipSync(t, { level: 9 }).length); }
}
console.log(b.outDir);
