/**
 * @module The org's emergency phone through the real product (HTTP, SQLite, the simulator): the admin API refuses a
 * number that is not one with the field's Chinese message and keeps the stored profile; a good one is saved, audited,
 * and is the number the customer reads in the emergency reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { shiftedClock } from '../../../server/app/clock';
import { auditLog } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_ORG } from '../../../server/app/demo/seed-data';

let p: TestProduct;
let admin: string;
beforeAll(async () => {
  // Thursday 22:00 Beijing: closed, nobody on duty online — the emergency reply gives the phone.
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock: shiftedClock('2026-11-26T22:00:00+08:00') });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p.stop(); });

async function putOrg(body: unknown) {
  const res = await fetch(`${p.url}/api/admin/settings/org`, {
    method: 'PUT', headers: { cookie: admin, ...sameOrigin(p.url), 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely shaped JSON
  return { status: res.status, body: await res.json() as any };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely shaped JSON
const getOrg = async () => await (await fetch(`${p.url}/api/admin/settings/org`, { headers: { cookie: admin } })).json() as any;

describe('the org\'s emergency phone (settings → org)', () => {
  it.each(['找值班经理', '12', '400-820-1234 转 8', '<script>', '1'.repeat(25)])('refuses “%s” with the field\'s Chinese message and keeps the stored number', async (phone) => {
    const r = await putOrg({ ...DEMO_ORG, emergencyPhone: phone });
    expect(r.status).toBe(400);
    expect(r.body.error.issues).toEqual([{ path: 'emergencyPhone', message: '电话号码只能包含数字、空格、+ 和 -' }]);
    expect((await getOrg()).emergencyPhone).toBe(DEMO_ORG.emergencyPhone);
  });

  it('saves a good number, audits the change, and the customer\'s emergency reply gives it', async () => {
    const auditsBefore = p.deps.db.select().from(auditLog).where(eq(auditLog.action, 'settings.org')).all().length;
    const r = await putOrg({ ...DEMO_ORG, emergencyPhone: ' +86 571-8888 6666 ' });
    expect(r.status).toBe(200);
    expect(r.body.emergencyPhone).toBe('+86 571-8888 6666');
    expect((await getOrg()).emergencyPhone).toBe('+86 571-8888 6666');
    const audits = p.deps.db.select().from(auditLog).where(eq(auditLog.action, 'settings.org')).all();
    expect(audits.length).toBe(auditsBefore + 1);
    const last = audits.at(-1)!;
    expect(last.actor).toBe('wangwu');
    expect(JSON.parse(last.after!).emergencyPhone).toBe('+86 571-8888 6666');

    const customer = 'wmOrgPhoneCustomer01';
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '紧急！系统崩了' });
    await p.travel!.settle();
    const texts = (await p.sim.inbox({ external_userid: customer })).map((m) => m.text).join('\n');
    expect(texts).toContain('请直接拨打+86 571-8888 6666');
    expect(texts).not.toContain(DEMO_ORG.emergencyPhone);
  });
});
