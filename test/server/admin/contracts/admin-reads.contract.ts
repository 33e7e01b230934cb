/**
 * @module The admin read surfaces converted to the unit of work, run on every engine with the same rows and the
 * same expected answers: the dashboard (status switches, response vs channel switches, auto-replies), the
 * diagnostics (status sync, callback health, outbox failures, probes, the native 欢迎语 warning), the admins list
 * and the audit log. Rows are written through `uow.run` with the engine's own tables; ids are the engine's.
 */
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import type { UnitOfWork } from '../../../../server/core/ports/unit-of-work';
import type { Engine } from '../../../support/engines';
import { autoReplies, responseVsSwitches, statusSwitches } from '../../../../server/core/dashboard/compute';
import { callbackHealth, outboxFailures, probes, statusSync } from '../../../../server/http/routes/admin/diagnostics';
import { nativeWelcomeWarnings } from '../../../../server/core/doctor/warnings';
import { listAdmins } from '../../../../server/http/routes/admin/access';
import { auditEntries } from '../../../../server/http/routes/admin/audit';
import { DEMO_CALENDAR } from '../../../../shared/calendar/demo';
import { toZonedIso } from '../../../../shared/calendar/index';
import { ORIGIN } from '../../../../shared/domain/vocabulary';

const H = 3_600_000, DAY = 24 * H, MIN = 60_000;
/** Friday 2026-11-20 12:00 in Shanghai. */
export const NOW = Date.UTC(2026, 10, 20, 4, 0, 0);
const ZONE = 'Asia/Shanghai';
const s = (ms: number) => Math.floor(ms / 1000);

interface Seeded { conv1: number; conv2: number; conv3: number }

