/**
 * @module The sidebar's view of one customer: the conversation (the most recent one the viewer may see, found
 * by the route table from our own records; it also gives the open_kfid), nickname, state, the latest 20
 * messages (customer, agent and our own sends from the outbox) with per-message intent and emotion, the main
 * intent and the emotion trend. Customer texts the pipeline has not classified yet are classified here (not
 * stored). A customer with no conversation the viewer may see looks unknown: no messages, no nickname.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, messages, outbox, type Conversation } from '../db/schema/index';
import { ORIGIN } from '../../shared/domain/vocabulary';
import { DEFAULT_INTENT_PACK } from '../../shared/intent/pack';
import type { CustomerKind, NicknameCache } from './customer-nicknames';
import type { CustomerContext, EmotionTrend, SidebarMessage } from '../../shared/domain/sidebar';

export type { CustomerContext, SidebarMessage };

export const MESSAGE_LIMIT = 20;
/** Intents that say little about what the customer wants; the main intent prefers the others. */
const WEAK_INTENTS = new Set(['greeting', 'thanks', 'other']);

export const INTENT_LABELS = DEFAULT_INTENT_PACK.map((i) => ({ id: i.id, zh: i.labelZh, en: i.labelEn }));

/** The customer's most recent conversation (any kf account), from our own session records. */
export function findConversation(d: Pick<CoreDeps, 'db'>, externalUserid: string): Conversation | undefined {
  return d.db.select().from(conversations).where(eq(conversations.externalUserid, externalUserid))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id)).limit(1).get();
}

/** A stored message as one line of text (text, menu items in brackets, `[image]` for the rest). */
export function textOf(msgtype: string, content: unknown): string {
  const c = (content ?? {}) as Record<string, unknown>;
  if (msgtype === 'text' && typeof c.content === 'string') return c.content;
  if (msgtype === 'msgmenu') {
    const items = Array.isArray(c.list) ? (c.list as Record<string, { content?: string }>[]).map((it) => `[${Object.values(it).find((v) => typeof v === 'object')?.content ?? ''}]`) : [];
    return [c.head_content, ...items, c.tail_content].filter((s) => typeof s === 'string' && s !== '').join(' ');
  }
  return `[${msgtype}]`;
}

function parse(json: string): unknown {
  try { return JSON.parse(json); } catch { return {}; }
}

export function latestMessages(d: Pick<CoreDeps, 'db' | 'intent'>, conversationId: number): SidebarMessage[] {
  const stored = d.db.select().from(messages)
    .where(and(eq(messages.conversationId, conversationId), inArray(messages.origin, [ORIGIN.customer, ORIGIN.agent])))
    .orderBy(desc(messages.sendTime), desc(messages.receivedAt)).limit(MESSAGE_LIMIT).all()
    .map((m): SidebarMessage => {
      const text = textOf(m.msgtype, parse(m.content));
      const isCustomer = m.origin === ORIGIN.customer;
      let { intent, intentConfidence: confidence, emotion } = m;
      let intentSource: SidebarMessage['intentSource'] = isCustomer && intent ? 'stored' : null;
      if (isCustomer && !intent && m.msgtype === 'text' && text.trim() !== '') {
        const r = d.intent.classify(text);
        intent = r.intent; confidence = r.confidence; emotion = r.emotion; intentSource = 'live';
      }
      return {
        id: m.msgid, from: isCustomer ? 'customer' : 'agent', msgtype: m.msgtype, text, at: m.sendTime * 1000,
        intent, confidence, emotion, intentSource, servicerUserid: m.servicerUserid, recalled: m.recalledAt != null,
      };
    });
  const bot = d.db.select().from(outbox)
    .where(and(eq(outbox.conversationId, conversationId), eq(outbox.kind, 'send_msg')))
    .orderBy(desc(outbox.createdAt)).limit(MESSAGE_LIMIT).all()
    .filter((r) => r.status !== 'failed')
    .map((r): SidebarMessage => {
      const body = ((parse(r.payload) as { body?: Record<string, unknown> }).body ?? {});
      const msgtype = typeof body.msgtype === 'string' ? body.msgtype : 'text';
      return {
        id: r.msgid, from: 'bot', msgtype, text: textOf(msgtype, body[msgtype]), at: r.sentAt ?? r.createdAt,
        intent: null, confidence: null, emotion: null, intentSource: null, servicerUserid: null, recalled: false,
      };
    });
  return [...stored, ...bot].sort((a, b) => a.at - b.at || (a.from === 'customer' ? -1 : 1)).slice(-MESSAGE_LIMIT);
}

/** The conversation's stored main intent, else the confidence-weighted most frequent customer intent. */
export function mainIntentOf(stored: string | null, list: SidebarMessage[]): CustomerContext['mainIntent'] {
  const weights = new Map<string, number>();
  let total = 0;
  for (const m of list) {
    if (!m.intent) continue;
    const w = m.confidence ?? 0.5;
    weights.set(m.intent, (weights.get(m.intent) ?? 0) + w);
    total += w;
  }
  if (stored) return { id: stored, share: total ? (weights.get(stored) ?? 0) / total : 1 };
  const ranked = [...weights].sort((a, b) => b[1] - a[1]);
  const best = ranked.find(([id]) => !WEAK_INTENTS.has(id)) ?? ranked[0];
  return best ? { id: best[0], share: total ? best[1] / total : 0 } : null;
}

/** Emotion of the last customer messages, oldest first; rising when the last three average 0.1 above the rest. */
export function emotionTrendOf(list: SidebarMessage[]): EmotionTrend | null {
  const points = list.filter((m) => m.from === 'customer' && m.emotion !== null).map((m) => m.emotion!).slice(-10);
  const latest = points.at(-1);
  if (latest === undefined) return null;
  const recent = points.slice(-3);
  const earlier = points.slice(0, -3);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const delta = earlier.length ? mean(recent) - mean(earlier) : 0;
  return { points, latest, direction: delta > 0.1 ? 'rising' : delta < -0.1 ? 'falling' : 'steady' };
}

/**
 * The customer's nickname, for a customer the viewer may see (`conv`): never looked up for another team's
 * customer. 客户联系 contacts have no 微信客服 conversation; WeCom itself limits whose contacts an agent opens.
 */
export async function customerNickname(nicknames: NicknameCache, externalUserid: string, kind: CustomerKind, conv: Conversation | undefined): Promise<string | null> {
  return conv || kind === 'contact' ? nicknames.get(externalUserid, kind) : null;
}

/** `conv`: the customer's most recent conversation the viewer may see. */
export async function loadCustomerContext(
  d: Pick<CoreDeps, 'db' | 'intent'>, nicknames: NicknameCache, externalUserid: string, kind: CustomerKind, conv: Conversation | undefined,
): Promise<CustomerContext> {
  const nickname = await customerNickname(nicknames, externalUserid, kind, conv);
  const list = conv ? latestMessages(d, conv.id) : [];
  return {
    externalUserid,
    nickname,
    conversation: conv ? {
      id: conv.id, openKfid: conv.openKfid, serviceState: conv.serviceState, servicerUserid: conv.servicerUserid,
      unansweredCount: conv.unansweredCount, mutedUntil: conv.mutedUntil, lastCustomerAt: conv.lastCustomerAt, lastHumanAt: conv.lastHumanAt,
      dedicatedManager: conv.dedicatedManager,
    } : null,
    messages: list,
    mainIntent: mainIntentOf(conv?.mainIntent ?? null, list),
    emotionTrend: emotionTrendOf(list),
    intents: INTENT_LABELS,
  };
}
