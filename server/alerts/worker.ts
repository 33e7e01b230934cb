/**
 * @module Sends queued duty-manager alerts as WeCom app messages (`message/send` textcard) within WeCom's
 * limits of 30 per member per minute and 1000 per hour: what fits is sent one card per alert; when more are
 * waiting than fit, the rest are coalesced into one card; when nothing fits, the queue waits for the window
 * to open. Nothing is dropped. An SMS notifier (if configured) gets the same facts as template parameters.
 */
import { and, asc, count, eq, gt, min } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, dutyGroups, managerAlerts, type ManagerAlert } from '../db/schema/index';
import { WecomError } from '../errors';
import { escapeHtml, truncateBytes } from '../../shared/templates/render';
import { recordDiagnostic } from '../relay/diagnostics';
import type { SmsNotifier } from './sms';
import { SMS_TEXT_MAX, clip } from './queue';
import type { TimeDriven } from '../time-travel';

export const PER_MINUTE = 30;
export const PER_HOUR = 1000;
const MINUTE = 60_000, HOUR = 3_600_000;

/** The SMS template parameters stored with the alert: nickname, last message, waited, on duty, deep link. */
function smsParams(a: ManagerAlert): string[] {
  try { const v: unknown = JSON.parse(a.sms ?? '[]'); return Array.isArray(v) ? v.map(String) : []; } catch { return []; }
}

type Deps = Pick<CoreDeps, 'db' | 'wecom' | 'clock' | 'log'>;

export class AlertWorker implements TimeDriven {
  readonly name = 'alerts';
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the rate window lets the next waiting alert go (set when a drain had to wait). */
  private waitUntil: number | undefined;
  private stopped = false;

  constructor(private readonly d: Deps, private readonly sms: SmsNotifier | null = null) {}