/** One week of an afternoon desk: three agents, two 微信客服 accounts, three conversations and their traces. */
async function seed(uow: UnitOfWork): Promise<Seeded> {
  return uow.run(async ({ db, t }) => {
    const old = NOW - 30 * DAY;
    const agents: (typeof t.agents.$inferInsert)[] = [
      { userid: 'zhangsan', name: '张三', status: 'online', statusChangedAt: NOW - 3 * H, createdAt: old },
      { userid: 'lisi', name: '李四', status: 'online', statusChangedAt: NOW - 2 * DAY, createdAt: old },
      { userid: 'wangwu', name: '王五', status: 'moon', statusChangedAt: NOW - 5 * H, createdAt: old },
    ];
    await db.insert(t.agents).values(agents);
    const zs = ['offline', 'online', 'moon', 'online', 'busy', 'online', 'moon'] as const;
    const history: (typeof t.agentStatusHistory.$inferInsert)[] = [
      // six switches on Wednesday 18 November from 12:00 local: an outlier against a median of one a day
      ...zs.slice(1).map((to, k) => ({ userid: 'zhangsan', fromStatus: zs[k]!, toStatus: to, source: 'manual' as const, at: NOW - 2 * DAY + k * 10 * MIN })),
      { userid: 'zhangsan', fromStatus: 'moon', toStatus: 'online', source: 'manual', at: NOW - 3 * H },
      { userid: 'lisi', fromStatus: 'offline', toStatus: 'online', source: 'schedule', at: NOW - 2 * DAY },
      { userid: 'wangwu', fromStatus: 'offline', toStatus: 'moon', source: 'manual', at: NOW - 5 * H },
    ];
    await db.insert(t.agentStatusHistory).values(history);
    await db.insert(t.kfAccounts).values([
      { openKfid: 'kf-a', name: '售前客服', createdAt: old },
      { openKfid: 'kf-b', name: '售后客服', createdAt: old },
    ]);
    await db.insert(t.kfServicers).values([{ openKfid: 'kf-a', userid: 'lisi', wecomStatus: 0, updatedAt: old }]);
    await db.insert(t.servicerSignals).values([
      { openKfid: 'kf-a', userid: 'zhangsan', status: 2, at: NOW - 30 * H },
      { openKfid: 'kf-a', userid: 'zhangsan', status: 1, at: NOW - 2 * H },
    ]);
    const conv = async (openKfid: string, externalUserid: string) => (await db.insert(t.conversations)
      .values({ openKfid, externalUserid, createdAt: old, updatedAt: old }).returning({ id: t.conversations.id }))[0]!.id;
    const conv1 = await conv('kf-a', 'wm-1'), conv2 = await conv('kf-a', 'wm-2'), conv3 = await conv('kf-b', 'wm-3');
    let n = 0;
    const msg = (conversationId: number, origin: 3 | 4 | 5, at: number, content: unknown = { content: 'hi' }) => ({
      msgid: `m-${++n}`, conversationId, origin, msgtype: origin === ORIGIN.system ? 'event' : 'text', content: JSON.stringify(content),
      sendTime: s(at), receivedAt: at + 1000,
    });
    await db.insert(t.messages).values([
      msg(conv1, ORIGIN.system, NOW - DAY - MIN, { event_type: 'enter_session', welcome_code: 'wc-1' }),
      msg(conv1, ORIGIN.customer, NOW - 2 * DAY),
      msg(conv1, ORIGIN.agent, NOW - 2 * DAY + 120_000),
      msg(conv1, ORIGIN.customer, NOW - DAY),
      msg(conv1, ORIGIN.customer, NOW - DAY + 30_000),
      msg(conv1, ORIGIN.agent, NOW - DAY + 90_000),
      msg(conv2, ORIGIN.customer, NOW - 3 * H),
      msg(conv2, ORIGIN.agent, NOW - 3 * H + 60_000),
      // kf-b: a first-time customer entered without a welcome_code — the console's 欢迎语 is on
      msg(conv3, ORIGIN.system, NOW - H - MIN, { event_type: 'enter_session' }),
      msg(conv3, ORIGIN.customer, NOW - H),
    ]);
    const out = (msgid: string, o: Partial<typeof t.outbox.$inferInsert>) => ({
      msgid, kind: 'send_msg' as const, conversationId: conv1, payload: '{}', nextAttemptAt: NOW, createdAt: NOW - 4 * H, updatedAt: NOW - 4 * H, ...o,
    });
    await db.insert(t.outbox).values([
      out('o-1', { status: 'failed', errcode: 95018, errmsg: 'x1', updatedAt: NOW - H }),
      out('o-2', { status: 'failed', errcode: 95018, errmsg: 'x2', updatedAt: NOW - 2 * H }),
      out('o-3', { status: 'pending', errcode: 45009, errmsg: 'busy', updatedAt: NOW - 3 * H }),
      out('o-4', { status: 'pending' }),
      out('o-5', { kind: 'service_state_trans', status: 'sent', createdAt: NOW - 2 * DAY + 10_000, sentAt: NOW - 2 * DAY + 11_000 }),
      out('o-6', { status: 'sent', causeMsgid: 'm-probe', sentAt: NOW - H + 800 }),
    ]);
    await db.insert(t.relayDiagnostics).values([
      { at: NOW - DAY + 200_000, kind: 'relay', conversationId: conv1, reason: 'moon', result: 'moved' },
      { at: NOW - DAY + 300_000, kind: 'relay', conversationId: conv2, reason: 'moon', result: 'failed' },
    ]);
    const decision = (at: number, dryRun: boolean, window: string, actions: unknown[]) =>
      ({ conversationId: conv1, trigger: 'message', ruleSetVersion: 'v1', at, dryRun, actions: JSON.stringify(actions), trace: '[]', facts: JSON.stringify({ window }) });
    await db.insert(t.decisions).values([
      decision(NOW - DAY, false, 'open', [{ type: 'reply_template', templateId: 't-welcome' }, { type: 'mark_read' }]),
      decision(NOW - 2 * H, false, 'open', [{ type: 'reply_template', templateId: 't-welcome' }]),
      decision(NOW - H, false, 'closed', [{ type: 'offer_transfer', kind: 'transfer' }]),
      decision(NOW - H, true, 'closed', [{ type: 'reply_template', templateId: 't-dry' }]),
    ]);
    const cb = (at: number, raw: string, openKfid: string, ackMs: number | null) => ({ receivedAt: at, msgType: 'event', event: 'kf_msg_or_event', openKfid, raw, ackMs });
    await db.insert(t.callbackEvents).values([
      cb(NOW - 2 * DAY, 'C', 'kf-a', 100),
      cb(NOW - 2 * H, 'B', 'kf-b', 10),
      cb(NOW - 2 * H + 1, 'B', 'kf-b', null),
      cb(NOW - 2 * H + 2, 'B', 'kf-b', 7),
      cb(NOW - 20 * MIN, 'A', 'kf-a', 5),
      cb(NOW - 30_000, 'A', 'kf-a', 3),
    ]);
    await db.insert(t.syncCursors).values([
      { openKfid: 'kf-a', updatedAt: NOW - 10 * MIN, lastPullStartedAt: NOW - 10 * MIN, lastPullOk: true },
      { openKfid: 'kf-b', updatedAt: NOW - 3 * H, lastPullStartedAt: NOW - 3 * H, lastPullOk: false, lastError: 'errcode 95018' },
    ]);
    await db.insert(t.probeReports).values({
      msgid: 'm-probe', conversationId: conv1, at: NOW - H,
      steps: JSON.stringify([{ step: 'callback', atMs: NOW - H, durationMs: 5 }]),
      decision: JSON.stringify({ version: 'v1', actions: [{ type: 'reply_template' }, { type: 'mark_read' }] }),
    });
    await db.insert(t.adminGrants).values([
      { userid: 'lisi', grantedBy: 'wangwu', grantedAt: NOW - DAY },
      { userid: 'wangwu', grantedBy: 'wangwu', grantedAt: NOW - 2 * DAY },
    ]);
    await db.insert(t.auditLog).values([
      { at: NOW - 4 * H, actor: 'wangwu', action: 'rules.publish', target: 'v1', after: '{"version":"v1"}' },
      { at: NOW - 4 * H, actor: 'wangwu', action: 'template.update', target: 't-welcome', before: '{}', after: '{}' },
      { at: NOW - DAY, actor: 'wangwu', action: 'admin.grant', target: 'lisi', after: '{"admin":true}' },
    ]);
    return { conv1, conv2, conv3 };
  });
}

