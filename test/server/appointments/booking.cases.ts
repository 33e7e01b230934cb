/**
 * @module The booking cases, run against every engine (booking.test.ts: SQLite; booking.pg.test.ts: PostgreSQL):
 * slots and their free places, book / book again / reschedule / cancel, full slots, two customers racing for the
 * last place, and a failing notice undoing the whole booking. The engine's own unit of work runs the booking;
 * settings, calendar and duty are fixed here, and the notices are recorded instead of written.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/app/clock';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import {
  activeAppointment, bookAppointment, cancelAppointment, rescheduleAppointment, type BookingCtx, type BookingNotice,
} from '../../../server/core/appointments/book';
import { availableSlots } from '../../../server/core/appointments/slots';
import { ConflictError, NotFoundError, ValidationError } from '../../../server/core/errors';
import { AppointmentSettings } from '../../../server/core/config/catalogue';
import { DEMO_CALENDAR } from '../../../shared/calendar/demo';
import type { Engine } from '../../support/engines';

const OPEN_AT = Date.parse('2026-12-02T10:00:00+08:00'); // a Wednesday, open
const at = (local: string) => Date.parse(`${local}+08:00`);
const SLOT = at('2026-12-02T11:00:00');
const LATER = at('2026-12-02T15:30:00');

export function bookingCases(engine: Engine): void {
  describe(`booking on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let ctx: BookingCtx;
    let notices: BookingNotice[];
    let drained: number;
    let capacity: number;
    let failDelivery: boolean;
    const clock = new ManualClock(OPEN_AT);
    const convs: number[] = [];

    beforeEach(async () => {
      uow = await engine.open();
      notices = []; drained = 0; capacity = 2; failDelivery = false;
      ctx = {
        uow, clock, config: { publicBaseUrl: 'https://moonshift.example' },
        env: {
          rules: () => ({ settings: AppointmentSettings.parse({ capacity }), calendar: DEMO_CALENDAR }),
          onDuty: async () => 'duty01',
          deliver: (_tx, n) => { if (failDelivery) throw new Error('outbox unavailable'); notices.push(n); },
        },
        after: { drainOutbox: () => { drained++; } },
      };
      convs.length = 0;
      await uow.run(async (tx) => {
        await tx.db.insert(tx.t.agents).values({ userid: 'zhangsan', name: '张三', statusChangedAt: OPEN_AT, createdAt: OPEN_AT });
        for (const [i, servicer] of ['zhangsan', null, null].entries()) {
          const [c] = await tx.db.insert(tx.t.conversations).values({
            openKfid: 'wkTEST', externalUserid: `wmCustomer${i}`, servicerUserid: servicer, createdAt: OPEN_AT, updatedAt: OPEN_AT,
          }).returning({ id: tx.t.conversations.id });
          convs.push(c!.id);
        }
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    const book = (i: number, slotStart = SLOT, mobile = '13812345678') =>
      bookAppointment({ ctx, input: { conversationId: convs[i]!, name: `客户${i}`, mobile, slotStart, question: '退款进度' } });
    const slotsNow = () => uow.read((q) => availableSlots(q, DEMO_CALENDAR, clock.now(), AppointmentSettings.parse({ capacity })));
    const left = async (start: number) => (await slotsNow()).find((s) => s.start === start)?.left;
    const rows = () => uow.read((q) => q.db.select().from(q.t.appointments));

    it('offers future open-hour slots with every place free, then one place fewer after a booking', async () => {
      const slots = await slotsNow();
      expect(slots[0]!.start).toBe(at('2026-12-02T10:30:00'));
      expect(slots.some((s) => s.start === at('2026-12-02T13:00:00'))).toBe(false); // lunch
      expect(await left(SLOT)).toBe(2);
      await book(0);
      expect(await left(SLOT)).toBe(1);
    });

    it('books the first place, tells the customer and the serving agent once, and drains after commit', async () => {
      const { appointment, created } = await book(0);
      expect(created).toBe(true);
      expect(appointment).toMatchObject({ place: 1, status: 'booked', agentUserid: 'zhangsan', slotEnd: SLOT + 30 * 60_000 });
      expect(notices).toHaveLength(1);
      const text = (JSON.parse(notices[0]!.outbox.payload) as { body: { text: { content: string } } }).body.text.content;
      expect(text).toBe('【预约成功】客户0，您已预约 12月2日（周三）11:00–11:30。客服张三会按时通过手机 138****5678 联系您。如需改约或取消，请打开原预约链接。');
      expect(notices[0]!.textcard).toMatchObject({ payload: { touser: ['zhangsan'], textcard: { url: 'https://moonshift.example/sidebar/' } } });
      expect(drained).toBe(1);

      const again = await book(0);
      expect(again).toEqual({ appointment, created: false });
      expect(notices).toHaveLength(1);
      expect(await rows()).toHaveLength(1);
    });

    it('gives a conversation nobody serves to the agent on duty', async () => {
      expect((await book(1)).appointment.agentUserid).toBe('duty01');
    });

    it('refuses a full slot and a second booking of the same conversation, storing nothing', async () => {
      await book(0);
      expect((await book(1)).appointment.place).toBe(2);
      await expect(book(2)).rejects.toThrow(ConflictError);
      await expect(book(0, LATER)).rejects.toThrow('您已经有一个预约了');
      expect(await left(SLOT)).toBe(0);
      expect(await rows()).toHaveLength(2);
    });

    it('lets only one of two customers racing for the last place have it', async () => {
      capacity = 1;
      const results = await Promise.allSettled([book(1), book(2)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(ConflictError);
      expect((refused?.reason as Error).message).toBe('该时段刚刚被约满了，请选择其他时段');
      expect((await rows()).filter((r) => r.place !== null)).toHaveLength(1);
    });

    it('refuses a slot that is not offered (past, lunch, closed)', async () => {
      await expect(book(0, at('2026-12-02T09:00:00'))).rejects.toThrow(ValidationError);
      await expect(book(0, at('2026-12-02T13:00:00'))).rejects.toThrow(ValidationError);
      expect(await rows()).toHaveLength(0);
    });

    it('undoes the whole booking when the notice cannot be written, and does not drain', async () => {
      failDelivery = true;
      await expect(book(0)).rejects.toThrow('outbox unavailable');
      expect(await rows()).toHaveLength(0);
      expect(drained).toBe(0);
    });

    it('reschedules into a new slot, freeing the old place', async () => {
      await book(0);
      const moved = await rescheduleAppointment({ ctx, input: { conversationId: convs[0]!, slotStart: LATER } });
      expect(moved).toMatchObject({ status: 'rescheduled', slotStart: LATER, place: 1 });
      expect(await left(SLOT)).toBe(2);
      expect(await left(LATER)).toBe(1);
      expect(notices.map((n) => n.outbox.msgid)).toHaveLength(2);
      expect(new Set(notices.map((n) => n.outbox.msgid)).size).toBe(2);
      await expect(rescheduleAppointment({ ctx, input: { conversationId: convs[1]!, slotStart: LATER } })).rejects.toThrow(NotFoundError);
    });

    it('cancels once: the place is free again, a second cancel changes nothing', async () => {
      await book(0);
      const cancelled = await cancelAppointment({ ctx, input: { conversationId: convs[0]! } });
      expect(cancelled).toMatchObject({ status: 'cancelled', place: null });
      expect(await left(SLOT)).toBe(2);
      expect(await uow.read((q) => activeAppointment(q, convs[0]!))).toBeUndefined();
      expect(await cancelAppointment({ ctx, input: { conversationId: convs[0]! } })).toBeNull();
      expect(notices).toHaveLength(2);
      const [stored] = await uow.read((q) => q.db.select().from(q.t.appointments).where(eq(q.t.appointments.conversationId, convs[0]!)));
      expect(stored?.status).toBe('cancelled');
    });
  });
}