  drain(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = this.loop().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Stops and resolves once the pass under way has written its results. */
  async stop(): Promise<void> { this.stopped = true; clearTimeout(this.timer); await this.running?.catch(() => undefined); }

  /** Time travel: when the rate window opens for alerts that had to wait. */
  nextDueAt(now: number): number | undefined {
    return this.waitUntil !== undefined && this.waitUntil > now ? this.waitUntil : undefined;
  }

  /** Time travel: sending, or alerts wait that the rate window lets go now. */
  busy(now: number): boolean {
    if (this.stopped) return false;
    if (this.running) return true;
    if (this.waitUntil !== undefined && this.waitUntil > now) return false;
    return this.d.db.select({ id: managerAlerts.id }).from(managerAlerts).where(eq(managerAlerts.status, 'pending')).limit(1).get() !== undefined;
  }

  runDue(): Promise<void> { return this.drain(); }

  private sentSince(touser: string, since: number): number {
    return this.d.db.select({ n: count() }).from(managerAlerts)
      .where(and(eq(managerAlerts.touser, touser), eq(managerAlerts.status, 'sent'), gt(managerAlerts.sentAt, since))).get()?.n ?? 0;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      let waitUntil: number | undefined;
      const users = this.d.db.selectDistinct({ touser: managerAlerts.touser }).from(managerAlerts).where(eq(managerAlerts.status, 'pending')).all();
      for (const { touser } of users) {
        if (this.stopped) return;
        const now = this.d.clock.now();
        const slots = Math.min(PER_MINUTE - this.sentSince(touser, now - MINUTE), PER_HOUR - this.sentSince(touser, now - HOUR));
        if (slots <= 0) {
          const oldest = this.d.db.select({ at: min(managerAlerts.sentAt) }).from(managerAlerts)
            .where(and(eq(managerAlerts.touser, touser), eq(managerAlerts.status, 'sent'), gt(managerAlerts.sentAt, now - MINUTE))).get()?.at;
          const at = (oldest ?? now) + MINUTE + 1;
          waitUntil = Math.min(waitUntil ?? at, at);
          continue;
        }
        const pending = this.d.db.select().from(managerAlerts).where(and(eq(managerAlerts.touser, touser), eq(managerAlerts.status, 'pending')))
          .orderBy(asc(managerAlerts.createdAt), asc(managerAlerts.id)).all();
        const single = pending.length <= slots ? pending : pending.slice(0, slots - 1);
        for (const a of single) await this.send(a, [a]);
        const rest = pending.slice(single.length);
        if (rest.length > 0 && rest[0]) await this.send(rest[0], rest);
      }
      this.waitUntil = waitUntil;
      if (waitUntil !== undefined && !this.stopped) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.drain(), Math.max(0, waitUntil - this.d.clock.now()));
        this.timer.unref();
      }
    } while (this.again);
  }

  /** The card was planned inside a transaction (no network): put the customer's nickname in now, if WeCom knows it. */
  private async withNickname(a: ManagerAlert): Promise<ManagerAlert> {
    if (a.conversationId == null) return a;
    const conv = this.d.db.select({ ext: conversations.externalUserid }).from(conversations).where(eq(conversations.id, a.conversationId)).get();
    if (!conv || !a.title.includes(conv.ext)) return a;
    try {
      const nick = (await this.d.wecom.batchgetCustomers([conv.ext])).customer_list.find((c) => c.external_userid === conv.ext)?.nickname;
      if (!nick) return a;
      return {
        ...a, title: a.title.replaceAll(conv.ext, nick), description: a.description.replaceAll(conv.ext, escapeHtml(nick)),
        sms: a.sms === null ? null : JSON.stringify(smsParams(a).map((p, i) => (i === 0 ? clip(p.replaceAll(conv.ext, nick), SMS_TEXT_MAX) : p))),
      };
    } catch { return a; }
  }

  /** Sends `carrier`'s card (or one coalesced card for `group`) and marks the rows. */
  private async send(carrier: ManagerAlert, group: ManagerAlert[]): Promise<void> {
    const { db, clock, wecom, log } = this.d;
    if (group.length === 1) carrier = await this.withNickname(carrier);
    const card = group.length === 1 ? { title: carrier.title, description: carrier.description, url: carrier.url } : {
      title: truncateBytes(`${group.length} 位客户需要处理`, 128),
      description: truncateBytes(group.map((a) => `<div class="normal">${escapeHtml(a.title)}</div>`).join(''), 512),
      url: carrier.url,
    };
    try {
      const res = await wecom.sendTextCard([carrier.touser], { ...card, btntxt: carrier.conversationId == null ? '查看详情' : '打开会话' });
      const now = clock.now();
      db.transaction((tx) => {
        tx.update(managerAlerts).set({ status: 'sent', sentAt: now, errcode: 0, attempts: carrier.attempts + 1 }).where(eq(managerAlerts.id, carrier.id)).run();
        for (const a of group) {
          if (a.id === carrier.id) continue;
          tx.update(managerAlerts).set({ status: 'coalesced', coalescedInto: carrier.id, sentAt: now }).where(eq(managerAlerts.id, a.id)).run();
        }
        recordDiagnostic(tx, {
          at: now, kind: 'alert', conversationId: carrier.conversationId, target: carrier.touser, reason: 'duty-manager alert',
          errcode: 0, result: group.length === 1 ? 'sent' : `sent (coalesced ${group.length})`, detail: res.invaliduser ? { invaliduser: res.invaliduser } : undefined,
        });
      });
    } catch (err) {
      const errcode = err instanceof WecomError ? err.errcode : -1;
      log.warn({ alert: carrier.id, errcode }, 'manager alert failed');
      db.transaction((tx) => {
        tx.update(managerAlerts).set({ attempts: carrier.attempts + 1, errcode, status: carrier.attempts + 1 >= 5 ? 'failed' : 'pending' })
          .where(eq(managerAlerts.id, carrier.id)).run();
        recordDiagnostic(tx, { at: clock.now(), kind: 'alert', conversationId: carrier.conversationId, target: carrier.touser, reason: 'duty-manager alert', errcode, result: 'send failed' });
      });
      return;
    }
    if (this.sms) {
      const phone = db.select({ p: dutyGroups.managerPhone }).from(dutyGroups).where(eq(dutyGroups.managerUserid, carrier.touser)).all().find((r) => r.p)?.p;
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
