/**
 * @module The welcome for a customer who opens the chat (enter_session with a welcome_code, answerable once
 * within 20 s through send_msg_on_event): the appointment form when they came from a profile wall's
 * "预约回电" button (scene_param=appointment), the welcome card in open hours, and otherwise the off-hours
 * notice for the moment — which then counts as this stretch's notice, so their first message is not told again.
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../ports/unit-of-work';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import type { KfEvent } from '../pipeline/store';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import { appointmentLink } from '../appointments/link';
import { dutyNowIn } from '../duty/on-duty';
import type { PlannerDeps } from './planner';
import { calendarForIn } from '../config/calendar';
import { formatNextOpen, windowAt } from '../../../shared/calendar/index';
import { resolveTemplate } from '../../../shared/engine/index';
import type { TemplateKind } from '../../../shared/domain/vocabulary';

const OFF_HOURS: Record<string, { kind: TemplateKind; templateId?: string }> = {
  lunch: { kind: 'lunch' }, night: { kind: 'night' }, weekend: { kind: 'holiday', templateId: 'tpl_weekend' }, holiday: { kind: 'holiday', templateId: 'tpl_holiday' },
};

export function createWelcomePlanner(d: PlannerDeps) {
  return async function planWelcome(tx: Tx, conv: Conversation, event: KfEvent): Promise<OutboxIntent[]> {
    if (!event.welcome_code) return [];
    const now = d.clock.now();
    const cal = await calendarForIn(tx, { conversation: conv });
    const w = windowAt(cal, new Date(now));
    const pick = event.scene_param === 'appointment' ? { kind: 'appointment' as TemplateKind }
      : w.window === 'open' ? { kind: 'welcome' as TemplateKind } : OFF_HOURS[w.window]!;
    const templates = await d.org.templatesIn(tx);
    const template = resolveTemplate(pick, templates) ?? resolveTemplate({ kind: pick.kind }, templates);
    if (!template) return [];
    if (w.window !== 'open' && pick.kind !== 'appointment') {
      const notices = new Set(JSON.parse(conv.noticesSent) as string[]).add(w.occurrenceKey);
      await tx.db.update(tx.t.conversations).set({ noticesSent: JSON.stringify([...notices].slice(-20)) }).where(eq(tx.t.conversations.id, conv.id));
    }
    const org = await d.org.orgProfileIn(tx);
    const next = w.window === 'open' ? null : w.nextOpen;
    const vars = {
      'duty.name': (await dutyNowIn(tx, now)).current?.name, form_link: appointmentLink(d, conv.id), order_link: org.orderLink, 'org.name': org.name,
      'org.emergency_phone': org.emergencyPhone, 'holiday.name': w.holidayName,
      next_open: next ? formatNextOpen(next, cal.timeZone, 'zh', { now: new Date(now) }) : undefined,
    };
    return [{ key: 'welcome', kind: 'send_msg_on_event', code: event.welcome_code, template, vars }];
  };
}
