/**
 * @module Duty-manager alerts on the one job queue: the `alerts.deliver` job of a recipient sends their queued
 * alerts as WeCom app messages (`message/send` textcard) within WeCom's limits of 30 per member per minute and
 * 1000 per hour: what fits is sent one card per alert; when more are
 * waiting than fit, the rest are coalesced into one card; when nothing fits, the queue waits for the window
 * to open (a job due then). A failed send is recorded on its alert and the job retried by its kind's policy
 * (one level: the calls inside are not retried again). Nothing is dropped. An SMS notifier (if configured) gets the same facts as template parameters.
 */
import { and, asc, count, eq, gt, inArray, min } from 'drizzle-orm';
import { wecomRetryPolicy } from '../../channels/wecom-kf/errcodes';
import { jobKind } from '../ports/jobs';
import { enqueueJobIn } from '../jobs/enqueue';
import type { ProductJobs } from '../../app/jobs-runtime';
import { ALERTS_JOB, alertOrderingKey } from './kind';
import type { CoreDeps } from '../../app/deps';
import type { ManagerAlert } from '../../adapters/db/sqlite/schema/index';
import { first, type Queries } from '../ports/queries';
import { WecomError } from '../errors';
import { escapeHtml, truncateBytes } from '../../../shared/templates/render';
import { recordDiagnosticIn } from '../relay/diagnostics';
import type { SmsNotifier } from './sms';
import { SMS_TEXT_MAX, clip } from './queue';

export const PER_MINUTE = 30;
export const PER_HOUR = 1000;
const MINUTE = 60_000, HOUR = 3_600_000;

/** The SMS template parameters stored with the alert: nickname, last message, waited, on duty, deep link. */
function smsParams(a: ManagerAlert): string[] {
  try { const v: unknown = JSON.parse(a.sms ?? '[]'); return Array.isArray(v) ? v.map(String) : []; } catch { return []; }
}

type Deps = Pick<CoreDeps, 'wecom' | 'clock' | 'log'> & { config: Pick<CoreDeps['config'], 'wecomRetryBackoffMs'> }
  & { shared: Pick<CoreDeps['shared'], 'uow'> };

/** What a delivery came to: everything sent, or the rate window full until `waitUntil`; `failed`: a send WeCom refused. */
type Delivery = { waitUntil?: number; failed?: unknown };

export class Alerts {
  constructor(private readonly d: Deps, private readonly jobs: ProductJobs, private readonly sms: SmsNotifier | null = null) {
    const kind = jobKind<{ touser: string }>(ALERTS_JOB, { retry: wecomRetryPolicy({ firstBackoffMs: d.config.wecomRetryBackoffMs, maxAttempts: 5 }) });
    jobs.handle(kind, {
      call: (job) => this.deliver(job.payload.touser),
      run: async (tx, job, res: Delivery) => {
        if (res.failed !== undefined) throw res.failed; // recorded on the alert; the job is retried by its policy
        if (res.waitUntil === undefined) return 'delivered';
        // the rate window is full: deliver again when it opens (same transaction as this job's completion)
        await enqueueJobIn(tx, ALERTS_JOB, { touser: job.payload.touser }, this.d.clock.now(),
          { key: `alerts-window:${job.payload.touser}:${res.waitUntil}`, orderingKey: alertOrderingKey(job.payload.touser), runAt: res.waitUntil, coalesce: true });
        return `waiting until ${new Date(res.waitUntil).toISOString()}`;
      },
    });
  }

  /** Wakes the queue and resolves when it is idle (alerts sent, or waiting for their rate window). */
  async drain(): Promise<void> { this.jobs.wake(); await this.jobs.idle(); }

  /** Sends what the rate window lets go for one recipient. */
  private async deliver(touser: string): Promise<Delivery> {
    const now = this.d.clock.now();
    const window = await this.d.shared.uow.read((q) => rateWindow(q, touser, now));
    if (window === null) return {};
    if ('waitUntil' in window) return window;
    const { slots, pending } = window;
    const single = pending.length <= slots ? pending : pending.slice(0, slots - 1);
    let failed: unknown;
    for (const a of single) failed = (await this.send(a, [a])) ?? failed;
    const rest = pending.slice(single.length);
    if (rest.length > 0 && rest[0]) failed = (await this.send(rest[0], rest)) ?? failed;
    return failed === undefined ? {} : { failed };
  }

  /** The card was planned inside a transaction (no network): put the customer's nickname in now, if WeCom knows it. */
  private async withNickname(a: ManagerAlert): Promise<ManagerAlert> {
    if (a.conversationId == null) return a;
    const conversationId = a.conversationId;
    const conv = await this.d.shared.uow.read(({ db, t: { conversations } }) =>
      first(db.select({ ext: conversations.externalUserid }).from(conversations).where(eq(conversations.id, conversationId)).limit(1)));
    if (!conv || !a.title.includes(conv.ext)) return a;
    try {
      const nick = (await this.d.wecom.once.batchgetCustomers([conv.ext])).customer_list.find((c) => c.external_userid === conv.ext)?.nickname;
      if (!nick) return a;
      return {
        ...a, title: a.title.replaceAll(conv.ext, nick), description: a.description.replaceAll(conv.ext, escapeHtml(nick)),
        sms: a.sms === null ? null : JSON.stringify(smsParams(a).map((p, i) => (i === 0 ? clip(p.replaceAll(conv.ext, nick), SMS_TEXT_MAX) : p))),
      };
    } catch { return a; }
  }

