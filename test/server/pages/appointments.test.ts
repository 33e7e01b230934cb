import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/app/clock';
import { appointments, outbox, wecomSyncJobs } from '../../../server/adapters/db/sqlite/schema/index';
import { appointmentLink } from '../../../server/core/appointments/link';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { conversationOf, OPEN_AT, postForm, setSetting, slotOptions } from '../../support/pages';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { waitFor } from '../../support/wait';

let p: TestProduct;
let conv1: number, conv2: number;
const clock = new ManualClock(Date.parse(OPEN_AT));

beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock });
  conv1 = await conversationOf(p, 'wmDemoCustomer0001');
  conv2 = await conversationOf(p, 'wmDemoCustomer0002');
});
afterAll(async () => { await p.stop(); });

const link = (conversationId: number) => appointmentLink(p.deps, conversationId, 3_600_000).replace(/^https?:\/\/[^/]+/, p.url);
const count = () => p.deps.db.select().from(appointments).all().length;
const valid = { action: 'book', name: '小明', mobile: '13812345678', question: '想了解一下退款进度', website: '' };

describe('appointment form links', () => {
  it('refuses a tampered link with a Chinese error page and stores nothing', async () => {
    const good = link(conv1);
    const tampered = good.replace(/\/f\/(\d+)\./, (_m, id: string) => `/f/${Number(id) + 1}.`);
    const before = count();
    const page = await fetch(tampered);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('链接无效');
    const post = await postForm(tampered, { ...valid, slot: String(Date.parse('2026-12-03T10:00:00+08:00')) });
    expect(post.status).toBe(400);
    expect(count()).toBe(before);
  });

  it('refuses an expired link', async () => {
    const url = link(conv1);
    clock.advance(2 * 3_600_000);
    try {
      const r = await fetch(url);
      expect(r.status).toBe(410);
      expect(await r.text()).toContain('链接已过期');
    } finally { clock.set(OPEN_AT); }
  });
});

describe('slots', () => {
  it('offers 30-minute slots in open hours only: none in the past, at lunch, at night or at the weekend', async () => {
    const options = slotOptions(await (await fetch(link(conv1))).text());
    const starts = options.map((o) => Number(o.value));
    expect(Math.min(...starts)).toBe(Date.parse('2026-12-02T10:30:00+08:00'));
    const local = (ms: number) => new Date(ms + 8 * 3_600_000);
    for (const s of starts) {
      const t = local(s);
      const minute = t.getUTCHours() * 60 + t.getUTCMinutes();
      expect(minute >= 9 * 60 && minute < 21 * 60).toBe(true);
      expect(minute >= 13 * 60 && minute < 14 * 60).toBe(false);
      expect([0, 6]).not.toContain(t.getUTCDay());
    }
    expect(starts.some((s) => s > Date.parse('2026-12-14T00:00:00+08:00'))).toBe(true);
    expect(starts.every((s) => s < Date.parse('2026-12-16T00:00:00+08:00'))).toBe(true);
  });
});

describe('booking', () => {
  const slot = String(Date.parse('2026-12-03T10:00:00+08:00'));

  it('shows field errors for a bad mobile and a missing name, and stores nothing', async () => {
    const r = await postForm(link(conv1), { ...valid, name: '', mobile: '12345', slot });
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).toContain('请填写称呼');
    expect(text).toContain('请填写 11 位中国大陆手机号');
    expect(count()).toBe(0);
  });

  it('ignores a filled honeypot', async () => {
    const r = await postForm(link(conv1), { ...valid, slot, website: 'http://spam.example' });
    expect(r.status).toBe(200);
    expect(count()).toBe(0);
  });

  it('refuses a slot outside the calendar (lunch)', async () => {
    const r = await postForm(link(conv1), { ...valid, slot: String(Date.parse('2026-12-03T13:00:00+08:00')) });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('这个时段不可预约');
    expect(count()).toBe(0);
  });

  it('books once, confirms to the customer through send_msg and tells the agent by textcard; a resubmit does not duplicate', async () => {
    const url = link(conv1);
    const first = await postForm(url, { ...valid, slot });
    expect(first.status).toBe(303);
    const again = await postForm(url, { ...valid, slot });
    expect(again.status).toBe(303);
    const rows = p.deps.db.select().from(appointments).where(eq(appointments.conversationId, conv1)).all();
    expect(rows).toHaveLength(1);
    const inbox = await waitFor(async () => (await p.sim.inbox({ external_userid: 'wmDemoCustomer0001' })).find((m) => m.text.includes('预约成功')), { what: 'confirmation' });
    expect(inbox.text).toContain('138****5678');
    expect(p.deps.db.select().from(outbox).where(eq(outbox.conversationId, conv1)).all().filter((o) => o.payload.includes('预约成功'))).toHaveLength(1);
    const page = await (await fetch(`${url}?done=booked`)).text();
    expect(page).toContain('预约成功');
    expect(page).toContain('12月3日（周四）10:00–10:30');
  });

  it('sends the agent an app message when the conversation has a responsible agent', async () => {
    await p.setStatus('lisi', 'online'); // on duty → responsible for conversations without a servicer
    const url = link(conv2);
    const r = await postForm(url, { ...valid, name: '小红', mobile: '13900001111', slot: String(Date.parse('2026-12-03T11:00:00+08:00')) });
    expect(r.status).toBe(303);
    const row = p.deps.db.select().from(appointments).where(eq(appointments.conversationId, conv2)).get()!;
    expect(row.agentUserid).toBeTruthy();
    const msg = await waitFor(async () => (await p.sim.state()).appMessages.find((m) => JSON.stringify(m).includes('小红')), { what: 'textcard', timeoutMs: 8000 });
    expect(JSON.stringify(msg)).toContain('新预约');
    expect(p.deps.db.select().from(wecomSyncJobs).all().some((j) => j.kind === 'app_message' && j.status === 'sent')).toBe(true);
  });

  it('reschedules and cancels from the same link, freeing the place', async () => {
    const url = link(conv2);
    const newSlot = String(Date.parse('2026-12-04T15:00:00+08:00'));
    expect((await postForm(url, { action: 'reschedule', slot: newSlot })).status).toBe(303);
    let row = p.deps.db.select().from(appointments).where(eq(appointments.conversationId, conv2)).get()!;
    expect(row.status).toBe('rescheduled');
    expect(row.slotStart).toBe(Number(newSlot));
    // an unconfirmed cancel (no JS ran the dialog) asks on the page and cancels nothing
    const asked = await postForm(url, { action: 'cancel' });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('确定取消这个预约吗');
    expect(p.deps.db.select().from(appointments).where(eq(appointments.conversationId, conv2)).get()!.status).toBe('rescheduled');
    expect((await postForm(url, { action: 'cancel', confirm: 'yes' })).status).toBe(303);
    row = p.deps.db.select().from(appointments).where(eq(appointments.conversationId, conv2)).get()!;
    expect(row.status).toBe('cancelled');
    expect(row.place).toBeNull();
    const page = await (await fetch(url)).text();
    expect(page).toContain('提交预约'); // can book again
  });
});

