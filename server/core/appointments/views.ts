/** @module Appointment rows → the shared `AppointmentView` (ISO times with the org's offset, masked mobile unless allowed) and its CSV columns. */
import type { AppointmentRow } from '../../adapters/db/sqlite/schema/index';
import { localParts } from '../../../shared/calendar/index';
import type { AppointmentView } from '../../../shared/domain/appointment';

export function isoInZone(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  const offsetMin = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.date}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

export const maskMobile = (m: string) => (m.length === 11 ? `${m.slice(0, 3)}****${m.slice(7)}` : '****');

export function toView(r: AppointmentRow, tz: string, fullMobile: boolean): AppointmentView {
  return {
    id: r.id, conversationId: r.conversationId, externalUserid: r.externalUserid, customerName: r.customerName,
    mobile: fullMobile ? r.mobile : maskMobile(r.mobile),
    slotStart: isoInZone(r.slotStart, tz), slotEnd: isoInZone(r.slotEnd, tz),
    question: r.question, status: r.status, agentUserid: r.agentUserid, createdAt: isoInZone(r.createdAt, tz),
  };
}

/** The columns of the appointments CSV export, in order. */
export const APPOINTMENT_CSV_COLUMNS: readonly (keyof AppointmentView)[] = ['id', 'status', 'slotStart', 'slotEnd', 'customerName', 'mobile', 'question', 'agentUserid', 'externalUserid', 'conversationId', 'createdAt'];
