/**
 * What to build, items 1–5 (session-state truth, never a hand-over to nobody, away agents, outbox order, pull
 * retries), each as a named test through the real server and the strict simulator over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { decisions, kfServicers, syncCursors } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { quiesce } from '../soak/support';
import { Desk, WED_10, WED_22 } from './desk';

let desk: Desk;
afterEach(async () => { await desk?.close(); });
const A = 'wmItemCustomerA1';
const B = 'wmItemCustomerB1';
const decisionsOf = (customer: string) => desk.p.deps.db.select().from(decisions).where(eq(decisions.conversationId, desk.conversation(customer).id)).all();

describe('item 1: session-state truth', () => {
  it('on 95018 (WeCom gave the session to a person itself) asks WeCom for the state and decides that message again, once, with new rows after the old ones', async () => {
    desk = await Desk.open(WED_10, ['lisi']);
    // the 95018 trap: not in API mode, WeCom assigns new sessions to a 接待中 servicer itself, with no event
    await desk.p.sim.setApiMode({ open_kfid: DEMO_KF.open_kfid, apiMode: false });
    await desk.say(A, '你好');
    const rows = desk.outboxOf(A);
    expect(rows.map((r) => [r.kind, r.status, r.errcode])).toEqual([
      ['send_template', 'failed', 95018], // the welcome: refused, WeCom had given the session to 张三
      ['service_state_trans', 'cancelled', null], // the first decision's hand-over, superseded
      ['service_state_trans', 'sent', 0], // decided again on the fresh state: 张三 is away, so to 李四 …
      ['send_msg_on_event', 'sent', 0], // … with the transfer notice, through the msg_code of that move
    ]);
    expect(rows[2]!.msgid).not.toBe(rows[1]!.msgid);
    expect(decisionsOf(A).map((d) => d.trigger)).toEqual(['message', 'redecide']);
    expect(await desk.session(A)).toMatchObject({ service_state: 3, servicer_userid: 'lisi' });
    expect((await desk.inbox(A)).map((m) => m.text)).toEqual([expect.stringContaining('正在为您转接人工客服')]);
    expect((await desk.verdict(A)).outcome).toBe('answered');
  });

  it('decides a message again at most once, however often WeCom refuses', async () => {
    desk = await Desk.open(WED_22);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 95018, count: 2 }] });
    await desk.say(A, '在吗');
    expect(decisionsOf(A).map((d) => d.trigger)).toEqual(['message', 'redecide']);
    expect(desk.outboxOf(A).map((r) => [r.status, r.errcode])).toEqual([['failed', 95018], ['failed', 95018]]);
    await desk.p.sim.clearFaults();
    expect((await desk.say(A, '有人吗')).length).toBeGreaterThan(0);
  });

  it('trusts a fresh session without asking, and asks before storing when it may be stale (ended, or older than 48 h)', async () => {
    desk = await Desk.open(WED_10, ['zhangsan']);
    await desk.say(A, '你好');
    await desk.say(A, '请问发货了吗');
    expect(await desk.calls('kf/service_state/get')).toBe(0);
    await desk.p.sim.agentSession({ external_userid: A, userid: 'zhangsan', action: 'end' });
    await desk.wait(0);
    await desk.say(A, '我还有一个问题');
    expect(await desk.calls('kf/service_state/get')).toBe(1);
    expect(desk.conversation(A)).toMatchObject({ serviceState: 3, servicerUserid: 'zhangsan', stateStale: false });
  });
});

describe('item 2: never hand a session to a place where nobody can answer', () => {
  it('an agent online in Moonshift but 停止接待 in WeCom cannot receive: no transfer is attempted, the bot keeps the session and says so', async () => {
    desk = await Desk.open(WED_10, ['zhangsan']);
    await desk.p.sim.setServicerStatus({ userid: 'zhangsan', status: 'stopped' });
    await desk.wait(0);
    const got = await desk.say(A, '你好，我想咨询');
    expect(await desk.calls('kf/service_state/trans')).toBe(0);
    expect(got.map((m) => m.text).join('\n')).toContain('值班同事暂时不在');
    expect((await desk.session(A))?.service_state).toBe(1);
  });

  it('when WeCom refuses the first person (95019) the next one who can receive takes it, and the refusal is remembered', async () => {
    desk = await Desk.open(WED_10, ['lisi', 'wangwu']);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/service_state/trans', errcode: 95019, count: 1 }] });
    await desk.say(A, '转人工');
    const s = await desk.session(A);
    expect(s?.service_state).toBe(3);
    const refused = s?.servicer_userid === 'lisi' ? 'wangwu' : 'lisi';
    expect(desk.p.deps.db.select().from(kfServicers).where(and(eq(kfServicers.userid, refused))).get()?.wecomStatus).toBe(1);
    expect((await desk.verdict(A)).outcome).toBe('answered');
  });

  it('an agent of another team (not a servicer of the account, 95014) never takes the session and is never made one of its servicers', async () => {
    desk = await Desk.open(WED_10, ['sunqi']); // 孙七 serves 售后 only; nobody of the main account is available
    const got = await desk.say(A, '转人工');
    expect((await desk.session(A))?.service_state).not.toBe(3);
    expect(got.map((m) => m.text).join('\n')).toContain('值班同事暂时不在');
    expect(got.map((m) => m.text).join('\n')).not.toContain('正在为您转接');
    // the servicer list is also who may see the account's conversations: a refusal must not add 孙七 to it
    expect(desk.p.deps.db.select().from(kfServicers).where(and(eq(kfServicers.openKfid, DEMO_KF.open_kfid), eq(kfServicers.userid, 'sunqi'))).get()).toBeUndefined();
    expect((await desk.verdict(A)).outcome).toBe('answered');
  });
});

describe('item 3: no customer message waits on an agent who is away', () => {
  it('after 张三 clocks out (下班打卡), his customer\'s next message is relayed to whoever is on duty', async () => {
    desk = await Desk.open(WED_10, ['zhangsan']);
    await desk.say(A, '你好');
    await desk.p.sim.agentReply({ external_userid: A, userid: 'zhangsan', content: '您好，请讲' });
    expect((await desk.session(A))?.servicer_userid).toBe('zhangsan');
    await desk.p.automation.pollAttendance();
    await desk.p.sim.recordCheckin({ userid: 'zhangsan', checkin_type: '下班打卡', checkin_time: Math.floor(desk.now() / 1000) - 5 });
    expect(await desk.p.automation.pollAttendance()).toBe(1);
    await desk.wait(0);
    await desk.setStatus('lisi', 'online'); // on duty only after the status-change relay found nobody
    expect((await desk.session(A))?.servicer_userid).toBe('zhangsan'); // answered, not waiting: left with him until the customer writes
    await desk.say(A, '还在吗？');
    expect(await desk.session(A)).toMatchObject({ service_state: 3, servicer_userid: 'lisi' });
    expect((await desk.verdict(A)).outcome).toBe('person_holds');
  });

  it('a customer waiting on an agent who goes away, with nobody to take over, gets a closing note at once; the next message is the bot\'s', async () => {
    desk = await Desk.open(WED_10, ['zhangsan']);
    await desk.say(A, '你好');
    await desk.setStatus('zhangsan', 'offline');
    expect((await desk.inbox(A)).at(-1)).toMatchObject({ sender: 'send_msg_on_event', text: expect.stringContaining('本次人工会话已结束') });
    expect((await desk.session(A))?.service_state).toBe(4);
    const next = await desk.say(A, '我要退款');
    expect(next.map((m) => m.sender)).toContain('send_msg');
  });
});

describe('item 4: one conversation\'s outbox rows strictly in creation order', () => {
  it('holds a hand-over behind its conversation\'s deferred reply while other conversations go ahead', async () => {
    desk = await Desk.open(WED_10, ['lisi']);
    // one refusal: the reply's job is deferred by its retry policy (one call per attempt)
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 45009, count: 1 }] });
    await desk.p.sim.customerSend({ external_userid: A, msgtype: 'text', content: '你好' });
    await quiesce(desk.p);
    expect(desk.outboxOf(A).map((r) => [r.kind, r.status, r.attempts])).toEqual([['send_template', 'pending', 1], ['service_state_trans', 'pending', 0]]);
    await desk.p.sim.customerSend({ external_userid: B, msgtype: 'text', content: '你好' });
    await quiesce(desk.p);
    expect(desk.outboxOf(B).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(desk.outboxOf(A).map((r) => r.status)).toEqual(['pending', 'pending']);
    await desk.wait(10_000);
    const [reply, move] = desk.outboxOf(A);
    expect([reply!.status, move!.status]).toEqual(['sent', 'sent']);
    expect(move!.sentAt!).toBeGreaterThanOrEqual(reply!.sentAt!);
  });

  it('a row that failed for good does not block the rows after it', async () => {
    desk = await Desk.open(WED_10, ['lisi']);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 40058, count: 1 }] });
    await desk.say(A, '你好');
    expect(desk.outboxOf(A).map((r) => [r.kind, r.status])).toEqual([['send_template', 'failed'], ['service_state_trans', 'sent']]);
    expect((await desk.session(A))?.servicer_userid).toBe('lisi');
  });

  it('records as done a transfer WeCom already made and a msgid WeCom already took (retries after a lost answer)', async () => {
    desk = await Desk.open(WED_10, ['lisi']);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/service_state/trans', errcode: -1, count: 4 }] });
    await desk.p.sim.customerSend({ external_userid: A, msgtype: 'text', content: '转人工' });
    await quiesce(desk.p);
    // the lost answer: WeCom did move it
    await desk.p.deps.wecom.transServiceState({ open_kfid: DEMO_KF.open_kfid, external_userid: A, service_state: 3, servicer_userid: 'lisi' });
    await desk.wait(10_000);
    expect(desk.outboxOf(A).find((r) => r.kind === 'service_state_trans')).toMatchObject({ status: 'sent', errmsg: expect.stringContaining('already moved') });

    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: -1, count: 4 }] });
    await desk.p.sim.customerSend({ external_userid: B, msgtype: 'text', content: '在吗' });
    await quiesce(desk.p);
    const row = desk.outboxOf(B)[0]!;
    const body = JSON.parse(row.payload) as { template: { body?: string } };
    await desk.p.deps.wecom.sendMsg({ touser: B, open_kfid: DEMO_KF.open_kfid, msgid: row.msgid, msgtype: 'text', text: { content: body.template.body ?? 'x' } });
    await desk.wait(10_000);
    expect(desk.outboxOf(B)[0]).toMatchObject({ status: 'sent', errmsg: expect.stringContaining('already sent') });
    expect(await desk.inbox(B)).toHaveLength(1);
  });
});

describe('item 5: pull retries', () => {
  it('retries a failed kf/sync_msg on its own timer with backoff until it succeeds', async () => {
    desk = await Desk.open(WED_22);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/sync_msg', errcode: 45009, count: 9 }] });
    const got = await desk.say(A, '在吗');
    expect(got).toHaveLength(1);
    expect(desk.p.deps.db.select().from(syncCursors).get()).toMatchObject({ lastPullOk: true });
    expect(await desk.calls('kf/sync_msg')).toBeGreaterThanOrEqual(10);
  });

  it('a periodic catch-up pull answers a message whose callback was lost', async () => {
    desk = await Desk.open(WED_22);
    await desk.say(A, '在吗');
    await desk.p.sim.setFaults({ dropCallbacks: 1 });
    await desk.p.sim.customerSend({ external_userid: B, msgtype: 'text', content: '在吗' });
    await quiesce(desk.p);
    expect(await desk.inbox(B)).toHaveLength(0);
    await desk.wait(10_000); // catch-up every 8 s here (INBOUND_CATCH_UP_MS; 60 s by default)
    expect(await desk.inbox(B)).toHaveLength(1);
  });
});
