/**
 * @module Booking, rescheduling and cancelling an appointment from the form. Each is one unit of work (either
 * engine): the slot's free place is chosen and written there (a unique index on slot + place refuses a double
 * booking even across processes), and the customer's confirmation (outbox `send_msg`) and the agent's textcard
 * (sync queue) are written in the same transaction; the outbox drain and the sync kick run after commit.
 * What booking reads and writes through shared parts (settings, calendars, duty, the outbox writer) comes through
 * `BookingEnv`; the product's is `productBookingEnv`.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Clock } from '../../app/clock';
import type { Queries } from '../ports/queries';
import { first } from '../ports/queries';
import type { Tx, UnitOfWork } from '../ports/unit-of-work';
import type { AppointmentRow, Conversation } from '../../adapters/db/sqlite/schema/index';
import { findOnDutyIn } from '../duty/on-duty';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { outboxId } from '../pipeline/outbox-id';
import { insertOutboxRowIn } from '../pipeline/outbox-job';
import { requestSync, TARGET } from '../profile-sync/queue';
import { SETTINGS, type AppointmentSettings } from '../config/catalogue';
import { calendarForIn } from '../config/calendar';
import { readSettingIn } from '../config/settings';
import { baseUrl } from '../walls/walls';
import type { CalendarConfig } from '../../../shared/calendar/index';
import { slotGrid, slotLabel, takenPlaces } from './slots';
import { maskMobile } from './views';

export interface AfterCommit { drainOutbox?(): unknown; kickSync?(): unknown }

/** What a booking change sends: the customer's confirmation and, when an agent is assigned, the agent's textcard. */
export interface BookingNotice {
  outbox: { msgid: string; conversationId: number; payload: string };
  textcard: { target: string; payload: unknown } | null;
}

export interface BookingRules { settings: AppointmentSettings; calendar: CalendarConfig }

export interface BookingEnv {
  /** The appointment settings and the conversation's calendar, read inside the booking's transaction. */
  rules(tx: Tx, conv: Conversation): BookingRules | Promise<BookingRules>;
  /** The userid on duty at `now`, read inside the booking's transaction. */
  onDuty(tx: Tx, now: number): string | null | Promise<string | null>;
  /** Writes the notice (outbox row with its job, sync-queue row) in the booking's transaction. */
  deliver(tx: Tx, notice: BookingNotice, now: number): void | Promise<void>;
}

export interface BookingCtx {
  uow: UnitOfWork;
  clock: Clock;
  config: Pick<CoreDeps['config'], 'publicBaseUrl'>;
  env: BookingEnv;
  after?: AfterCommit | undefined;
}

/**
 * The product's environment: settings and calendars read, and the outbox row (with its job) and the app message's
 * sync request written, in the booking's unit of work (either engine), with who is on duty.
 */
export function productBookingEnv(): BookingEnv {
  return {
    async rules(tx, conv) {
      return { settings: await readSettingIn(tx, SETTINGS.appointments), calendar: await calendarForIn(tx, { conversation: conv }) };
    },
    onDuty: async (tx, now) => (await findOnDutyIn(tx, now))?.userid ?? null,
    async deliver(tx, n, now) {
      await insertOutboxRowIn(tx, { ...n.outbox, kind: 'send_msg', causeMsgid: null }, now);
      if (n.textcard) await requestSync(tx, n.textcard.target, 'app_message', now, n.textcard.payload);
    },
  };
}

const ACTIVE = ['booked', 'rescheduled'] as const;

export async function activeAppointment(q: Queries, conversationId: number): Promise<AppointmentRow | undefined> {
  const a = q.t.appointments;
  return first(q.db.select().from(a).where(and(eq(a.conversationId, conversationId), inArray(a.status, [...ACTIVE]))).limit(1));
}

/** A unique index refused the write (SQLite `SQLITE_CONSTRAINT_*`, PostgreSQL SQLSTATE 23505), looking through drizzle's wrapping. */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? '');
    if (code.startsWith('SQLITE_CONSTRAINT') || code === '23505') return true;
  }
  return false;
}

const FULL = '该时段刚刚被约满了，请选择其他时段';

/** Lowest free place of a slot, or a clear refusal when it is full or not offered. */
async function claimPlace(ctx: BookingCtx, tx: Tx, conv: Conversation, slotStart: number, now: number): Promise<{ end: number; place: number }> {
  const { settings: s, calendar } = await ctx.env.rules(tx, conv);
  const slot = slotGrid(calendar, now, s).find((g) => g.start === slotStart);
  if (!slot) throw new ValidationError('slot: 这个时段不可预约（已过去、不在服务时间或超出可预约范围），请重新选择', [{ path: 'slot', message: '这个时段不可预约，请重新选择' }]);
  const taken = new Set(await takenPlaces(tx, slotStart));
  for (let place = 1; place <= s.capacity; place++) if (!taken.has(place)) return { end: slot.end, place };
  throw new ConflictError(FULL);
}

