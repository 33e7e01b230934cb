/**
 * @module The outbox job on the unit of work, run against every engine (outbox-job.test.ts: SQLite file and
 * :memory:; outbox-job.pg.test.ts: PostgreSQL), against a scripted WeCom: a row and its `outbox.send` job enter in
 * the caller's transaction; the job's claim reads the row outside any transaction, the executor calls WeCom once,
 * and the row's result commits with the job's completion together with what it changed in the conversation (a send
 * hands the session to the bot, a move puts it where WeCom did and keeps the msg_code for the notice after it);
 * a failure that is final undoes the row's marks; a refusal because of the session marks the state stale and is
 * handed on after commit; a transient failure defers the row and the retry WeCom answers "already taken" counts as
 * sent.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import type { CoreDeps } from '../../../server/app/deps';
import type { Conversation, OutboxRow } from '../../../server/adapters/db/sqlite/schema/index';
import { ManualClock } from '../../../server/app/clock';
import { createLogger } from '../../../server/app/log';
import { EventBus, type DomainEvents } from '../../../server/core/events';
import { WecomError } from '../../../server/core/errors';
import { createProductJobs, type ProductJobs } from '../../../server/app/jobs-runtime';
import { insertOutboxRowIn, Outbox, OUTBOX_JOB, outboxKind } from '../../../server/core/pipeline/outbox-job';
import type { OutboxPayload } from '../../../server/core/pipeline/outbox-intent';
import type { Template } from '../../../shared/templates/index';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-03T10:00:00+08:00');
const BACKOFF = 1000;
const log = createLogger('silent');
const NOTICE: Template = { id: 'tpl_transfer', name: '转接提示', kind: 'transfer_notice', msgtype: 'text', body: '{{customer.nickname}}，已为您转接' };

/** WeCom as the executors see it: every call recorded; `fail` scripts the next answers of an API (errcodes, in order). */
function scriptedWecom() {
  const calls: { api: string; msgid?: string; code?: string; servicer?: string }[] = [];
  const fail = new Map<string, number[]>();
  const answer = (api: string) => {
    const code = fail.get(api)?.shift();
    if (code !== undefined) throw new WecomError(code, 'scripted', api);
  };
  const wecom = {
    async sendMsg(b: { msgid: string }) { calls.push({ api: 'send_msg', msgid: b.msgid }); answer('send_msg'); return { msgid: b.msgid }; },
    async sendMsgOnEvent(b: { msgid: string; code: string }) { calls.push({ api: 'send_msg_on_event', msgid: b.msgid, code: b.code }); answer('send_msg_on_event'); return { msgid: b.msgid }; },
    async transServiceState(b: { servicer_userid?: string }) {
      calls.push({ api: 'trans', servicer: b.servicer_userid }); answer('trans'); return { msg_code: 'MSGCODE1' };
    },
    async getServiceState() { return { service_state: 0 }; },
    async batchgetCustomers() { return { customer_list: [] }; },
    get once() { return wecom; }, // a job's calls are tried once: this fake tries every call once
  };
  return { wecom, calls, fail };
}

