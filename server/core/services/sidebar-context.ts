/**
 * @module The sidebar's view of one customer: the conversation (the most recent one the viewer may see, found
 * by the route table from our own records; it also gives the open_kfid), nickname, state, the conversation's
 * messages oldest first (customer, agent and our own sends from the outbox with what WeCom made of each, up
 * to the last 200) with per-message intent and emotion, the main intent, the emotion trend and the agents'
 * notes and tags. Customer texts the pipeline has not classified yet are classified here (not
 * stored). A customer with no conversation the viewer may see looks unknown: no messages, no nickname.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { DEFAULT_INTENT_PACK } from '../../../shared/intent/pack';
import { listIntentsIn } from '../intent/catalog';
import { customerProfile } from './customer-profile';
import { deliveryStatusOf } from './sidebar-decisions';
import type { CustomerKind, NicknameCache } from './customer-nicknames';
import type { OutboxPayload } from '../pipeline/outbox-intent';
import { renderTemplate } from '../../../shared/templates/index';
import type { CustomerContext, EmotionTrend, SidebarMessage } from '../../../shared/domain/sidebar';

export type { CustomerContext, SidebarMessage };

export const MESSAGE_LIMIT = 200;
/** Intents that say little about what the customer wants; the main intent prefers the others. */
const WEAK_INTENTS = new Set(['greeting', 'thanks', 'other']);

/** The default pack's labels (the alerts read these). */
export const INTENT_LABELS = DEFAULT_INTENT_PACK.map((i) => ({ id: i.id, zh: i.labelZh, en: i.labelEn }));

/** The intents an agent may pick from (the default pack and the admins' own), with their labels. */
export async function intentLabels(q: Queries) {
  return (await listIntentsIn(q)).filter((i) => i.enabled).map((i) => ({ id: i.id, zh: i.labelZh, en: i.labelEn }));
}

/** The customer's most recent conversation (any kf account), from our own session records. */
export function findConversation(q: Queries, externalUserid: string): Promise<Conversation | undefined> {
  const { conversations } = q.t;
  return first(q.db.select().from(conversations).where(eq(conversations.externalUserid, externalUserid))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id)).limit(1));
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

/** What the bot sent (or will send): a ready body, or a template rendered with the vars it was queued with. */
function botBody(p: Partial<OutboxPayload>): Record<string, unknown> {
  if ('body' in p && p.body) return p.body as unknown as Record<string, unknown>;
  if ('template' in p && p.template) {
    try {
      return renderTemplate(p.template, p.vars ?? {}) as unknown as Record<string, unknown>;
    } catch {
      return { msgtype: 'text', text: { content: p.template.name } };
    }
  }
  return {};
}

export async function latestMessages(q: Queries, d: Pick<CoreDeps, 'intent'>, conversationId: number): Promise<SidebarMessage[]> {
  const { agents, messages, outbox } = q.t;
  const people = new Map((await q.db.select({ userid: agents.userid, name: agents.name }).from(agents)).map((a) => [a.userid, a.name]));
  const stored = (await q.db.select().from(messages)
    .where(and(eq(messages.conversationId, conversationId), inArray(messages.origin, [ORIGIN.customer, ORIGIN.agent])))
    .orderBy(desc(messages.sendTime), desc(messages.receivedAt)).limit(MESSAGE_LIMIT))
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
        servicerName: isCustomer || !m.servicerUserid ? null : (people.get(m.servicerUserid) ?? null), delivery: null,
      };
    });
  const bot = (await q.db.select().from(outbox)
    .where(and(eq(outbox.conversationId, conversationId), inArray(outbox.kind, ['send_msg', 'send_template', 'send_msg_on_event'])))
    .orderBy(desc(outbox.createdAt)).limit(MESSAGE_LIMIT))
    .map((r): SidebarMessage => {
      const body = botBody(parse(r.payload) as Partial<OutboxPayload>);
      const msgtype = typeof body.msgtype === 'string' ? body.msgtype : 'text';
      return {
        id: r.msgid, from: 'bot', msgtype, text: textOf(msgtype, body[msgtype]), at: r.sentAt ?? r.createdAt,
        intent: null, confidence: null, emotion: null, intentSource: null, servicerUserid: null, recalled: false,
        servicerName: null, delivery: deliveryStatusOf(r),
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
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  // from the second message on: the last three against what came before them, or — with three or fewer —
  // the latest against the first (0.10 → 0.92 is rising, whatever the count)
  const earlier = points.length > 3 ? points.slice(0, -3) : points.slice(0, 1);
  const recent = points.length > 3 ? points.slice(-3) : [latest];
  const delta = points.length > 1 ? mean(recent) - mean(earlier) : 0;
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
  d: Pick<CoreDeps, 'intent' | 'shared'>, nicknames: NicknameCache, externalUserid: string, kind: CustomerKind, conv: Conversation | undefined,
): Promise<CustomerContext> {
  const nickname = await customerNickname(nicknames, externalUserid, kind, conv);
  const { list, profile, intents } = await d.shared.uow.read(async (q) => ({
    list: conv ? await latestMessages(q, d, conv.id) : [],
    profile: await customerProfile(q, externalUserid),
    intents: await intentLabels(q),
  }));
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
    intents,
    profile,
  };
}
