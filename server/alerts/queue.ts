/**
 * @module Queues a duty-manager alert (synchronous, inside the caller's transaction). One alert per conversation,
 * escalation stage and window of its team's calendar (dedupe key): the 3-minute follow-up and the 10-minute
 * silence are different stages, so a later, higher stage is never swallowed by an earlier one. The card and the
 * SMS carry the customer's nickname, the last message (truncated), how long they have waited, who was on duty
 * and a signed, short-lived deep link that opens the conversation in the sidebar (`access/conversation-link.ts`).
 */
import { and, asc, desc, eq, gt, isNotNull } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { conversations, managerAlerts, messages } from '../db/schema/index';
import { ORIGIN } from '../../shared/domain/vocabulary';
import { formatNextOpen, windowAt } from '../../shared/calendar/index';
import { calendarFor } from '../config/calendar';
import { escapeHtml, truncateBytes } from '../../shared/templates/render';
import { recordDiagnostic } from '../relay/diagnostics';
import { conversationLink } from '../access/conversation-link';
import { dutyNow } from '../duty/on-duty';
import { textOf } from '../services/sidebar-context';
import { listIntents } from '../intent/catalog';
import { durationText, intentLabel, statusLabel } from '../../shared/format/index';
import { enqueueJob } from '../jobs/enqueue';
import { ALERTS_JOB, alertJobKey, alertOrderingKey } from './kind';

export interface AlertFacts {
  conversationId: number;
  nickname: string;
  intent: string | null;
  emotion: number | null;
  waitingMs: number;
  /** The customer's latest message as text ('' when none). */
  lastMessage?: string;
  /** Who was on duty when the alert was raised, in words (group, A and B posts with their statuses). */
  onDuty?: string;
}

/** The escalation stages that alert, in rising order; engine rules alert as `rule:<id>`. */
export const ALERT_STAGE = { relay: 'relay', silence: 'silence' } as const;
export type AlertStage = (typeof ALERT_STAGE)[keyof typeof ALERT_STAGE] | `rule:${string}`;

/** SMS variables are short (Tencent: "其他" variables ≤ 20 characters for many template kinds); the link is whole. */
export const SMS_TEXT_MAX = 20;
/** The last message as the card shows it. */
export const CARD_MESSAGE_MAX = 40;


/** Cuts `text` to `max` characters (code points), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** Who is on duty at `at`, in words: 「一组 张三（月球模式）/ 李四（在线）」, or the on-duty agent without groups. */
export function onDutyWords(store: Store, at: number): string {
  const duty = dutyNow(store, at);
  const post = (h: { name: string; status: string } | null) => (h ? `${h.name}（${statusLabel(h.status, 'zh')}）` : null);
  const posts = [post(duty.primary), post(duty.backup)].filter((x): x is string => x !== null);
  if (duty.group) return `${duty.group.name} ${posts.join(' / ') || '无人排班'}`;
  return duty.current ? duty.current.name : '无人值班';
}

/** Facts for the card from the conversation and its latest customer messages. */
export function alertFacts(store: Store, conversationId: number, now: number, nickname?: string | null): AlertFacts | null {
  const conv = store.select().from(conversations).where(eq(conversations.id, conversationId)).get();
  if (!conv) return null;
  const customer = and(eq(messages.conversationId, conversationId), eq(messages.origin, ORIGIN.customer));
  const classified = store.select({ intent: messages.intent, emotion: messages.emotion }).from(messages)
    .where(and(customer, isNotNull(messages.intent))).orderBy(desc(messages.sendTime)).limit(1).get();
  const latest = store.select({ msgtype: messages.msgtype, content: messages.content }).from(messages)
    .where(customer).orderBy(desc(messages.sendTime), desc(messages.receivedAt)).limit(1).get();
  // Waiting since the first customer message after the last human reply.
  const first = store.select({ t: messages.sendTime }).from(messages)
    .where(and(customer, conv.lastHumanAt == null ? undefined : gt(messages.sendTime, Math.floor(conv.lastHumanAt / 1000))))
    .orderBy(asc(messages.sendTime)).limit(1).get();
  let lastMessage = '';
  if (latest) { try { lastMessage = textOf(latest.msgtype, JSON.parse(latest.content)); } catch { lastMessage = `[${latest.msgtype}]`; } }
  return {
    conversationId, nickname: nickname ?? conv.externalUserid,
    intent: classified?.intent ?? conv.mainIntent ?? null, emotion: classified?.emotion ?? null,
    waitingMs: now - (first ? first.t * 1000 : conv.lastCustomerAt ?? now),
    lastMessage, onDuty: onDutyWords(store, now),
  };
}

/**
 * What happened, for the card's title: an emergency or a complaint, a customer nobody has answered for a while,
 * nobody who can take a conversation, the switch to the backup channel, or a rule asking for a person's attention.
 */
export type AlertKind = 'emergency' | 'complaint' | 'waiting' | 'no_one_free' | 'backup' | 'attention';

