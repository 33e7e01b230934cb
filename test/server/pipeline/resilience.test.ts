import { afterEach, describe, it, expect } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sleep, waitFor } from '../../support/wait';
import { messages, outbox, syncCursors } from '../../../server/adapters/db/sqlite/schema/index';

const customer = 'wmDemoCustomer0001';
const other = 'wmDemoCustomer0002';
let p: TestProduct;
afterEach(async () => { await p.stop(); });

async function settle() {
  await p.sim.waitCallbacks();
  await sleep(100);
  await p.inbound.idle();
  await p.outbox.drain();
}
const inboxOf = (id = customer) => p.sim.inbox({ external_userid: id });
const replied = (n = 1) => waitFor(async () => (await inboxOf()).length >= n, { what: `${n} replies` });
const calls = async (path: string) => (await p.sim.state()).callCounts[path] ?? 0;

describe('the round trip survives WeCom failures', () => {
  it('refreshes a token revoked mid-flow and completes', async () => {
    p = await startProduct();
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '第一条' });
    await replied(1);
    const tokensBefore = await calls('gettoken');
    await p.sim.setFaults({ revokeTokens: true });
    await p.sim.customerSend({ external_userid: other, msgtype: 'text', content: '第二条' });
    await waitFor(async () => (await inboxOf(other)).length === 1, { what: 'reply after the token was revoked' });
    await settle();
    expect(await calls('gettoken')).toBe(tokensBefore + 1);
    expect(await inboxOf()).toHaveLength(1);
  });

  it('retries 45009 and -1 at one level only — the pull in its call, the send as its job — and completes', async () => {
    p = await startProduct();
    await p.sim.setFaults({ nextErrors: [{ path: 'kf/sync_msg', errcode: 45009, count: 1 }, { path: 'kf/send_msg', errcode: -1, count: 2 }] });
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '限流重试' });
    await replied(1);
    await settle();
    expect(await inboxOf()).toHaveLength(1);
    // two refusals, two retries of the job: three attempts, three calls (no retries nested inside an attempt)
    expect(p.deps.db.select().from(outbox).all()).toMatchObject([{ status: 'sent', attempts: 3 }]);
    expect(await calls('kf/send_msg')).toBe(3);
  });

  it('records 95018 on the outbox row and decides once more on the state WeCom reports, without a crash or a retry storm', async () => {
    p = await startProduct();
    await p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 95018, count: 1 }] });
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '状态不允许发送' });
    await waitFor(() => p.deps.db.select().from(outbox).all().find((r) => r.status === 'failed'), { what: 'failed outbox row' });
    await settle();
    expect(p.deps.db.select().from(outbox).all()).toMatchObject([{ status: 'failed', errcode: 95018, attempts: 1 }, { status: 'sent', attempts: 1 }]);
    expect(await calls('kf/service_state/get')).toBe(1);
    expect(await calls('kf/send_msg')).toBe(2);
    expect(await inboxOf()).toHaveLength(1);
    // the product keeps working for the next customer message
    await p.sim.customerSend({ external_userid: other, msgtype: 'text', content: '再试一次' });
    await waitFor(async () => (await inboxOf(other)).length === 1, { what: 'next reply' });
    const health = await fetch(`${p.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('stores and answers each message once when a page is fetched twice after a crash between fetch and commit', async () => {
    let crashes = 0;
    p = await startProduct({}, { hooks: { beforeCommit: () => { if (crashes-- > 0) throw new Error('simulated crash before commit'); } } });
    await p.inbound.idle();
    crashes = 1;
    // neutral texts: "崩溃" (crash) reads as distress to the emotion score and would add the emergency flow's sends
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '中断前的消息' });
    await waitFor(() => p.deps.db.select().from(syncCursors).all().find((c) => c.lastPullOk === false && /simulated crash/.test(c.lastError ?? '')), { what: 'failed pull' });
    expect(p.deps.db.select().from(messages).all()).toHaveLength(0);
    // The next callback (here: WeCom's next push) makes the worker fetch the same page again.
    await p.sim.customerSend({ external_userid: other, msgtype: 'text', content: '恢复后的消息' });
    await waitFor(async () => (await inboxOf(other)).length === 1, { what: 'reply after recovery' });
    await settle();
    expect(await calls('kf/sync_msg')).toBeGreaterThanOrEqual(3);
    const stored = p.deps.db.select().from(messages).all().map((m) => JSON.parse(m.content).content);
    expect(stored.sort()).toEqual(['中断前的消息', '恢复后的消息'].sort());
    expect(await inboxOf()).toHaveLength(1);
    expect(p.deps.db.select().from(outbox).all().map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('catches up at start on messages that arrived while it was down, answering each once', async () => {
    p = await startProduct();
    await p.inbound.idle();
    await p.sim.setFaults({ dropCallbacks: 2 });
    await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: '停机时的消息' });
    await p.sim.customerSend({ external_userid: other, msgtype: 'text', content: '另一个客户' });
    await settle();
    expect(await inboxOf()).toHaveLength(0);
    await p.inbound.syncAll();
    await settle();
    expect(await inboxOf()).toHaveLength(1);
    expect(await inboxOf(other)).toHaveLength(1);
  });
});
