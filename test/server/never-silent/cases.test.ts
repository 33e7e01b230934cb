/**
 * The nine cases in which a customer used to receive nothing at all (issue "Never silent", Why 1–9), each
 * replayed through the real server and the strict simulator over HTTP, judged by the soak's oracle too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { agents, managerAlerts, timers } from '../../../server/adapters/db/sqlite/schema/index';
import { Desk, WED_10, WED_2059, WED_22 } from './desk';

let desk: Desk;
afterEach(async () => { await desk?.close(); });
const C = 'wmCaseCustomer01';
const H = 3_600_000;

describe('never silent: the nine cases that used to get nothing at all', () => {
  it('case 1: a returning customer 49 h after being handed to 张三 is answered in the new session WeCom opened, and after an agent ends a session later escalations still run', async () => {
    desk = await Desk.open(WED_10, ['zhangsan']);
    await desk.say(C, '我想咨询一下产品');
    expect(await desk.session(C)).toMatchObject({ service_state: 3, servicer_userid: 'zhangsan' });
    await desk.jump(49 * H); // Friday 11:00: WeCom ended the session silently
    const getsBefore = await desk.calls('kf/service_state/get');
    const got = await desk.say(C, '你好，还在吗');
    expect(await desk.calls('kf/service_state/get')).toBe(getsBefore + 1);
    expect(got.map((m) => m.text).join('\n')).toContain('欢迎咨询');
    expect((await desk.session(C))?.service_state).toBe(3); // handed to whoever is online this Friday morning
    expect((await desk.verdict(C)).outcome).toBe('answered');

    // the agent ends the session (→ 4); the customer writes again: a new session, answered, and its escalation runs
    const holder = (await desk.session(C))!.servicer_userid;
    await desk.p.sim.agentSession({ external_userid: C, userid: holder, action: 'end' });
    for (const u of ['zhangsan', 'lisi', 'wangwu']) await desk.setStatus(u, 'busy');
    for (const u of ['zhangsan', 'lisi', 'wangwu']) await desk.p.sim.setServicerStatus({ userid: u, status: 'stopped' });
    await desk.wait(0);
    const again = await desk.say(C, '我还有一个问题');
    expect(again.length).toBeGreaterThan(0);
    await desk.wait(95_000);
    const esc = desk.p.deps.db.select().from(timers).where(and(eq(timers.conversationId, desk.conversation(C).id), eq(timers.kind, 'esc.unanswered'))).all().at(-1);
    expect(esc?.outcome).not.toBe('session_ended');
    expect((await desk.verdict(C)).outcome).not.toBeNull();
  });

  it('case 2: open hours with nobody on duty — the bot keeps the session, never hands it to the pool, and keeps answering ("退款！马上！" gets its link)', async () => {
    desk = await Desk.open(WED_10);
    const first = await desk.say(C, '我想咨询一下产品');
    expect(first.map((m) => m.text)).toEqual([expect.stringContaining('值班同事暂时不在')]);
    expect(first[0]!.text).not.toContain('正在为您转接');
    expect((await desk.session(C))?.service_state).toBe(1);
    expect(await desk.calls('kf/service_state/trans')).toBe(0);
    const refund = await desk.say(C, '退款！马上！');
    expect(refund.map((m) => m.text).join('\n')).toContain('退款和订单进度');
    expect((await desk.verdict(C)).outcome).toBe('answered');
  });

  it('case 3: a short 45009 on kf/send_msg — the welcome is retried before the hand-over planned after it, and both reach the customer', async () => {
    desk = await Desk.open(WED_10, ['lisi']);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 45009, count: 5 }] });
    const got = await desk.say(C, '你好');
    expect(got.map((m) => m.msgtype)).toEqual(['msgmenu']); // the welcome card, delivered on the retry
    expect(await desk.session(C)).toMatchObject({ service_state: 3, servicer_userid: 'lisi' });
    const rows = desk.outboxOf(C);
    const welcome = rows.find((r) => r.kind === 'send_template')!;
    const handover = rows.find((r) => r.kind === 'service_state_trans')!;
    // five refusals, five retries of the send's job, one call each (no retries nested inside an attempt)
    expect(welcome).toMatchObject({ status: 'sent', attempts: 6 });
    expect(await desk.calls('kf/send_msg')).toBe(6);
    expect(handover).toMatchObject({ status: 'sent' });
    expect(handover.sentAt!).toBeGreaterThanOrEqual(welcome.sentAt!);
  });

  it('case 4: a failed kf/sync_msg is retried on its own timer, without waiting for another callback', async () => {
    desk = await Desk.open(WED_22);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/sync_msg', errcode: -1, count: 5 }] });
    const deliveries = (await desk.p.sim.state()).callbackDeliveries.length;
    const got = await desk.say(C, '在吗');
    expect(got.map((m) => m.text)).toEqual([expect.stringContaining('现在是非工作时间')]);
    expect((await desk.p.sim.state()).callbackDeliveries.filter((d) => d.attempt === 1).length - deliveries).toBeLessThanOrEqual(1);
  });

  it('case 5: token errors on send (40014 three times) — the reply still goes out', async () => {
    desk = await Desk.open(WED_22);
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 40014, count: 3 }] });
    const got = await desk.say(C, '在吗');
    expect(got).toHaveLength(1);
    expect(desk.outboxOf(C)).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('case 6: across closing time — a customer talking to 张三 at 20:59 is not left with him after the 21:00 shift end', async () => {
    desk = await Desk.open(WED_2059, ['zhangsan']);
    await desk.say(C, '我想问一下订单');
    expect(await desk.session(C)).toMatchObject({ service_state: 3, servicer_userid: 'zhangsan' });
    await desk.jump(61_000); // 21:00:01: his shift ended (月球模式), nobody else is on: the waiting customer is told, the session ends
    expect(desk.p.deps.db.select().from(agents).where(eq(agents.userid, 'zhangsan')).get()?.status).toBe('moon');
    expect((await desk.inbox(C)).at(-1)).toMatchObject({ sender: 'send_msg_on_event', text: expect.stringMatching(/现在是非工作时间.*张三已下班.*本次人工会话已结束.*人工客服将于明天 09:00上线/) });
    expect((await desk.session(C))?.service_state).toBe(4);
    const got = await desk.say(C, '怎么不回我了');
    expect(got.map((m) => m.sender)).toEqual(['send_msg']); // the bot answers in the new session
    expect((await desk.verdict(C)).outcome).toBe('answered');
  });

  it('case 7: the customer\'s agent goes 请勿打扰 and nobody can take over — the session is ended with a closing note, and the bot answers the next message', async () => {
    desk = await Desk.open(WED_10, ['zhangsan']);
    await desk.say(C, '你好');
    await desk.p.sim.agentReply({ external_userid: C, userid: 'zhangsan', content: '您好，请讲' });
    await desk.wait(0);
    await desk.setStatus('zhangsan', 'dnd'); // nobody is waiting on him right now: the session stays
    expect((await desk.session(C))?.service_state).toBe(3);
    const got = await desk.say(C, '在吗？');
    expect(got.map((m) => m.text)).toEqual([expect.stringMatching(/张三暂时离开了.*本次人工会话已结束/)]);
    expect((await desk.verdict(C)).outcome).toBe('answered');
    const next = await desk.say(C, '我要退款');
    expect(next.length).toBeGreaterThan(0);
    expect((await desk.session(C))?.service_state).toBe(1);
  });

  it('case 8: "转人工" at night gets an honest answer with the next opening time and the appointment link — typed, or tapped on the FAQ card', async () => {
    desk = await Desk.open(WED_22);
    const typed = await desk.say(C, '转人工');
    expect(typed.map((m) => m.text)).toEqual([expect.stringMatching(/现在是非工作时间，人工客服将于明天 09:00上线.*\/f\//)]);
    await desk.say(C, '帮助');
    const tapped = await desk.say(C, '转人工', 'transfer_human');
    expect(tapped.map((m) => m.text)).toEqual([expect.stringContaining('人工客服将于明天 09:00上线')]);
  });

  it('case 9: no empty promise — with nobody on duty "紧急" is told the truth and the duty manager is alerted; with someone on duty the promise comes with the transfer', async () => {
    desk = await Desk.open(WED_22);
    const nobody = await desk.say(C, '紧急！设备坏了');
    expect(nobody.map((m) => m.text).join('\n')).not.toContain('正在为您转接');
    expect(nobody.map((m) => m.text)).toEqual([expect.stringContaining('值班同事暂时不在')]);
    expect(desk.p.deps.db.select().from(managerAlerts).all()).toMatchObject([{ touser: 'wangwu' }]);
    await desk.setStatus('lisi', 'online');
    const other = 'wmCaseCustomer02';
    const promised = await desk.say(other, '紧急！设备坏了');
    expect(promised.map((m) => [m.sender, m.text])).toEqual([['send_msg_on_event', expect.stringContaining('正在为您转接值班同事李四')]]);
    expect(await desk.session(other)).toMatchObject({ service_state: 3, servicer_userid: 'lisi' });
    expect((await desk.verdict(other)).outcome).toBe('answered');
  });
});

describe('never silent: found by the soak', () => {
  it('a customer told "busy, someone will reply soon" whose agent then goes 请勿打扰 in the same open stretch is told so at the next message, not left in silence', async () => {
    desk = await Desk.open(WED_10);
    await desk.setStatus('zhangsan', 'busy');
    expect((await desk.say(C, '在吗')).map((m) => m.text)).toEqual([expect.stringContaining('会尽快回复您')]);
    await desk.setStatus('zhangsan', 'dnd'); // now nobody will reply soon: the busy notice no longer holds
    const got = await desk.say(C, '有人吗');
    expect(got.length).toBeGreaterThan(0);
    expect(got.map((m) => m.text).join('\n')).not.toContain('会尽快回复您');
    expect((await desk.verdict(C)).outcome).toBe('answered');
  });
});