const HEADLINE: Record<AlertKind, (waited: string) => string> = {
  emergency: () => '紧急',
  complaint: () => '投诉',
  waiting: (waited) => `无人接待 ${waited}`,
  no_one_free: () => '无人可接',
  backup: (waited) => `无人接待 ${waited}，已转备用渠道`,
  attention: () => '需要人工处理',
};

/** What a rule's alert is about: its emergency flow (a complaint when the customer complains), a follow-up on a wait, else attention. */
export function ruleAlertKind(rule: { emergency?: boolean; trigger?: string } | undefined, intent: string | null): AlertKind {
  if (rule?.emergency) return intent === 'complaint' ? 'complaint' : 'emergency';
  return rule?.trigger === 'follow_up' ? 'waiting' : 'attention';
}

/** The kind of a stage's alert when the caller does not say (rules: `attention`). */
const STAGE_KIND: Record<string, AlertKind> = { relay: 'no_one_free', silence: 'backup' };

/** The customer's emotion in words (the score stays in the sidebar). */
function emotionWords(score: number | null): string {
  if (score == null) return '未知';
  return score >= 0.7 ? '激动' : score >= 0.4 ? '有些不满' : '平稳';
}

export interface QueueAlertInput {
  touser: string;
  facts: AlertFacts;
  /** What the rule or stage says happened, in the org's words (the card's highlighted line). */
  reason: string;
  /** What happened, for the title; by default from the stage (rules: needs attention). */
  kind?: AlertKind;
  /** Which escalation stage raises it: each stage alerts once per conversation and window. */
  stage: AlertStage;
  now: number;
}

/** An intent's Chinese name: the default pack's, an admin's own intent's, else 其他 (never the id). */
const intentName = (store: Store, id: string | null) =>
  intentLabel(id, 'zh', Object.fromEntries(listIntents(store).filter((i) => !i.builtin).map((i) => [i.id as string, i.labelZh])));

export function queueManagerAlert(store: Store, d: Pick<CoreDeps, 'config'>, input: QueueAlertInput): boolean {
  const { facts, now } = input;
  const cal = calendarFor(store, { conversationId: facts.conversationId });
  const window = windowAt(cal, new Date(now)).occurrenceKey;
  // the one formatter, in whole minutes once it is a minute or more (a card is read later: seconds would be stale)
  const waited = durationText(facts.waitingMs >= 60_000 ? Math.floor(facts.waitingMs / 60_000) * 60_000 : facts.waitingMs, 'zh');
  const last = clip(facts.lastMessage ?? '', CARD_MESSAGE_MAX);
  const onDuty = facts.onDuty ?? '';
  const kind = input.kind ?? STAGE_KIND[input.stage] ?? 'attention';
  // Laid out for a phone, one short line per fact, what happened first and the customer's (clipped) words last, so
  // the 512-byte limit can only shorten those. The description is HTML (WeCom renders its div classes, doc 90236
  // textcard): whatever the customer or a rule wrote is escaped.
  const description = truncateBytes([
    `<div class="gray">${formatNextOpen(new Date(now), cal.timeZone, 'zh')}</div>`,
    `<div class="highlight">${escapeHtml(input.reason)}</div>`,
    `<div class="normal">${escapeHtml(facts.nickname)} · 已等待 ${waited}</div>`,
    `<div class="normal">${escapeHtml(intentName(store, facts.intent))} · 情绪${emotionWords(facts.emotion)}</div>`,
    onDuty ? `<div class="normal">值班：${escapeHtml(onDuty)}</div>` : '',
    last ? `<div class="normal">最后一条：${escapeHtml(last)}</div>` : '',
  ].join(''), 512);
  const link = conversationLink({ config: d.config, now }, facts.conversationId);
  const sms = [clip(facts.nickname, SMS_TEXT_MAX), clip(facts.lastMessage || '（无文字）', SMS_TEXT_MAX), waited, clip(onDuty || '无人值班', SMS_TEXT_MAX), link];
  const queued = store.insert(managerAlerts).values({
    key: `conv:${facts.conversationId}:${input.stage}:${window}`, touser: input.touser, conversationId: facts.conversationId,
    title: truncateBytes(`${HEADLINE[kind](waited)}：${facts.nickname}`, 128), description, url: link, sms: JSON.stringify(sms), createdAt: now,
  }).onConflictDoNothing().returning({ id: managerAlerts.id }).get();
  if (queued) enqueueAlertDelivery(store, queued.id, input.touser, now);
  recordDiagnostic(store, {
    at: now, kind: 'alert', conversationId: facts.conversationId, target: input.touser, reason: input.reason,
    result: queued ? 'queued' : 'deduplicated (this stage already alerted in this window)',
  });
  return queued !== undefined;
}

/** The delivery job of a newly queued alert (same transaction): one per alert, in order per recipient. */
export function enqueueAlertDelivery(store: Store, alertId: number, touser: string, now: number): void {
  enqueueJob(store, ALERTS_JOB, { touser }, now, { key: alertJobKey(alertId), orderingKey: alertOrderingKey(touser) });
}
