/**
 * @module Queues a duty-manager alert (synchronous, inside the caller's transaction). One alert per
 * conversation and window of its team's calendar (dedupe key); the card carries nickname, intent, emotion, waiting time
 * and a link that opens the conversation in the sidebar.
 */
import { and, asc, desc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Store } from '../db/index';
import { conversations, managerAlerts, messages } from '../db/schema/index';
import { ORIGIN } from '../../shared/domain/vocabulary';
import { windowAt } from '../../shared/calendar/index';
import { calendarFor } from '../config/calendar';
import { escapeHtml, truncateBytes } from '../../shared/templates/render';
import { recordDiagnostic } from '../relay/diagnostics';

export interface AlertFacts {
  conversationId: number;
  nickname: string;
  intent: string | null;
  emotion: number | null;
  waitingMs: number;
}

export function formatWaiting(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} 分钟` : `${Math.floor(m / 60)} 小时 ${m % 60} 分钟`;
}

/** Facts for the card from the conversation and its latest classified customer message. */
export function alertFacts(store: Store, conversationId: number, now: number, nickname?: string | null): AlertFacts | null {
  const conv = store.select().from(conversations).where(eq(conversations.id, conversationId)).get();
  if (!conv) return null;
  const last = store.select({ intent: messages.intent, emotion: messages.emotion }).from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.origin, ORIGIN.customer), isNotNull(messages.intent)))
    .orderBy(desc(messages.sendTime)).limit(1).get();
  // Waiting since the first customer message after the last human reply.
  const first = store.select({ t: messages.sendTime }).from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.origin, ORIGIN.customer),
      conv.lastHumanAt == null ? undefined : gt(messages.sendTime, Math.floor(conv.lastHumanAt / 1000))))
    .orderBy(asc(messages.sendTime)).limit(1).get();
  return {
    conversationId, nickname: nickname ?? conv.externalUserid,
    intent: last?.intent ?? conv.mainIntent ?? null, emotion: last?.emotion ?? null,
    waitingMs: now - (first ? first.t * 1000 : conv.lastCustomerAt ?? now),
  };
}

export interface QueueAlertInput {
  touser: string;
  facts: AlertFacts;
  reason: string;
  publicBaseUrl: string;
  now: number;
}

export function queueManagerAlert(store: Store, input: QueueAlertInput): boolean {
  const { facts, now } = input;
  const window = windowAt(calendarFor(store, { conversationId: facts.conversationId }), new Date(now)).occurrenceKey;
  const emotion = facts.emotion == null ? '未知' : facts.emotion >= 0.7 ? `负面 (${facts.emotion.toFixed(2)})` : facts.emotion.toFixed(2);
  // The description is HTML (WeCom renders its div classes): whatever the customer or a rule wrote is escaped.
  const description = truncateBytes([
    `<div class="gray">${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC</div>`,
    `<div class="normal">客户：${escapeHtml(facts.nickname)}</div>`,
    `<div class="normal">意图：${escapeHtml(facts.intent ?? '未识别')}，情绪：${emotion}</div>`,
    `<div class="highlight">已等待 ${formatWaiting(facts.waitingMs)}：${escapeHtml(input.reason)}</div>`,
  ].join(''), 512);
  const res = store.insert(managerAlerts).values({
    key: `conv:${facts.conversationId}:${window}`, touser: input.touser, conversationId: facts.conversationId,
    title: truncateBytes(`客户等待未回复：${facts.nickname}`, 128), description,
    url: `${input.publicBaseUrl.replace(/\/+$/, '')}/sidebar/#/c/${facts.conversationId}`, createdAt: now,
  }).onConflictDoNothing().run();
  recordDiagnostic(store, {
    at: now, kind: 'alert', conversationId: facts.conversationId, target: input.touser, reason: input.reason,
    result: res.changes === 1 ? 'queued' : 'deduplicated (already alerted in this window)',
  });
  return res.changes === 1;
}