export function adminReadsContract(engine: Engine): void {
  describe(`admin reads on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let seeded: Seeded;
    beforeEach(async () => { uow = await engine.open(); seeded = await seed(uow); });
    afterEach(() => engine.cleanup());
    afterAll(() => engine.dispose());
    const week = { from: NOW - 7 * DAY, to: NOW, days: 7 };

    it('dashboard: status switches per agent and local day, the six-switch day flagged against the median', async () => {
      const r = await uow.read((q) => statusSwitches(q, DEMO_CALENDAR, week));
      expect(r.median).toBe(1);
      expect(r.rows).toEqual([
        { userid: 'lisi', date: '2026-11-18', switches: 1, name: '李四', outlier: false },
        { userid: 'zhangsan', date: '2026-11-18', switches: 6, name: '张三', outlier: true },
        { userid: 'wangwu', date: '2026-11-20', switches: 1, name: '王五', outlier: false },
        { userid: 'zhangsan', date: '2026-11-20', switches: 1, name: '张三', outlier: false },
      ]);
    });

    it('dashboard: first human response by channel switches (a sent transfer and a moved relay count, a failed relay does not)', async () => {
      expect(await uow.read((q) => responseVsSwitches(q, week))).toEqual([
        { switches: '0', conversations: 1, responses: 1, avgFirstResponseSec: 60 },
        { switches: '1', conversations: 0, responses: 0, avgFirstResponseSec: null },
        { switches: '2', conversations: 1, responses: 2, avgFirstResponseSec: 105 },
        { switches: '3+', conversations: 0, responses: 0, avgFirstResponseSec: null },
      ]);
    });

    it('dashboard: auto-replies of live decisions by template and window (dry runs and non-sends left out)', async () => {
      expect(await uow.read((q) => autoReplies(q, week))).toEqual([
        { template: 't-welcome', window: 'open', count: 2 },
        { template: 'kind:transfer', window: 'closed', count: 1 },
      ]);
    });

    it('diagnostics: status sync per agent over the last 24 h', async () => {
      const rows = await uow.read((q) => statusSync(q, NOW));
      expect(rows.map((r) => r.userid)).toEqual(['lisi', 'wangwu', 'zhangsan']);
      expect(rows[0]).toEqual({ userid: 'lisi', name: '李四', syncRate: 1, agreeMinutes: 1440, disagreeMinutes: 0, unknownMinutes: 0, moonshiftChanges: 0, wecomSignals: 0, moonshiftNow: 'online', wecomNow: 'receiving' });
      expect(rows[1]).toEqual({ userid: 'wangwu', name: '王五', syncRate: null, agreeMinutes: 0, disagreeMinutes: 0, unknownMinutes: 1440, moonshiftChanges: 1, wecomSignals: 0, moonshiftNow: 'moon', wecomNow: 'unknown' });
      expect(rows[2]).toEqual({ userid: 'zhangsan', name: '张三', syncRate: 0.958, agreeMinutes: 1380, disagreeMinutes: 60, unknownMinutes: 0, moonshiftChanges: 1, wecomSignals: 1, moonshiftNow: 'online', wecomNow: 'receiving' });
    });

    it('diagnostics: callback health — counts, retries seen, acknowledgement percentiles, hours on the org clock, cursors', async () => {
      const h = await uow.read((q) => callbackHealth(q, NOW, ZONE));
      expect({ ...h, cursors: [...h.cursors].sort((a, b) => a.openKfid.localeCompare(b.openKfid)) }).toEqual({
        lastMinute: 1, lastHour: 2, retriesSeen: 3, lastReceivedAt: NOW - 30_000,
        ackMs: { samples: 5, p50: 7, p99: 100, max: 100 },
        perHour: [{ hour: toZonedIso(NOW - 2 * H, ZONE), count: 3 }, { hour: toZonedIso(NOW - H, ZONE), count: 2 }],
        cursors: [
          { openKfid: 'kf-a', lastPullStartedAt: NOW - 10 * MIN, lastPullOk: true, lastError: null, waiting: 1, updatedAt: NOW - 10 * MIN },
          { openKfid: 'kf-b', lastPullStartedAt: NOW - 3 * H, lastPullOk: false, lastError: 'errcode 95018', waiting: 3, updatedAt: NOW - 3 * H },
        ],
        pullFailures: 1,
      });
      expect(h.perHour[0]!.hour).toBe('2026-11-20T10:00:00+08:00');
    });

    it('diagnostics: outbox failures by errcode and kind, most first', async () => {
      expect(await uow.read((q) => outboxFailures(q))).toEqual([
        { errcode: 95018, kind: 'send_msg', count: 2, retrying: 0, failed: 2, lastErrmsg: 'x2', lastAt: NOW - H },
        { errcode: 45009, kind: 'send_msg', count: 1, retrying: 1, failed: 0, lastErrmsg: 'busy', lastAt: NOW - 3 * H },
      ]);
    });

    it('diagnostics: probe reports with the outbox delivery as a step', async () => {
      const [p, ...more] = await uow.read((q) => probes(q, ZONE));
      expect(more).toEqual([]);
      expect(p).toMatchObject({
        msgid: 'm-probe', conversationId: seeded.conv1, at: '2026-11-20T11:00:00+08:00', totalMs: 805, version: 'v1', actions: 'reply_template mark_read',
        steps: [{ step: 'callback', atMs: NOW - H, durationMs: 5 }, { step: 'outbox:send_msg', atMs: NOW - H + 800, durationMs: 800, detail: 'sent' }],
      });
    });

    it('diagnostics: a native 欢迎语 inferred on the account whose new customer entered without a welcome_code', async () => {
      const w = await uow.read((q) => nativeWelcomeWarnings(q, NOW));
      expect(w.map((x) => x.team)).toEqual(['kf-b']);
      expect(w[0]!.zh).toContain('「售后客服」');
    });

    it('admins: ADMIN_USERIDS members first, then the grants of others with names', async () => {
      expect(await uow.read((q) => listAdmins(q, ['wangwu']))).toEqual([
        { userid: 'wangwu', name: '王五', source: 'env', grantedBy: null, grantedAt: null },
        { userid: 'lisi', name: '李四', source: 'grant', grantedBy: 'wangwu', grantedAt: NOW - DAY },
      ]);
    });

    it('audit: admin changes and status changes as one log, filtered, newest first, one page at a time', async () => {
      const all = await uow.read((q) => auditEntries(q, { limit: 200, offset: 0 }));
      expect(all.total).toBe(12);
      expect(all.names.get('zhangsan')).toBe('张三');
      expect(all.rows.map((r) => r.at)).toEqual([...all.rows.map((r) => r.at)].sort((a, b) => b - a));
      const status = await uow.read((q) => auditEntries(q, { kind: 'agent', actor: 'zhangsan', limit: 2, offset: 1 }));
      expect(status.total).toBe(7);
      expect(status.rows).toEqual([
        { id: expect.any(Number) as number, at: NOW - 2 * DAY + 50 * MIN, actor: 'zhangsan', action: 'agent.status', target: 'zhangsan', before: '"online"', after: '"moon"', source: 'manual' },
        { id: expect.any(Number) as number, at: NOW - 2 * DAY + 40 * MIN, actor: 'zhangsan', action: 'agent.status', target: 'zhangsan', before: '"busy"', after: '"online"', source: 'manual' },
      ]);
      expect(status.rows.every((r) => r.id < 0)).toBe(true);
      const sameInstant = await uow.read((q) => auditEntries(q, { from: NOW - 5 * H, to: NOW - 3 * H, limit: 200, offset: 0 }));
      expect(sameInstant.rows.map((r) => r.action)).toEqual(['template.update', 'rules.publish', 'agent.status']); // same at: higher id first
      const prefix = await uow.read((q) => auditEntries(q, { action: 'ADMIN.', limit: 200, offset: 0 }));
      expect(prefix.rows.map((r) => [r.action, r.target, r.before, r.source])).toEqual([['admin.grant', 'lisi', null, null]]);
    });
  });
}
