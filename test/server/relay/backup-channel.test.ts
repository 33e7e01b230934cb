import { afterEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { conversations } from '../../../server/adapters/db/sqlite/schema/index';
import { wallUrlIn } from '../../../server/core/walls/walls';
import { WEDNESDAY_10, WEDNESDAY_22, advance, customerWrites, startRelayProduct } from './support';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

const customer = 'wmDemoCustomer0001';
const wall = async () => (await fetch((await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, 'zhangsan'))).replace(/^https?:\/\/[^/]+/, p.url))).text();

/** 张三 takes the customer's session on the main channel and answers (resolves once the answer is stored). */
async function zhangsanAnswers(content: string): Promise<void> {
  const conv = p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get()!;
  if (conv.servicerUserid !== 'zhangsan' || conv.serviceState !== 3) {
    await p.deps.wecom.transServiceState({ open_kfid: conv.openKfid, external_userid: customer, service_state: 3, servicer_userid: 'zhangsan' });
  }
  p.deps.db.update(conversations).set({ serviceState: 3, servicerUserid: 'zhangsan' }).where(eq(conversations.id, conv.id)).run();
  await p.sim.agentReply({ external_userid: customer, userid: 'zhangsan', content });
  await waitFor(() => p.deps.db.select().from(conversations).where(eq(conversations.id, conv.id)).get()?.lastHumanAt, { what: 'human reply stored' });
}

describe('backup channel reaches customers', () => {
  it('after 10 min without a response the profile wall sends customers to the backup channel; once a human answers on the main channel it points back, and diagnostics show both with org-zone times', async () => {
    const { p: product, clock } = await startRelayProduct({}, WEDNESDAY_10);
    p = product;
    await p.setStatus('zhangsan', 'online');
    expect(await wall()).not.toContain('data-testid="backup-channel"');
    await customerWrites(p, '我想问一下会员积分', customer);
    await advance(p, clock, 10 * 60_000);

    const during = await wall();
    expect(during).toContain('data-testid="backup-channel"');
    expect(during).toContain('售后部门群码（备用渠道）');
    expect(during).toContain('?channel=backup');

    // a minute later a human answers on the main channel: the wall points at the main channel again
    await advance(p, clock, 60_000);
    await zhangsanAnswers('您好，我来帮您看积分');
    const after = await wall();
    expect(after).not.toContain('data-testid="backup-channel"');
    expect(after).not.toContain('?channel=backup');

    const admin = await signIn(p.url, 'wangwu');
    const diag = (await (await fetch(`${p.url}/api/admin/diagnostics/relays?kind=escalation`, { headers: { cookie: admin } })).json()) as
      { items: { result: string; atLocal: string }[] };
    const switched = diag.items.find((d) => d.result === 'new requests routed to the backup channel');
    const back = diag.items.find((d) => d.result === 'back to the main channel');
    expect(switched?.atLocal).toMatch(/^2026-11-25T10:1\d:\d\d(\.\d+)?\+08:00$/);
    expect(back?.atLocal).toMatch(/\+08:00$/);
    expect(Date.parse(back!.atLocal)).toBeGreaterThanOrEqual(Date.parse(switched!.atLocal));
  });

  it('off-hours replies name the backup channel while the route is on it', async () => {
    const { p: product, clock } = await startRelayProduct({}, WEDNESDAY_22);
    p = product;
    await customerWrites(p, '在吗', customer);
    expect((await p.sim.inbox({ external_userid: customer })).map((m) => m.text ?? '').join('\n')).not.toContain('备用渠道');
    await advance(p, clock, 10 * 60_000);
    // another customer writes at night while the main channel is silent: the night reply points at the backup channel
    await customerWrites(p, '你好，请问几点上班', 'wmDemoCustomer0002');
    const said = (await p.sim.inbox({ external_userid: 'wmDemoCustomer0002' })).map((m) => m.text ?? '').join('\n');
    expect(said).toContain('主渠道暂时无人响应，也可以通过「售后部门群码（备用渠道）」联系我们');
    expect(said).toContain('?channel=backup');
  });

  it('at night the wall shows the backup channel\'s QR image (set in admin) instead of the duty 活码 while the route is on the backup channel, and the duty 活码 again once the main channel answers', async () => {
    const { p: product, clock } = await startRelayProduct({}, WEDNESDAY_22);
    p = product;
    const admin = await signIn(p.url, 'wangwu');
    const api = (path: string, init: RequestInit = {}) => fetch(`${p.url}/api/admin/duty${path}`, {
      ...init, headers: { cookie: admin, 'content-type': 'application/json', ...sameOrigin(p.url) },
    });
    type Channel = { id: number; role: string; url: string | null; qrUrl: string | null };
    const channels = ((await (await api('')).json()) as { channels: Channel[] }).channels;
    const backupChannel = channels.find((c) => c.role === 'backup')!;
    expect(backupChannel.qrUrl).toMatch(/^https:\/\//); // seeded for the demo
    // the admin sets the department group's QR image; a bad one is refused and changes nothing
    expect((await api(`/channels/${backupChannel.id}`, { method: 'PATCH', body: JSON.stringify({ qrUrl: 'javascript:alert(1)' }) })).status).toBe(400);
    const qrUrl = 'https://wework.qpic.cn/wwpic/after_sales_group_2026/0';
    const patched = await api(`/channels/${backupChannel.id}`, { method: 'PATCH', body: JSON.stringify({ qrUrl }) });
    expect(patched.status).toBe(200);
    const saved = ((await (await api('')).json()) as { channels: Channel[] }).channels.find((c) => c.id === backupChannel.id)!;
    expect(saved.qrUrl).toBe(qrUrl);
    expect(saved.url).toBe(backupChannel.url);

    await p.setStatus('zhangsan', 'online'); // on duty late: the night wall's 活码 points at them
    const qrSrc = (page: string) => /data-testid="qr"[\s\S]*?<img src="([^"]+)"/.exec(page)?.[1] ?? null;
    const dutyQr = qrSrc(await wall());
    expect(dutyQr).toBeTruthy();
    expect(dutyQr).not.toBe(qrUrl);

    await customerWrites(p, '在吗', customer);
    await advance(p, clock, 10 * 60_000);
    const during = await wall();
    expect(during).toContain('data-testid="backup-channel"');
    expect(qrSrc(during)).toBe(qrUrl);

    // a minute later a human answers on the main channel: the night QR is the duty 活码 again
    await advance(p, clock, 60_000);
    await zhangsanAnswers('您好，我在');
    const after = await wall();
    expect(after).not.toContain('data-testid="backup-channel"');
    expect(qrSrc(after)).toBe(dutyQr);
  });
});
