/**
 * @module Builds the engine's `Facts` for one customer message from SQLite, the calendar and the classifier.
 * Runs inside the pipeline's transaction (`q`); everything the engine decides on is here, and
 * nothing else — so the same facts always give the same decision.
 */
import { and, desc, eq, gt, gte, inArray, isNull } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import type { Agent, Conversation, Message } from '../../adapters/db/sqlite/schema/index';
import { dutyManagerIn, dutyNowIn, memoisedIn } from '../duty/on-duty';
import { capacityForIn, receiversNowIn } from '../duty/receivers';
import { formatNextOpen, windowAt, type CalendarConfig } from '../../../shared/calendar/index';
import { normalizeText, type Facts, type Settings } from '../../../shared/engine/index';
import { ORIGIN, type AgentStatus } from '../../../shared/domain/vocabulary';
import { matchFaq } from '../faq/match';
import { readSettingIn } from '../config/settings';
import { SETTINGS } from '../config/catalogue';

/** WeCom: 5 messages per customer message, within 48 h of it. */
export const SEND_QUOTA = 5;
const QUOTA_WINDOW_MS = 48 * 3_600_000;
/** Availability order used to pick the agent whose status the rules see when nobody is assigned. */
const AVAILABILITY: AgentStatus[] = ['online', 'busy', 'dnd', 'moon', 'offline'];

export interface Classified { intent: string; confidence: number; emotion: number }

export interface FactsInput {
  q: Queries;
  calendar: Calendar;
  settings: Settings;
  conversation: Conversation;
  message: Message;
  text: string;
  menuId?: string;
  classified: Classified;
  now: number;
}
type Calendar = CalendarConfig;

/* Read for every customer message (reusable: built once, see core/ports/reusable-query.ts). */
const allAgents = reusableQuery('facts_all_agents', [], ({ db, t }) => db.select().from(t.agents));
const customerById = reusableQuery('facts_customer_by_id', ['id'], ({ db, t }, p) =>
  db.select().from(t.customers).where(eq(t.customers.externalUserid, p.id)).limit(1));
const sendsSince = reusableQuery('facts_sends_since', ['conversationId', 'since'], ({ db, t: { outbox } }, p) =>
  db.select({ msgid: outbox.msgid }).from(outbox).where(and(
    eq(outbox.conversationId, p.conversationId), inArray(outbox.kind, ['send_msg', 'send_template']),
    gte(outbox.createdAt, p.since), inArray(outbox.status, ['pending', 'sent']),
  )));
const customerTextsSince = reusableQuery('facts_customer_texts_since', ['conversationId', 'since'], ({ db, t: { messages } }, p) =>
  db.select({ content: messages.content, sendTime: messages.sendTime }).from(messages)
    .where(and(eq(messages.conversationId, p.conversationId), eq(messages.origin, ORIGIN.customer), eq(messages.msgtype, 'text'), gte(messages.sendTime, p.since), isNull(messages.recalledAt))));
/** How many of a conversation's latest customer messages one read brings: the emotion trend's and, mostly, the repeat window's. */
const LATEST_READ = 20;
const latestCustomerMessages = reusableQuery('facts_latest_customer_messages', ['conversationId'], ({ db, t: { messages } }, p) =>
  db.select({ content: messages.content, msgtype: messages.msgtype, sendTime: messages.sendTime, emotion: messages.emotion, recalledAt: messages.recalledAt })
    .from(messages).where(and(eq(messages.conversationId, p.conversationId), eq(messages.origin, ORIGIN.customer)))
    .orderBy(desc(messages.sendTime)).limit(LATEST_READ));
const customerMessagesAfter = reusableQuery('facts_customer_messages_after', ['conversationId', 'after'], ({ db, t: { messages } }, p) =>
  db.select({ t: messages.sendTime }).from(messages)
    .where(and(eq(messages.conversationId, p.conversationId), eq(messages.origin, ORIGIN.customer), gt(messages.sendTime, p.after))));

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());
const parseList = (json: string): string[] => { try { return JSON.parse(json) as string[]; } catch { return []; } };

/** Every agent, memoised with duty data (`memoisedIn`: per second, dropped by a status change); shared, not to be changed. */
const agentsAt = (q: Queries, at: number) => memoisedIn(q, 'agents', at, () => allAgents(q, {}));

/** The conversation's agent: who holds it, else who it would be given to (assignment order), else by availability. */
function conversationAgent(all: readonly Agent[], c: Conversation, firstReceiver: string | undefined) {
  for (const u of [c.servicerUserid, firstReceiver]) {
    const a = u ? all.find((x) => x.userid === u) : undefined;
    if (a) return a;
  }
  return [...all].sort((a, b) => AVAILABILITY.indexOf(a.status) - AVAILABILITY.indexOf(b.status) || a.userid.localeCompare(b.userid))[0];
}

/** Sends already made (or planned) for the latest customer message; 0 left once 48 h have passed. */
export async function quotaLeft(q: Queries, c: Conversation, now: number): Promise<number> {
  if (c.lastCustomerAt == null || now - c.lastCustomerAt > QUOTA_WINDOW_MS) return 0;
  const used = (await sendsSince(q, { conversationId: c.id, since: c.lastCustomerAt })).length;
  return Math.max(0, SEND_QUOTA - used);
}

type Latest = Awaited<ReturnType<typeof latestCustomerMessages>>;

/**
 * When the customer sent this same text within the repeat window (ISO times, oldest first; the message itself
 * included). From the latest messages already read when they reach back past the window; else the window's own read.
 */