  /** Sends `carrier`'s card (or one coalesced card for `group`) and marks the rows; returns the error of a refused send. */
  private async send(carrier: ManagerAlert, group: ManagerAlert[]): Promise<unknown> {
    const { clock, log, shared: { uow } } = this.d;
    const wecom = this.d.wecom.once; // a job's network step: tried once, the job is retried by its policy
    if (group.length === 1) carrier = await this.withNickname(carrier);
    const card = group.length === 1 ? { title: carrier.title, description: carrier.description, url: carrier.url } : {
      title: truncateBytes(`${group.length} 位客户需要处理`, 128),
      description: truncateBytes(group.map((a) => `<div class="normal">${escapeHtml(a.title)}</div>`).join(''), 512),
      url: carrier.url,
    };
    try {
      const res = await wecom.sendTextCard([carrier.touser], { ...card, btntxt: carrier.conversationId == null ? '查看详情' : '打开会话' });
      const now = clock.now();
      await uow.run(async (tx) => {
        const { managerAlerts } = tx.t;
        await tx.db.update(managerAlerts).set({ status: 'sent', sentAt: now, errcode: 0, attempts: carrier.attempts + 1 }).where(eq(managerAlerts.id, carrier.id));
        const coalesced = group.filter((a) => a.id !== carrier.id).map((a) => a.id);
        if (coalesced.length > 0) {
          await tx.db.update(managerAlerts).set({ status: 'coalesced', coalescedInto: carrier.id, sentAt: now }).where(inArray(managerAlerts.id, coalesced));
        }
        await recordDiagnosticIn(tx, {
          at: now, kind: 'alert', conversationId: carrier.conversationId, target: carrier.touser, reason: 'duty-manager alert',
          errcode: 0, result: group.length === 1 ? 'sent' : `sent (coalesced ${group.length})`, detail: res.invaliduser ? { invaliduser: res.invaliduser } : undefined,
        });
      });
    } catch (err) {
      const errcode = err instanceof WecomError ? err.errcode : -1;
      log.warn({ alert: carrier.id, errcode }, 'manager alert failed');
      await uow.run(async (tx) => {
        await tx.db.update(tx.t.managerAlerts).set({ attempts: carrier.attempts + 1, errcode, status: carrier.attempts + 1 >= 5 ? 'failed' : 'pending' })
          .where(eq(tx.t.managerAlerts.id, carrier.id));
        await recordDiagnosticIn(tx, { at: clock.now(), kind: 'alert', conversationId: carrier.conversationId, target: carrier.touser, reason: 'duty-manager alert', errcode, result: 'send failed' });
      });
      return carrier.attempts + 1 >= 5 ? undefined : err;
    }
    if (this.sms) {
      const phone = (await uow.read(({ db, t: { dutyGroups } }) => db.select({ p: dutyGroups.managerPhone }).from(dutyGroups)
        .where(eq(dutyGroups.managerUserid, carrier.touser)))).find((r) => r.p)?.p;
      // one SMS per card: a coalesced card's SMS names its first customer and how many more wait
      const params = smsParams(carrier);
      if (group.length > 1 && params[0] !== undefined) params[0] = clip(`${params[0]}等${group.length}人`, SMS_TEXT_MAX);
      if (phone && params.length > 0) {
        await this.sms.send({ phone, params })
          .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : err }, 'sms alert failed'));
      }
    }
  }
}

/**
 * One recipient's rate window: nothing pending (null); the window full until `waitUntil`; else how many cards may
 * go now and the pending alerts, oldest first.
 */
async function rateWindow(q: Queries, touser: string, now: number): Promise<null | { waitUntil: number } | { slots: number; pending: ManagerAlert[] }> {
  const { db, t: { managerAlerts } } = q;
  const sentSince = async (since: number) => (await first(db.select({ n: count() }).from(managerAlerts)
    .where(and(eq(managerAlerts.touser, touser), eq(managerAlerts.status, 'sent'), gt(managerAlerts.sentAt, since)))))?.n ?? 0;
  const slots = Math.min(PER_MINUTE - await sentSince(now - MINUTE), PER_HOUR - await sentSince(now - HOUR));
  const pending = await db.select().from(managerAlerts).where(and(eq(managerAlerts.touser, touser), eq(managerAlerts.status, 'pending')))
    .orderBy(asc(managerAlerts.createdAt), asc(managerAlerts.id));
  if (pending.length === 0) return null;
  if (slots <= 0) {
    const oldest = (await first(db.select({ at: min(managerAlerts.sentAt) }).from(managerAlerts)
      .where(and(eq(managerAlerts.touser, touser), eq(managerAlerts.status, 'sent'), gt(managerAlerts.sentAt, now - MINUTE)))))?.at;
    return { waitUntil: (oldest ?? now) + MINUTE + 1 };
  }
  return { slots, pending };
}
