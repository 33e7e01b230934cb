/** @module The appointment as the sidebar, admin list and customer form see it (API contract). */
export const APPOINTMENT_STATUSES = ['booked', 'rescheduled', 'cancelled', 'done'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface AppointmentView {
  id: string;
  conversationId: number;
  externalUserid: string;
  customerName: string;
  /** Masked in lists (138****0000); full only to the responsible agent and admins. */
  mobile: string;
  /** Slot start, ISO-8601 with offset. */
  slotStart: string;
  slotEnd: string;
  question: string;
  status: AppointmentStatus;
  agentUserid: string | null;
  createdAt: string;
}