describe('capacity', () => {
  it('lets exactly one of two simultaneous customers take the last place', async () => {
    await setSetting(p, SETTINGS.appointments, { capacity: 1 });
    const slot = String(Date.parse('2026-12-07T16:00:00+08:00'));
    const [a, b] = await Promise.all([
      postForm(link(conv2), { ...valid, name: '小红', mobile: '13900001111', slot }),
      // conv1 already has an appointment: use a third customer
      conversationOf(p, 'wmRaceCustomer03').then((c3) => postForm(link(c3), { ...valid, name: '小刚', mobile: '13700002222', slot })),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = a.status === 409 ? a : b;
    expect(await loser.text()).toContain('该时段刚刚被约满了');
    expect(p.deps.db.select().from(appointments).where(eq(appointments.slotStart, Number(slot))).all()).toHaveLength(1);
    const page = await (await fetch(link(conv1))).text();
    expect(page).toBeTruthy();
    await setSetting(p, SETTINGS.appointments, {});
  });

  it('has the database refuse a second row for the same place', () => {
    const r = p.deps.db.select().from(appointments).where(eq(appointments.conversationId, conv1)).get()!;
    expect(() => p.deps.db.insert(appointments).values({ ...r, id: 'dup', conversationId: 9999 }).run()).toThrow(/UNIQUE/);
  });
});

describe('sidebar and admin lists', () => {
  it('shows the customer\'s appointments to an agent (masked unless theirs) and all to an admin, with CSV', async () => {
    const agent = await signIn(p.url, 'zhangsan');
    const side = await (await fetch(`${p.url}/api/sidebar/appointments?externalUserid=wmDemoCustomer0001`, { headers: { cookie: agent } })).json() as { customer: { mobile: string; slotStart: string }[]; mine: unknown[] };
    expect(side.customer).toHaveLength(1);
    expect(side.customer[0]!.mobile).toBe('138****5678');
    expect(side.customer[0]!.slotStart).toBe('2026-12-03T10:00:00+08:00');
    expect((await fetch(`${p.url}/api/admin/appointments`, { headers: { cookie: agent } })).status).toBe(403);
    const admin = await signIn(p.url, 'wangwu');
    const list = await (await fetch(`${p.url}/api/admin/appointments`, { headers: { cookie: admin } })).json() as { appointments: { mobile: string }[] };
    expect(list.appointments.map((a) => a.mobile)).toContain('13812345678');
    const csv = await fetch(`${p.url}/api/admin/appointments?format=csv`, { headers: { cookie: admin } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toContain('id,status,slotStart');
    expect(text).toContain('小明');
    expect((await fetch(`${p.url}/api/sidebar/appointments?externalUserid=x`)).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('refuses more posts per link than allowed', async () => {
    await setSetting(p, SETTINGS.appointments, { perLink: 3 });
    const url = link(conv1);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await postForm(url, { action: 'book', name: '', mobile: '', slot: '' })).status);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(2);
    await setSetting(p, SETTINGS.appointments, {});
  });
});
