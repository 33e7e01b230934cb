/**
 * @module `npm run bench [name…]`: runs every `test/bench/*.bench.ts` (or the named ones) one after another in
 * its own process, so no benchmark disturbs another. Each prints its numbers next to its same-run baseline.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(dir).filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const f of benches) {
  process.stdout.write(`\n== ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${f}`], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; process.stdout.write(`!! ${f} exited with ${r.status}\n`); }
}
process.exitCode = failed > 0 ? 1 : 0;
