/**
 * @module Booking, rescheduling and cancelling an appointment from the form. Each runs in one immediate
 * SQLite transaction: the slot's free place is chosen and written there (a unique index on slot + place
 * refuses a double booking even across processes), and the customer's confirmation (outbox `send_msg`) and
 * the agent's textcard (sync queue) are written in the same transaction, then executed after it.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Tx } from '../db/index';
import { agents, appointments, conversations, type AppointmentRow, type Conversation } from '../db/schema/index';
import { findOnDuty } from '../duty/on-duty';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { outboxId } from '../pipeline/outbox-id';
import { insertOutboxRow } from '../pipeline/outbox-job';
import { requestSync, TARGET } from '../profile-sync/queue';
import { SETTINGS } from '../config/catalogue';
import { calendarFor } from '../config/calendar';
import { readSetting } from '../config/settings';
import { baseUrl } from '../pages/walls';
import { slotGrid, slotLabel, takenPlaces } from './slots';
import { maskMobile } from './views';

export interface AfterCommit { drainOutbox?(): unknown; kickSync?(): unknown }
type Ctx = CoreDeps & { after?: AfterCommit };

const ACTIVE = ['booked', 'rescheduled'] as const;

export function activeAppointment(db: CoreDeps['db'] | Tx, conversationId: number): AppointmentRow | undefined {
  return db.select().from(appointments)
    .where(and(eq(appointments.conversationId, conversationId), inArray(appointments.status, [...ACTIVE]))).get();
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && String((err as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');
}

/** Lowest free place of a slot, or a clear refusal when it is full or not offered. */
function claimPlace(d: CoreDeps, tx: Tx, conv: Conversation, slotStart: number, now: number): { end: number; place: number } {
  const s = readSetting(tx, SETTINGS.appointments);
  const slot = slotGrid(calendarFor(tx, { conversation: conv }), now, s).find((g) => g.start === slotStart);
  if (!slot) throw new ValidationError('slot: 这个时段不可预约（已过去、不在服务时间或超出可预约范围），请重新选择', [{ path: 'slot', message: '这个时段不可预约，请重新选择' }]);
  const taken = new Set(takenPlaces(tx, slotStart));
  for (let place = 1; place <= s.capacity; place++) if (!taken.has(place)) return { end: slot.end, place };
  throw new ConflictError('该时段刚刚被约满了，请选择其他时段');
}

function notify(d: CoreDeps, tx: Tx, conv: Conversation, row: AppointmentRow, action: 'book' | 'reschedule' | 'cancel', now: number): void {
  const tz = calendarFor(tx, { conversation: conv }).timeZone;
  const when = slotLabel(row.slotStart, row.slotEnd, tz);
  const agentName = row.agentUserid ? tx.select({ name: agents.name }).from(agents).where(eq(agents.userid, row.agentUserid)).get()?.name : undefined;
  const content = action === 'cancel'
    ? `您预约的 ${when} 已取消。如需重新预约，请再次打开预约链接。`
    : `【预约${action === 'book' ? '成功' : '已改期'}】${row.customerName}，您已预约 ${when}。${agentName ? `客服${agentName}` : '客服'}会按时通过手机 ${maskMobile(row.mobile)} 联系您。如需改约或取消，请打开原预约链接。`;
  const key = `${action}:${row.slotStart}:${row.updatedAt}`;
  insertOutboxRow(tx, {
    msgid: outboxId(`appointment:${row.id}`, key), kind: 'send_msg', conversationId: conv.id, causeMsgid: null,
    payload: JSON.stringify({ kind: 'send_msg', body: { msgtype: 'text', text: { content } } }),
  }, now);
  if (!row.agentUserid) return;
  const verb = { book: '新预约', reschedule: '预约改期', cancel: '预约取消' }[action];
  requestSync(tx, TARGET.appMessage(`${row.id}:${key}`), 'app_message', now, {
    touser: [row.agentUserid],
    textcard: {
      title: `${verb}：${row.customerName} ${when}`.slice(0, 60),
      description: `<div class="gray">${when}</div><div class="normal">客户：${row.customerName}，手机：${row.mobile}</div><div class="highlight">${row.question.slice(0, 120) || '（未填写问题）'}</div>`,
      url: `${baseUrl(d)}/sidebar/`, btntxt: '查看',
    },
  });
}