async function sameContent(q: Queries, c: Conversation, latest: Latest, text: string, now: number, windowMinutes: number): Promise<string[]> {
  if (text.trim() === '') return [];
  const since = Math.floor((now - windowMinutes * 60_000) / 1000);
  const wanted = normalizeText(text);
  const whole = latest.length < LATEST_READ || latest[latest.length - 1]!.sendTime < since;
  const texts = whole
    ? latest.filter((m) => m.msgtype === 'text' && m.sendTime >= since && m.recalledAt == null)
    : await customerTextsSince(q, { conversationId: c.id, since });
  return texts
    .filter((m) => normalizeText((JSON.parse(m.content) as { content?: string }).content ?? '') === wanted)
    .map((m) => m.sendTime).sort((a, b) => a - b).map((t) => new Date(t * 1000).toISOString());
}

/** The score against the mean of the customer's five messages before this one (those classified), if any. */
function emotionTrend(latest: Latest, score: number): number | undefined {
  const recent = latest.slice(1, 6).map((r) => r.emotion).filter((e): e is number => e != null);
  if (recent.length === 0) return undefined;
  return score - recent.reduce((a, b) => a + b, 0) / recent.length;
}

async function isFirstOfSession(q: Queries, c: Conversation, message: Message): Promise<boolean> {
  // the message that opened the current WeCom session
  if (c.sessionStartedAt != null && c.sessionStartedAt >= message.sendTime * 1000) return true;
  const prev = (await customerMessagesAfter(q, { conversationId: c.id, after: message.sendTime - 48 * 3600 }))
    .filter((m) => m.t <= message.sendTime);
  return prev.length <= 1 || c.serviceState === 4;
}

export async function buildFacts(i: FactsInput): Promise<{ facts: Facts; nextOpenText: string | null }> {
  const { q, conversation: c, now } = i;
  const w = windowAt(i.calendar, new Date(now));
  const receivers = await receiversNowIn(q, c.openKfid, now, c.serviceState === 3 ? c.servicerUserid : null);
  const agents = await agentsAt(q, now);
  const agent = conversationAgent(agents, c, receivers[0]?.userid);
  const duty = await dutyNowIn(q, now);
  const manager = await dutyManagerIn(q, now);
  const managerName = manager ? agents.find((a) => a.userid === manager.userid)?.name : undefined;
  const customer = await first(customerById(q, { id: c.externalUserid }));
  const latest = await latestCustomerMessages(q, { conversationId: c.id });
  const times = await sameContent(q, c, latest, i.text, now, i.settings.repeat.windowMinutes);
  const nextOpen = w.window === 'open' ? null : w.nextOpen;
  const facts: Facts = {
    now: new Date(now).toISOString(),
    time: {
      localDate: w.localDate, weekday: w.weekday, minuteOfDay: w.minuteOfDay, window: w.window,
      windowKey: w.occurrenceKey, nextOpenAt: iso(w.nextOpen?.getTime()),
      ...(w.holidayName ? { holidayName: w.holidayName } : {}),
    },
    message: { text: i.text, msgtype: i.message.msgtype, menuId: i.menuId, isProbe: i.text.trim() === '***', isFirstOfSession: await isFirstOfSession(q, c, i.message) },
    intent: { id: i.classified.intent, confidence: i.classified.confidence },
    emotion: { score: i.classified.emotion, trend: emotionTrend(latest, i.classified.emotion) },
    conversation: {
      unansweredCount: c.unansweredCount,
      unansweredSince: iso(c.unansweredSince),
      serviceState: c.serviceState,
      // a human's reply counts only within the current WeCom session (after an end, a new session is the bot's)
      lastHumanReplyAt: iso(c.lastHumanAt != null && (c.sessionStartedAt == null || c.lastHumanAt >= c.sessionStartedAt) ? c.lastHumanAt : null),
      mutedUntil: iso(c.mutedUntil),
      tags: parseList(c.tags),
      sameContentCount: Math.max(1, times.length),
      sameContentTimes: times,
      quotaLeft: await quotaLeft(q, c, now),
      noticesSent: parseList(c.noticesSent),
      transferOfferSentAt: iso(c.transferOfferSentAt),
      assignedServicer: c.serviceState === 3 ? c.servicerUserid : null,
      dedicatedManager: c.dedicatedManager,
    },
    agent: agent ? { userid: agent.userid, name: agent.name, status: agent.status } : null,
    onDuty: duty.current,
    backup: duty.backup && duty.backup.userid !== duty.current?.userid ? { userid: duty.backup.userid, name: duty.backup.name } : null,
    manager: manager ? { userid: manager.userid, name: managerName ?? manager.userid } : null,
    receivers,
    capacity: receivers.length === 0 ? await capacityForIn(q, c.openKfid, now) : { full: false, expectedWaitMinutes: null },
    customer: { nickname: customer?.nickname ?? undefined, tags: customer ? parseList(customer.tags) : [] },
    faq: await matchFaq(q, { openKfid: c.openKfid, text: i.text, menuId: i.menuId, intent: { id: i.classified.intent, confidence: i.classified.confidence } },
      (await readSettingIn(q, SETTINGS.faq)).minScore, now),
  };
  const nextOpenText = nextOpen ? formatNextOpen(nextOpen, i.calendar.timeZone, 'zh', { now: new Date(now) }) : null;
  return { facts, nextOpenText };
}
