/**
 * @module Size check of the public customer pages (target: ≤ 60 KB of JS gzipped per page). Starts the whole
 * product in demo mode, fetches each public page as a customer would (wall by day and in 月球模式, the duty
 * wall, the form, the refusal page), and gzips the JavaScript each page loads (inline scripts + every
 * <script src>) and the HTML. Run: `npx tsx test/bench/pages-size.bench.ts` (prints a table; exit code 1 over
 * the limit). The unit suite runs the same measurement (test/server/pages/size.test.ts).
 */
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../server/app/clock';
import { startMoonshift } from '../../server/app/start';
import { appointmentLink } from '../../server/core/appointments/link';
import { wallUrlIn } from '../../server/core/walls/walls';
import { conversations } from '../../server/adapters/db/sqlite/schema/index';
import { SimControlClient } from '../../server/wecom-sim/control-client';

export const LIMIT = 60 * 1024;

export interface PageSize { name: string; htmlGz: number; jsRaw: number; jsGz: number }

export async function measurePageSizes(): Promise<PageSize[]> {
  const dir = mkdtempSync(join(tmpdir(), 'moonshift-size-'));
  const clock = new ManualClock(Date.parse('2026-12-02T10:00:00+08:00'));
  const app = await startMoonshift({ PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(dir, 'db.sqlite'), LOG_LEVEL: 'silent' }, { clock });
  try {
    const sim = new SimControlClient(app.simUrl!);
    const put = (userid: string, status: string) => fetch(`${app.url}/api/agents/${userid}/status`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }),
    });
    await put('lisi', 'online');
    await sim.customerSend({ external_userid: 'wmDemoCustomer0001', msgtype: 'text', content: '你好' });
    let conv: number | undefined;
    for (let i = 0; i < 250 && conv === undefined; i++) {
      conv = app.deps.db.select().from(conversations).get()?.id;
      if (conv === undefined) await new Promise((r) => setTimeout(r, 20));
    }
    if (conv === undefined) throw new Error('no conversation was stored');
    const local = (u: string) => u.replace(/^https?:\/\/[^/]+/, app.url);
    const form = local(appointmentLink(app.deps, conv, 3_600_000));
    const pages: [string, () => Promise<string>][] = [
      ['wall (day)', async () => { await put('zhangsan', 'online'); return local(await app.deps.shared.uow.run((tx) => wallUrlIn(tx, app.deps, 'zhangsan'))); }],
      ['wall (night, 月球模式)', async () => { await put('zhangsan', 'moon'); return local(await app.deps.shared.uow.run((tx) => wallUrlIn(tx, app.deps, 'zhangsan'))); }],
      ['duty-group wall', async () => local(await app.deps.shared.uow.run((tx) => wallUrlIn(tx, app.deps, 'duty', 'group')))],
      ['appointment form', () => Promise.resolve(form)],
      ['tampered-link page', () => Promise.resolve(`${form}x`)],
    ];
    const out: PageSize[] = [];
    for (const [name, url] of pages) {
      const html = await (await fetch(await url())).text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join('\n');
      const external = await Promise.all([...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)]
        .map(async (m) => (await fetch(new URL(m[1]!, app.url))).text()));
      const js = [inline, ...external].join('\n').trim();
      out.push({ name, htmlGz: gzipSync(html).length, jsRaw: Buffer.byteLength(js), jsGz: js === '' ? 0 : gzipSync(js).length });
    }
    return out;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSizes(sizes: PageSize[]): string {
  return ['page                        HTML gz   JS raw    JS gz  ≤ 60 KB',
    ...sizes.map((s) => `${s.name.padEnd(26)} ${String(s.htmlGz).padStart(6)} B ${String(s.jsRaw).padStart(6)} B ${String(s.jsGz).padStart(6)} B  ${s.jsGz <= LIMIT ? 'yes' : 'NO'}`)].join('\n');
}

if (process.argv[1]?.endsWith('pages-size.bench.ts')) {
  const sizes = await measurePageSizes();
  console.log(formatSizes(sizes));
  process.exitCode = sizes.every((s) => s.jsGz <= LIMIT) ? 0 : 1;
}
