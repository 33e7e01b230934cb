/**
 * @module From a planned send to a WeCom body: pick the template (by id, else the first of its kind) and build
 * the variable values from the facts plus what only the server knows (formatted next_open, links).
 */
import type { Template } from '../templates/model';
import { renderTemplate, type WecomSendBody } from '../templates/render';
import type { TemplateVars } from '../templates/variables';
import type { Facts, PlannedAction } from './types';

/** Values the server supplies: `next_open` already formatted by the calendar ("10月8日（周四）09:00"), links, org. */
export interface ServerVars {
  nextOpenText?: string | null;
  formLink?: string | null;
  orderLink?: string | null;
  orgName?: string | null;
  /** The org's emergency phone (org settings). */
  emergencyPhone?: string | null;
}

/**
 * The name the customer may be told: only of the person who really serves this conversation (the one holding
 * the session, or their dedicated manager) — a new customer is never told that some agent is busy, and one
 * moment never shows two names.
 */
function servingName(f: Facts): string | null {
  const a = f.agent;
  return a && (a.userid === f.conversation.assignedServicer || a.userid === f.conversation.dedicatedManager) ? a.name : null;
}

/** `{{expected_wait}}` as the customer reads it ("约 12 分钟"); null when there is no estimate. */
export function expectedWaitText(minutes: number | null | undefined): string | null {
  return minutes ? `约 ${minutes} 分钟` : null;
}

export function varsFromFacts(f: Facts, extra: ServerVars = {}): TemplateVars {
  return {
    'customer.nickname': f.customer.nickname,
    'agent.name': servingName(f),
    'duty.name': f.onDuty?.name,
    next_open: extra.nextOpenText,
    form_link: extra.formLink,
    expected_wait: expectedWaitText(f.capacity?.expectedWaitMinutes),
    order_link: extra.orderLink,
    'org.name': extra.orgName,
    'org.emergency_phone': extra.emergencyPhone,
    'holiday.name': f.time.holidayName,
  };
}

export function resolveTemplate(a: { kind: string; templateId?: string }, templates: readonly Template[]): Template | null {
  if (a.templateId !== undefined) return templates.find((t) => t.id === a.templateId) ?? null;
  return templates.find((t) => t.kind === a.kind) ?? null;
}

/** The WeCom body for a planned send, or null when the action is not a send or no template resolves. */
export function renderAction(a: PlannedAction, templates: readonly Template[], vars: TemplateVars): WecomSendBody | null {
  if (!('kind' in a)) return null;
  const t = resolveTemplate(a, templates);
  return t ? renderTemplate(t, vars) : null;
}
