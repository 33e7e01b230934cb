/**
 * @module Queues a duty-manager alert (in the caller's unit of work). One alert per conversation,
 * escalation stage and window of its team's calendar (dedupe key): the 3-minute follow-up and the 10-minute
 * silence are different stages, so a later, higher stage is never swallowed by an earlier one. The card and the
 * SMS carry the customer's nickname, the last message (truncated), how long they have waited, who was on duty
 * and a signed, short-lived deep link that opens the conversation in the sidebar (`access/conversation-link.ts`).
 */
import { and, asc, desc, eq, gt, isNotNull } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { type Conversation } from '../../adapters/db/sqlite/schema/index';
import { first, type Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { formatNextOpen, windowAt, type CalendarConfig } from '../../../shared/calendar/index';
import { calendarForIn } from '../config/calendar';
import { escapeHtml, truncateBytes } from '../../../shared/templates/render';
import { recordDiagnosticIn } from '../relay/diagnostics';
import { conversationLink } from '../access/conversation-link';
import { dutyNowIn, type DutyNow } from '../duty/on-duty';
import { textOf } from '../services/sidebar-context';
import { findIntent } from '../intent/catalog';
import { durationText, intentLabel, statusLabel } from '../../../shared/format/index';
import { enqueueJobIn } from '../jobs/enqueue';
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

/** Who is on duty, in words: 「一组 张三（月球模式）/ 李四（在线）」, or the on-duty agent without groups. */
function dutyWords(duty: DutyNow): string {
  const post = (h: { name: string; status: string } | null) => (h ? `${h.name}（${statusLabel(h.status, 'zh')}）` : null);
  const posts = [post(duty.primary), post(duty.backup)].filter((x): x is string => x !== null);
  if (duty.group) return `${duty.group.name} ${posts.join(' / ') || '无人排班'}`;
  return duty.current ? duty.current.name : '无人值班';
}

type ConversationRow = Pick<Conversation, 'externalUserid' | 'mainIntent' | 'lastHumanAt' | 'lastCustomerAt'>;
type LatestRows = {
  classified?: { intent: string | null; emotion: number | null };
  latest?: { msgtype: string; content: string };
  first?: { t: number };
};

/** The card's facts from the conversation and its latest customer messages. */
function factsOf(conversationId: number, conv: ConversationRow, rows: LatestRows, now: number, onDuty: string, nickname?: string | null): AlertFacts {
  const { classified, latest, first: firstWaiting } = rows;
  let lastMessage = '';
  if (latest) { try { lastMessage = textOf(latest.msgtype, JSON.parse(latest.content)); } catch { lastMessage = `[${latest.msgtype}]`; } }
  return {
    conversationId, nickname: nickname ?? conv.externalUserid,
    intent: classified?.intent ?? conv.mainIntent ?? null, emotion: classified?.emotion ?? null,
    waitingMs: now - (firstWaiting ? firstWaiting.t * 1000 : conv.lastCustomerAt ?? now),
    lastMessage, onDuty,
  };
}

/**
 * Facts for the card from the conversation and its latest customer messages, in a unit of work (either engine).
 */
export async function alertFactsIn(q: Queries, conversationId: number, now: number, nickname?: string | null): Promise<AlertFacts | null> {
  const { conversations: convs, messages: msgs } = q.t;
  const conv = await first(q.db.select().from(convs).where(eq(convs.id, conversationId)).limit(1));
  if (!conv) return null;
  const customer = and(eq(msgs.conversationId, conversationId), eq(msgs.origin, ORIGIN.customer));
  const classified = await first(q.db.select({ intent: msgs.intent, emotion: msgs.emotion }).from(msgs)
    .where(and(customer, isNotNull(msgs.intent))).orderBy(desc(msgs.sendTime)).limit(1));
  const latest = await first(q.db.select({ msgtype: msgs.msgtype, content: msgs.content }).from(msgs)
    .where(customer).orderBy(desc(msgs.sendTime), desc(msgs.receivedAt)).limit(1));
  // Waiting since the first customer message after the last human reply.
  const firstWaiting = await first(q.db.select({ t: msgs.sendTime }).from(msgs)
    .where(and(customer, conv.lastHumanAt == null ? undefined : gt(msgs.sendTime, Math.floor(conv.lastHumanAt / 1000))))
    .orderBy(asc(msgs.sendTime)).limit(1));
  const onDuty = dutyWords(await dutyNowIn(q, now));
  return factsOf(conversationId, conv, { classified, latest, first: firstWaiting }, now, onDuty, nickname);
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
async function intentNameIn(q: Queries, id: string | null): Promise<string> {
  const own = id ? await findIntent(q, id) : undefined;
  return intentLabel(id, 'zh', own && !own.builtin ? { [own.id]: own.labelZh } : {});
}

interface AlertCard { key: string; touser: string; conversationId: number; title: string; description: string; url: string; sms: string; createdAt: number }

/** The card and SMS of an alert, laid out for a phone. */
function alertCard(d: Pick<CoreDeps, 'config'>, input: QueueAlertInput, cal: CalendarConfig, intent: string): AlertCard {
  const { facts, now } = input;
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
    `<div class="normal">${escapeHtml(intent)} · 情绪${emotionWords(facts.emotion)}</div>`,
    onDuty ? `<div class="normal">值班：${escapeHtml(onDuty)}</div>` : '',
    last ? `<div class="normal">最后一条：${escapeHtml(last)}</div>` : '',
  ].join(''), 512);
  const link = conversationLink({ config: d.config, now }, facts.conversationId);
  const sms = [clip(facts.nickname, SMS_TEXT_MAX), clip(facts.lastMessage || '（无文字）', SMS_TEXT_MAX), waited, clip(onDuty || '无人值班', SMS_TEXT_MAX), link];
  return {
    key: `conv:${facts.conversationId}:${input.stage}:${window}`, touser: input.touser, conversationId: facts.conversationId,
    title: truncateBytes(`${HEADLINE[kind](waited)}：${facts.nickname}`, 128), description, url: link, sms: JSON.stringify(sms), createdAt: now,
  };
}

