/**
 * @module CSV formula injection: names, questions and audit entries that start like a spreadsheet formula come
 * out of every CSV export (found by asking every admin GET route for `?format=csv`) as text — prefixed with `'`
 * — never as a live cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../support/product';
import { signIn } from '../support/auth';
import { adminGrants, agentStatusHistory, agents, appointments, auditLog } from '../../server/adapters/db/sqlite/schema/index';
import { ROUTE_POLICIES } from '../../server/http/access/route-table';
import { concretePath } from './support/app';
import { figure } from './support/figures';

const PAYLOADS = ['=1+2', '+SUM(1,2)', '-2+3', '@SUM(1)', '\t=1+2', '\r=1+2', '=HYPERLINK("http://evil.example","x")'];

/** RFC 4180 cells (quoted cells may hold commas, quotes and line breaks). */
function cells(csv: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === '\n') { out.push(cell); cell = ''; } else if (ch !== '\r') cell += ch;
  }
  return out;
}

let p: TestProduct;
let admin: string;
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' });
  admin = await signIn(p.url, 'wangwu');
  const now = p.clock.now();
  const db = p.deps.db;
  PAYLOADS.forEach((payload, i) => {
    const userid = `evil${i}`;
    db.insert(agents).values({ userid, name: payload, status: 'online', statusSource: 'manual', statusChangedAt: now, createdAt: now }).run();
    db.insert(adminGrants).values({ userid, grantedBy: payload, grantedAt: now }).run();
    db.insert(auditLog).values({ at: now - i, actor: payload, action: payload, target: payload }).run();
    for (let k = 0; k < 6; k++) {
      db.insert(agentStatusHistory).values({ userid, fromStatus: 'online', toStatus: k % 2 ? 'online' : 'busy', source: 'manual', at: now - 3_600_000 + k * 1000 + i }).run();
    }
    db.insert(appointments).values({
      id: `apt-evil-${i}`, conversationId: 10_000 + i, externalUserid: payload, customerName: payload, mobile: '13800138000',
      slotStart: now + 86_400_000 + i * 1_800_000, slotEnd: now + 86_400_000 + i * 1_800_000 + 1_800_000, place: 1, question: payload,
      status: 'booked', agentUserid: userid, createdAt: now, updatedAt: now,
    }).run();
  });
});
afterAll(async () => { await p?.stop(); });

describe('CSV exports', () => {
  it('carry formula-like text from every export as text, never as a formula', async () => {
    const gets = Object.keys(ROUTE_POLICIES).filter((k) => k.startsWith('GET /api/admin/') && ROUTE_POLICIES[k]!.who === 'admin');
    const exports: string[] = [];
    const unguarded: string[] = [];
    let guarded = 0;
    for (const key of gets) {
      const path = concretePath(key.slice(4));
      const res = await fetch(`${p.url}${path}${path.includes('?') ? '&' : '?'}format=csv`, { headers: { cookie: admin } });
      const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      if (!(res.headers.get('content-type') ?? '').startsWith('text/csv')) continue;
      exports.push(key);
      expect(body.startsWith('\uFEFF'), `${key} BOM`).toBe(true);
      for (const c of cells(body.slice(1))) {
        if (/^'[=+\-@\t\r]/.test(c)) guarded++;
        else if (/^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c)) unguarded.push(`${key}: ${JSON.stringify(c)}`);
      }
    }
    figure('CSV formula payloads in every export', { tried: exports.length, refused: guarded, stored: unguarded.length, exports: exports.map((e) => e.slice(15)).join(' ') });
    expect(exports).toEqual(expect.arrayContaining(['GET /api/admin/audit', 'GET /api/admin/admins', 'GET /api/admin/appointments', 'GET /api/admin/diagnostics/status-sync', 'GET /api/admin/dashboard/status-switches']));
    expect(unguarded).toEqual([]);
    expect(guarded).toBeGreaterThanOrEqual(PAYLOADS.length * 5);
  });
});