async function notify(ctx: BookingCtx, tx: Tx, conv: Conversation, row: AppointmentRow, action: 'book' | 'reschedule' | 'cancel', now: number): Promise<void> {
  const tz = (await ctx.env.rules(tx, conv)).calendar.timeZone;
  const when = slotLabel(row.slotStart, row.slotEnd, tz);
  const agents = tx.t.agents;
  const agentName = row.agentUserid
    ? (await first(tx.db.select({ name: agents.name }).from(agents).where(eq(agents.userid, row.agentUserid)).limit(1)))?.name
    : undefined;
  const content = action === 'cancel'
    ? `您预约的 ${when} 已取消。如需重新预约，请再次打开预约链接。`
    : `【预约${action === 'book' ? '成功' : '已改期'}】${row.customerName}，您已预约 ${when}。${agentName ? `客服${agentName}` : '客服'}会按时通过手机 ${maskMobile(row.mobile)} 联系您。如需改约或取消，请打开原预约链接。`;
  const key = `${action}:${row.slotStart}:${row.updatedAt}`;
  const verb = { book: '新预约', reschedule: '预约改期', cancel: '预约取消' }[action];
  await ctx.env.deliver(tx, {
    outbox: {
      msgid: outboxId(`appointment:${row.id}`, key), conversationId: conv.id,
      payload: JSON.stringify({ kind: 'send_msg', body: { msgtype: 'text', text: { content } } }),
    },
    textcard: row.agentUserid ? {
      target: TARGET.appMessage(`${row.id}:${key}`),
      payload: {
        touser: [row.agentUserid],
        textcard: {
          title: `${verb}：${row.customerName} ${when}`.slice(0, 60),
          description: `<div class="gray">${when}</div><div class="normal">客户：${row.customerName}，手机：${row.mobile}</div><div class="highlight">${row.question.slice(0, 120) || '（未填写问题）'}</div>`,
          url: `${baseUrl(ctx)}/sidebar/`, btntxt: '查看',
        },
      },
    } : null,
  }, now);
}

/** One unit of work; after commit the outbox is drained and the sync queue kicked (not awaited, as before). */
async function run<T>(ctx: BookingCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.uow.run(async (tx) => {
      const result = await fn(tx);
      tx.afterCommit(() => {
        void ctx.after?.drainOutbox?.();
        ctx.after?.kickSync?.();
      });
      return result;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(FULL);
    throw err;
  }
}

const conversationById = (tx: Tx, id: number) =>
  first(tx.db.select().from(tx.t.conversations).where(eq(tx.t.conversations.id, id)).limit(1));

export interface BookInput { conversationId: number; name: string; mobile: string; slotStart: number; question: string }

/** Books a place. Submitting the same booking again returns the existing appointment (created: false). */
export async function bookAppointment({ ctx, input }: { ctx: BookingCtx; input: BookInput }): Promise<{ appointment: AppointmentRow; created: boolean }> {
  const now = ctx.clock.now();
  return run(ctx, async (tx) => {
    const conv = await conversationById(tx, input.conversationId);
    if (!conv) throw new NotFoundError('conversation');
    const onDuty = await ctx.env.onDuty(tx, now);
    const existing = await activeAppointment(tx, conv.id);
    if (existing) {
      if (existing.slotStart === input.slotStart && existing.mobile === input.mobile) return { appointment: existing, created: false };
      throw new ConflictError('您已经有一个预约了，如需更改时间请使用下方的「改约」');
    }
    const { end, place } = await claimPlace(ctx, tx, conv, input.slotStart, now);
    const row: AppointmentRow = {
      id: `ap_${randomBytes(9).toString('base64url')}`, conversationId: conv.id, externalUserid: conv.externalUserid,
      customerName: input.name, mobile: input.mobile, slotStart: input.slotStart, slotEnd: end, place, question: input.question,
      status: 'booked', agentUserid: conv.servicerUserid ?? onDuty, createdAt: now, updatedAt: now,
    };
    await tx.db.insert(tx.t.appointments).values(row);
    await notify(ctx, tx, conv, row, 'book', now);
    return { appointment: row, created: true };
  });
}

export async function rescheduleAppointment({ ctx, input }: { ctx: BookingCtx; input: { conversationId: number; slotStart: number } }): Promise<AppointmentRow> {
  const now = ctx.clock.now();
  return run(ctx, async (tx) => {
    const a = tx.t.appointments;
    const conv = await conversationById(tx, input.conversationId);
    const cur = conv && await activeAppointment(tx, conv.id);
    if (!conv || !cur) throw new NotFoundError('appointment');
    if (cur.slotStart === input.slotStart) return cur;
    // Free the old place first so a change inside one slot family cannot block itself.
    await tx.db.update(a).set({ place: null }).where(eq(a.id, cur.id));
    const { end, place } = await claimPlace(ctx, tx, conv, input.slotStart, now);
    const row = { ...cur, slotStart: input.slotStart, slotEnd: end, place, status: 'rescheduled' as const, updatedAt: now };
    await tx.db.update(a).set(row).where(eq(a.id, cur.id));
    await notify(ctx, tx, conv, row, 'reschedule', now);
    return row;
  });
}

export async function cancelAppointment({ ctx, input }: { ctx: BookingCtx; input: { conversationId: number } }): Promise<AppointmentRow | null> {
  const now = ctx.clock.now();
  return run(ctx, async (tx) => {
    const a = tx.t.appointments;
    const conv = await conversationById(tx, input.conversationId);
    const cur = conv && await activeAppointment(tx, conv.id);
    if (!conv || !cur) return null; // already cancelled: cancelling again changes nothing
    const row = { ...cur, place: null, status: 'cancelled' as const, updatedAt: now };
    await tx.db.update(a).set(row).where(eq(a.id, cur.id));
    await notify(ctx, tx, conv, row, 'cancel', now);
    return row;
  });
}