const alertDiagnostic = (input: QueueAlertInput, queued: boolean) => ({
  at: input.now, kind: 'alert' as const, conversationId: input.facts.conversationId, target: input.touser, reason: input.reason,
  result: queued ? 'queued' : 'deduplicated (this stage already alerted in this window)',
});

/**
 * Queues the alert with its delivery job in `tx` (either engine); false when this stage already alerted this
 * conversation in this window. The caller wakes the job runner after commit.
 */
export async function queueManagerAlertIn(tx: Tx, d: Pick<CoreDeps, 'config'>, input: QueueAlertInput): Promise<boolean> {
  const cal = await calendarForIn(tx, { conversationId: input.facts.conversationId });
  const card = alertCard(d, input, cal, await intentNameIn(tx, input.facts.intent));
  const [queued] = await tx.db.insert(tx.t.managerAlerts).values(card).onConflictDoNothing().returning({ id: tx.t.managerAlerts.id });
  if (queued) await enqueueAlertDeliveryIn(tx, queued.id, input.touser, input.now);
  await recordDiagnosticIn(tx, alertDiagnostic(input, queued !== undefined));
  return queued !== undefined;
}

const deliveryOptions = (alertId: number, touser: string) => ({ key: alertJobKey(alertId), orderingKey: alertOrderingKey(touser), coalesce: true });

/**
 * The delivery job of a newly queued alert (same transaction), in order per recipient: a delivery sends every
 * alert of its recipient pending when it runs, so while one waits unstarted (the rate window full, or behind the
 * delivery in progress) it takes this alert too and no job is added — at a busy hour one manager's alerts made a
 * chain of hundreds of jobs, each claim walking past all of them.
 */
export async function enqueueAlertDeliveryIn(tx: Tx, alertId: number, touser: string, now: number): Promise<void> {
  await enqueueJobIn(tx, ALERTS_JOB, { touser }, now, deliveryOptions(alertId, touser));
}
