/**
 * What to build, items 6–10 (human on request, a truthful decision view, the probe as a dry run, the combined
 * trigger and the repeat count, recalls), each as a named test through the real server and the simulator over HTTP.
 * Item 10's simulator rules are tested in test/server/wecom-sim/strictness.test.ts and session.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { decisions, managerAlerts, probeReports, timers } from '../../../server/adapters/db/sqlite/schema/index';
import { signIn } from '../../support/auth';
import { quiesce } from '../soak/support';
import { Desk, WED_10, WED_22 } from './desk';

let desk: Desk;
afterEach(async () => { await desk?.close(); });
const A = 'wmItemCustomerA6';
const LONG = '我上周买的那台机器一直开不了机，客服电话也打不通，到底怎么办呀';

async function getJson(path: string, cookie: string) {
  const res = await fetch(`${desk.p.url}${path}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('item 6: a human on request, at any hour', () => {
  it('in open hours with someone available, "转人工" hands the session over and the notice arrives with it', async () => {
    desk = await Desk.open(WED_10, ['lisi']);
    const got = await desk.say(A, '转人工');
    expect(got.map((m) => [m.sender, m.text])).toEqual([['send_msg_on_event', expect.stringContaining('正在为您转接人工客服')]]);
    expect(await desk.session(A)).toMatchObject({ service_state: 3, servicer_userid: 'lisi' });
  });

  it('in open hours with nobody available, and at night, the answer is honest: no transfer, the next opening time and the appointment link', async () => {
    desk = await Desk.open(WED_10);
    expect((await desk.say(A, '人工客服')).map((m) => m.text)).toEqual([expect.stringMatching(/值班同事暂时不在.*\/f\//)]);
    await desk.jump(12 * 3_600_000); // 22:00
    expect((await desk.say(A, '转人工')).map((m) => m.text)).toEqual([expect.stringMatching(/人工客服将于明天 09:00上线.*\/f\//)]);
    expect(await desk.calls('kf/service_state/trans')).toBe(0);
  });

  it('the repeat offer (more than 3 identical messages) offers a human when someone can take it, and tells the truth when nobody can', async () => {
    desk = await Desk.open(WED_22, ['lisi']);
    for (let i = 0; i < 3; i++) await desk.say(A, '有人吗');
    const offer = await desk.say(A, '有人吗');
    expect(offer.map((m) => [m.msgtype, m.text])).toEqual([['msgmenu', expect.stringContaining('需要为您转接人工客服吗')]]);
    await desk.setStatus('lisi', 'moon');
    const B = 'wmItemCustomerB6';
    for (let i = 0; i < 3; i++) await desk.say(B, '有人吗');
    expect((await desk.say(B, '有人吗')).map((m) => m.text)).toEqual([expect.stringContaining('值班同事暂时不在')]);
    expect(await desk.say(B, '有人吗')).toEqual([]); // muted: the offer's silence
    expect((await desk.verdict(B)).outcome).toBe('repeat_mute');
  });
});

describe('item 7: the decision view tells the truth', () => {
  it('shows each planned send with its delivery state: retrying with the errcode, failed with a Chinese reason, sent', async () => {
    desk = await Desk.open(WED_22);
    const agent = await signIn(desk.p.url, 'zhangsan');
    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 45009, count: 4 }] });
    await desk.p.sim.customerSend({ external_userid: A, msgtype: 'text', content: '在吗' });
    await quiesce(desk.p);
    const id = desk.conversation(A).id;
    let view = await getJson(`/api/sidebar/decisions?conversationId=${id}`, agent);
    expect(view.items[0].deliveries).toMatchObject([{ what: 'send', status: 'retrying', errcode: 45009, reason: { zh: expect.stringContaining('调用频率') } }]);
    await desk.wait(10_000);
    view = await getJson(`/api/sidebar/decisions?conversationId=${id}`, agent);
    expect(view.items[0].deliveries).toMatchObject([{ status: 'sent', errcode: null }]);
    expect(view.items[0].lines.zh.at(-1)).toMatch(/^✓ 消息「夜间提示」已送达企业微信/);

    await desk.p.sim.setFaults({ nextErrors: [{ path: 'kf/send_msg', errcode: 95001, count: 1 }] });
    await desk.say(A, '怎么退款');
    view = await getJson(`/api/sidebar/decisions?conversationId=${id}`, agent);
    expect(view.items[0].deliveries).toContainEqual(expect.objectContaining({ status: 'failed', errcode: 95001, reason: expect.objectContaining({ zh: expect.stringContaining('5 条') }) }));
    expect(view.items[0].lines.zh.join('\n')).toMatch(/✗ 消息「退款进度查询」未送达：95001/);
  });
});

describe('item 8: the probe (***) is a dry run', () => {
  it('runs the real path and reports every step with timings, computing its escalations without arming anything real', async () => {
    desk = await Desk.open(WED_22);
    const got = await desk.say(A, '***');
    expect(got.map((m) => m.text)).toEqual([expect.stringContaining('【探针】')]);
    const conv = desk.conversation(A);
    expect(conv.unansweredCount).toBe(0);
    expect(desk.p.deps.db.select().from(timers).where(eq(timers.conversationId, conv.id)).all()).toEqual([]);
    await desk.jump(11 * 60_000);
    await desk.wait(0);
    expect((await desk.inbox(A)).length).toBe(1); // no FAQ card at 90 s
    expect(desk.p.deps.db.select().from(managerAlerts).all()).toEqual([]); // no 10-minute alert
    expect((await desk.p.sim.state()).appMessages).toEqual([]);
    const report = desk.p.deps.db.select().from(probeReports).get()!;
    const steps = JSON.parse(report.steps) as { step: string; detail?: string; durationMs: number }[];
    expect(steps.map((x) => x.step)).toEqual(expect.arrayContaining(['customer_sent', 'stored', 'classified', 'decided', 'planned', 'escalation:esc.unanswered']));
    expect(steps.find((x) => x.step === 'escalation:esc.unanswered')?.detail).toBe('computed (dry run: not armed)');
    const admin = await signIn(desk.p.url, 'wangwu');
    const probes = await getJson('/api/admin/diagnostics/probes', admin);
    expect(probes.probes[0].steps.map((x: { step: string }) => x.step)).toContain('outbox:send_msg');
  });
});

describe('item 9: the combined trigger and the repeat count', () => {
  it('the default pack\'s "long message and 3 unanswered within 10 min" rule fires through the real pipeline', async () => {
    desk = await Desk.open(WED_10, ['lisi']);
    for (let i = 0; i < 3; i++) { await desk.say(A, `${LONG}（第${i + 1}次）`); await desk.jump(60_000); }
    const fired = desk.p.deps.db.select().from(decisions).where(eq(decisions.trigger, 'message')).all().map((d) => (JSON.parse(d.trace) as { rules: { ruleId: string; outcome: string }[] }).rules
      .find((r) => r.ruleId === 'long_burst_alert')?.outcome);
    expect(fired).toEqual(['not_matched', 'not_matched', 'fired']);
    // this rule's own alert (the 3-minute follow-up is another stage and alerts on its own)
    expect(desk.p.deps.db.select().from(managerAlerts).all().filter((a) => a.key.includes(':rule:long_burst_alert:')))
      .toMatchObject([{ touser: 'wangwu', description: expect.stringContaining('连续发送长消息') }]);
    expect(JSON.parse(desk.conversation(A).tags)).toContain('needs_human');
  });

  it('offers a human at the 4th identical message within 5 minutes, not the 3rd', async () => {
    desk = await Desk.open(WED_22, ['lisi']);
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push((await desk.say(A, '在吗在吗')).map((m) => m.msgtype));
    expect(replies.map((r) => r.includes('msgmenu'))).toEqual([false, false, false, true]);
  });
});

describe('item 10: recalls', () => {
  it('a recalled customer message no longer counts as unanswered, and shows as recalled in the sidebar', async () => {
    desk = await Desk.open(WED_22);
    await desk.say(A, '在吗');
    const { msgid } = await desk.p.sim.customerSend({ external_userid: A, msgtype: 'text', content: '发错了' });
    await quiesce(desk.p);
    expect(desk.conversation(A).unansweredCount).toBe(2);
    await desk.p.sim.customerRecall({ external_userid: A, msgid });
    await desk.wait(0);
    expect(desk.conversation(A).unansweredCount).toBe(1);
    // the 3rd unanswered message gets the form: with the recall, that is the next-but-one
    expect((await desk.say(A, '有人吗')).map((m) => m.text).join('')).not.toContain('/f/');
    expect((await desk.say(A, '还在吗')).map((m) => m.text).join('')).toContain('/f/');
    const agent = await signIn(desk.p.url, 'zhangsan');
    const ctx = await getJson(`/api/sidebar/context?externalUserid=${A}`, agent);
    expect(ctx.messages.find((m: { id: string }) => m.id === msgid)).toMatchObject({ recalled: true, text: '发错了' });
  });
});