function run<T>(ctx: Ctx, fn: (tx: Tx) => T): T {
  let result: T;
  try {
    result = ctx.db.transaction(fn, { behavior: 'immediate' });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('该时段刚刚被约满了，请选择其他时段');
    throw err;
  }
  void ctx.after?.drainOutbox?.();
  ctx.after?.kickSync?.();
  return result;
}

export interface BookInput { conversationId: number; name: string; mobile: string; slotStart: number; question: string }

/** Books a place. Submitting the same booking again returns the existing appointment (created: false). */
export function bookAppointment({ ctx, input }: { ctx: Ctx; input: BookInput }): { appointment: AppointmentRow; created: boolean } {
  const now = ctx.clock.now();
  const onDuty = findOnDuty(ctx, now)?.userid ?? null;
  return run(ctx, (tx) => {
    const conv = tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).get();
    if (!conv) throw new NotFoundError('conversation');
    const existing = activeAppointment(tx, conv.id);
    if (existing) {
      if (existing.slotStart === input.slotStart && existing.mobile === input.mobile) return { appointment: existing, created: false };
      throw new ConflictError('您已经有一个预约了，如需更改时间请使用下方的「改约」');
    }
    const { end, place } = claimPlace(ctx, tx, conv, input.slotStart, now);
    const row: AppointmentRow = {
      id: `ap_${randomBytes(9).toString('base64url')}`, conversationId: conv.id, externalUserid: conv.externalUserid,
      customerName: input.name, mobile: input.mobile, slotStart: input.slotStart, slotEnd: end, place, question: input.question,
      status: 'booked', agentUserid: conv.servicerUserid ?? onDuty, createdAt: now, updatedAt: now,
    };
    tx.insert(appointments).values(row).run();
    notify(ctx, tx, conv, row, 'book', now);
    return { appointment: row, created: true };
  });
}

export function rescheduleAppointment({ ctx, input }: { ctx: Ctx; input: { conversationId: number; slotStart: number } }): AppointmentRow {
  const now = ctx.clock.now();
  return run(ctx, (tx) => {
    const conv = tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).get();
    const cur = conv && activeAppointment(tx, conv.id);
    if (!conv || !cur) throw new NotFoundError('appointment');
    if (cur.slotStart === input.slotStart) return cur;
    // Free the old place first so a change inside one slot family cannot block itself.
    tx.update(appointments).set({ place: null }).where(eq(appointments.id, cur.id)).run();
    const { end, place } = claimPlace(ctx, tx, conv, input.slotStart, now);
    const row = { ...cur, slotStart: input.slotStart, slotEnd: end, place, status: 'rescheduled' as const, updatedAt: now };
    tx.update(appointments).set(row).where(eq(appointments.id, cur.id)).run();
    notify(ctx, tx, conv, row, 'reschedule', now);
    return row;
  });
}

export function cancelAppointment({ ctx, input }: { ctx: Ctx; input: { conversationId: number } }): AppointmentRow | null {
  const now = ctx.clock.now();
  return run(ctx, (tx) => {
    const conv = tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).get();
    const cur = conv && activeAppointment(tx, conv.id);
    if (!conv || !cur) return null; // already cancelled: cancelling again changes nothing
    const row = { ...cur, place: null, status: 'cancelled' as const, updatedAt: now };
    tx.update(appointments).set(row).where(eq(appointments.id, cur.id)).run();
    notify(ctx, tx, conv, row, 'cancel', now);
    return row;
  });
}
