/**
 * @module What an accepted trigger word changes: recent customer messages classified with every accepted word
 * (after) and without that one word (before); the messages whose intent differs are its impact, shown on the
 * admin intents page and returned when a suggestion is accepted.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../ports/queries';
import { ORIGIN, type IntentId } from '../../../shared/domain/vocabulary';
import type { KeywordList } from '../../../shared/intent/index';
import { acceptedKeywordLists } from './catalog';
import { messageText } from './correct-intent';

/** Recent customer messages looked at per word. */
export const IMPACT_MESSAGES = 300;
const SHOWN = 20;

export interface IntentAt { intent: IntentId; confidence: number }
export interface KeywordImpact {
  keyword: string;
  intent: IntentId;
  addedBy: string;
  addedAt: number;
  /** Messages looked at. */
  checked: number;
  /** How many of them the word changes. */
  changedCount: number;
  /** The first of them, newest first. */
  changed: { msgid: string; text: string; sendTime: number; before: IntentAt; after: IntentAt }[];
}

const without = (lists: readonly KeywordList[], keyword: string): KeywordList[] =>
  lists.map((l) => ({ intent: l.intent, keywords: l.keywords.filter((k) => k !== keyword) }));

const round = (v: number): number => Math.round(v * 1000) / 1000;

async function recentTexts(q: Queries): Promise<{ msgid: string; text: string; sendTime: number }[]> {
  const messages = q.t.messages;
  const rows = await q.db.select({ msgid: messages.msgid, msgtype: messages.msgtype, content: messages.content, sendTime: messages.sendTime })
    .from(messages).where(and(eq(messages.origin, ORIGIN.customer), eq(messages.msgtype, 'text')))
    .orderBy(desc(messages.sendTime)).limit(IMPACT_MESSAGES);
  return rows.flatMap((m) => { const text = messageText(m.msgtype, m.content); return text === undefined ? [] : [{ msgid: m.msgid, text, sendTime: m.sendTime }]; });
}

/** The impact of every accepted word (or of the one named), in the order they were accepted. */
export async function keywordImpacts(d: Pick<CoreDeps, 'intent' | 'shared'>, only?: string): Promise<KeywordImpact[]> {
  const { lists, recent, words } = await d.shared.uow.read(async (q) => ({
    lists: await acceptedKeywordLists(q),
    recent: await recentTexts(q),
    words: await q.db.select().from(q.t.intentKeywords).orderBy(asc(q.t.intentKeywords.id)),
  }));
  const rows = words.filter((k) => only === undefined || k.keyword === only);
  return rows.map((k) => {
    const before = without(lists, k.keyword);
    const changed = recent.flatMap((m) => {
      const b = d.intent.classifyWithTriggers(m.text, before);
      const a = d.intent.classifyWithTriggers(m.text, lists);
      return a.intent === b.intent ? [] : [{ ...m, before: { intent: b.intent, confidence: round(b.confidence) }, after: { intent: a.intent, confidence: round(a.confidence) } }];
    });
    return { keyword: k.keyword, intent: k.intent, addedBy: k.addedBy, addedAt: k.addedAt, checked: recent.length, changedCount: changed.length, changed: changed.slice(0, SHOWN) };
  });
}