export function outboxJobCases(engine: Engine): void {
  describe(`the outbox job on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let clock: ManualClock;
    let jobs: ProductJobs;
    let outbox: Outbox;
    let w: ReturnType<typeof scriptedWecom>;
    let changed: DomainEvents['conversation.changed'][];
    let refused: { row: OutboxRow; conv: Conversation; errcode: number }[];
    let convId: number;

    const conversation = () => uow.read(async ({ db, t }) => (await db.select().from(t.conversations).where(eq(t.conversations.id, convId)))[0]!);
    const rows = () => uow.read(({ db, t }) => db.select().from(t.outbox).orderBy(asc(t.outbox.createdAt), asc(t.outbox.msgid)));
    const row = async (msgid: string) => (await rows()).find((r) => r.msgid === msgid)!;
    const outboxJobs = () => uow.read(async ({ db, t }) => (await db.select().from(t.jobs).where(eq(t.jobs.kind, OUTBOX_JOB)).orderBy(asc(t.jobs.id)))
      .map((j) => ({ key: j.key, orderingKey: j.orderingKey, status: j.status, outcome: j.outcome, runAt: j.runAt })));
    const plan = (msgid: string, payload: OutboxPayload, decisionId: number | null = null) => uow.run((tx) => insertOutboxRowIn(tx, {
      msgid, kind: payload.kind, conversationId: convId, causeMsgid: 'cause1', decisionId, payload: JSON.stringify(payload),
    }, clock.now()));

    beforeEach(async () => {
      uow = await engine.open();
      clock = new ManualClock(T0);
      w = scriptedWecom();
      changed = [];
      refused = [];
      const events = new EventBus();
      events.on('conversation.changed', (e) => changed.push(e));
      const deps = { clock, log, events, wecom: w.wecom, config: { wecomRetryBackoffMs: BACKOFF }, shared: { uow } } as unknown as CoreDeps;
      jobs = createProductJobs({ clock, log, uow });
      outbox = new Outbox(deps, jobs, { onRefused: async (r, conv, errcode) => { refused.push({ row: r, conv, errcode }); } });
      jobs.start();
      convId = await uow.run(async ({ db, t }) => {
        const [c] = await db.insert(t.conversations).values({
          openKfid: 'wkKf1', externalUserid: 'wmCustomer1', serviceState: 0, noticesSent: JSON.stringify(['off:1', 'off:0']),
          transferOfferSentAt: T0 - 1000, mutedUntil: T0 + 60_000, createdAt: T0, updatedAt: T0,
        }).returning({ id: t.conversations.id });
        return c!.id;
      });
    });
    afterEach(async () => { await jobs.stop(); await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('enters a row with its job in the caller\'s transaction, once per msgid, ordered by its conversation', async () => {
      expect(await plan('ms1', { kind: 'send_msg', body: { msgtype: 'text', text: { content: '您好' } } })).toBe(true);
      expect(await plan('ms1', { kind: 'send_msg', body: { msgtype: 'text', text: { content: '您好' } } })).toBe(false);
      await expect(uow.run(async (tx) => {
        await insertOutboxRowIn(tx, { msgid: 'ms2', kind: 'send_msg', conversationId: convId, causeMsgid: null, payload: '{}' }, T0);
        throw new Error('the decision failed');
      })).rejects.toThrow('the decision failed');
      await outbox.drain();
      expect((await rows()).map((r) => [r.msgid, r.status, r.nextAttemptAt])).toEqual([['ms1', 'sent', T0]]);
      expect(await outboxJobs()).toEqual([{ key: 'ms1', orderingKey: `conv:${convId}`, status: 'done', outcome: 'sent', runAt: T0 }]);
      expect(w.calls).toEqual([{ api: 'send_msg', msgid: 'ms1' }]);
    });

    it('sends a row and records, with the job\'s completion, that the bot has the session (0 → 1)', async () => {
      await plan('ms1', { kind: 'send_msg', body: { msgtype: 'text', text: { content: '您好' } } });
      clock.advance(500);
      await outbox.drain();
      expect(w.calls).toEqual([{ api: 'send_msg', msgid: 'ms1' }]);
      expect(await row('ms1')).toMatchObject({ status: 'sent', sentAt: T0 + 500, errcode: 0, attempts: 1 });
      expect(await conversation()).toMatchObject({ serviceState: 1, lastBotAt: T0 + 500 });
      expect((await outboxJobs()).map((j) => [j.status, j.outcome])).toEqual([['done', 'sent']]);
      expect(changed).toEqual([{ conversationId: convId, what: 'message', at: T0 + 500 }]);
      await outbox.drain(); // nothing twice
      expect(w.calls).toHaveLength(1);
    });

    it('moves the session and keeps WeCom\'s msg_code for the notice planned after it, which goes out with it', async () => {
      await plan('msMove', { kind: 'service_state_trans', serviceState: 3, servicerUserid: 'zhangsan' });
      clock.advance(1);
      await plan('msNote', { kind: 'send_msg_on_event', codeFrom: 'msMove', template: NOTICE, vars: {} });
      await outbox.drain();
      expect(w.calls).toEqual([{ api: 'trans', servicer: 'zhangsan' }, { api: 'send_msg_on_event', msgid: 'msNote', code: 'MSGCODE1' }]);
      expect(await row('msMove')).toMatchObject({ status: 'sent', msgCode: 'MSGCODE1' });
      expect(await row('msNote')).toMatchObject({ status: 'sent' });
      expect(await conversation()).toMatchObject({ serviceState: 3, servicerUserid: 'zhangsan', stateStale: false, stateCheckedAt: T0 + 1, lastBotAt: T0 + 1 });
      expect(changed.map((e) => e.what)).toEqual(['state', 'message']);
    });

    it('cancels a notice whose move gave no msg_code', async () => {
      await plan('msNote', { kind: 'send_msg_on_event', codeFrom: 'msNever', template: NOTICE, vars: {} });
      await outbox.drain();
      expect(w.calls).toEqual([]);
      expect(await row('msNote')).toMatchObject({ status: 'cancelled' });
      expect((await outboxJobs()).map((j) => j.outcome)).toEqual(['cancelled']);
    });

    it('fails a row WeCom refuses for good and takes back what it marked as given (the notice, the offer and its mute)', async () => {
      w.fail.set('send_msg', [95002]);
      await plan('ms1', { kind: 'send_msg', body: { msgtype: 'text', text: { content: '我们下班了' } }, marks: { noticeKey: 'off:1', offer: true } });
      await outbox.drain();
      expect(await row('ms1')).toMatchObject({ status: 'failed', errcode: 95002, attempts: 1 });
      expect(await conversation()).toMatchObject({ serviceState: 0, lastBotAt: null, noticesSent: JSON.stringify(['off:0']), transferOfferSentAt: null, mutedUntil: null });
      expect(refused).toEqual([]);
    });

    it('marks the state stale on a refusal because of the session and hands the row on after commit', async () => {
      w.fail.set('send_msg', [95018]);
      await plan('ms1', { kind: 'send_msg', body: { msgtype: 'text', text: { content: '您好' } } }, 42);
      await outbox.drain();
      expect(await row('ms1')).toMatchObject({ status: 'failed', errcode: 95018 });
      expect(await conversation()).toMatchObject({ stateStale: true });
      expect(refused.map((r) => [r.row.msgid, r.row.decisionId, r.row.attempts, r.conv.id, r.conv.stateStale, r.errcode])).toEqual([['ms1', 42, 1, convId, true, 95018]]);
    });

    it('defers a row after a transient failure, and counts the retry WeCom answers "already taken" as sent', async () => {
      w.fail.set('send_msg', [-1, 40058]);
      await plan('ms1', { kind: 'send_msg', body: { msgtype: 'text', text: { content: '您好' } } });
      await outbox.drain();
      const backoff = outboxKind(BACKOFF).retry.backoffMs(1, new WecomError(-1, 'scripted', 'send_msg'));
      expect(await row('ms1')).toMatchObject({ status: 'pending', attempts: 1, errcode: -1, nextAttemptAt: T0 + backoff });
      expect((await outboxJobs()).map((j) => [j.status, j.runAt])).toEqual([['pending', T0 + backoff]]);
      expect(await conversation()).toMatchObject({ serviceState: 0, lastBotAt: null });
      clock.advance(backoff);
      await outbox.drain();
      expect(w.calls).toEqual([{ api: 'send_msg', msgid: 'ms1' }, { api: 'send_msg', msgid: 'ms1' }]);
      expect(await row('ms1')).toMatchObject({ status: 'sent', attempts: 2, errcode: 0, errmsg: 'already sent (errcode 40058 on a retry)' });
      expect(await conversation()).toMatchObject({ serviceState: 1, lastBotAt: T0 + backoff });
    });
  });
}
