/**
 * @module Which FAQ entry answers a customer message, and why. A card button answers with the entry that names
 * it (score 1). Free text is scored against the team's enabled entries: the message's intent among the entry's
 * intents counts its confidence × 0.6, keywords found in the text add up to 0.4 (0.25 for the first, 0.1 for
 * each further one); the best entry at or above the threshold answers. `why` says it in words for the trace.
 */
import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Queries } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import { memoisedIn } from '../duty/on-duty';
import { type FaqEntry } from '../../adapters/db/sqlite/schema/index';
import type { FaqFact } from '../../../shared/engine/types';
import { intentLabel } from '../../../shared/format/index';

export interface MatchInput {
  openKfid: string | null;
  text: string;
  menuId?: string | undefined;
  intent: { id: string; confidence: number };
}

/* Read for every customer message (reusable: built once, see core/ports/reusable-query.ts). */
const faqOfTeam = reusableQuery('faq_of_team', ['openKfid'], ({ db, t: { faqEntries: f } }, p) =>
  db.select().from(f).where(and(eq(f.enabled, true), or(eq(f.openKfid, p.openKfid), isNull(f.openKfid)))).orderBy(asc(f.position), asc(f.id)));
const faqOfEveryTeam = reusableQuery('faq_of_every_team', [], ({ db, t: { faqEntries: f } }) =>
  db.select().from(f).where(and(eq(f.enabled, true), isNull(f.openKfid))).orderBy(asc(f.position), asc(f.id)));

/**
 * The enabled entries a team answers from: its own and those of every team, in order. With `at` (the customer-message
 * path) memoised with duty data (`memoisedIn`: per second, dropped by every FAQ write); the list is shared, not to be changed.
 */
export async function teamFaqIn(q: Queries, openKfid: string | null, at?: number): Promise<readonly FaqEntry[]> {
  const read = () => (openKfid ? faqOfTeam(q, { openKfid }) : faqOfEveryTeam(q, {}));
  return at === undefined ? read() : memoisedIn(q, `faq:${openKfid ?? ''}`, at, read);
}

export const parseList = (json: string): string[] => {
  try { const v: unknown = JSON.parse(json); return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []; } catch { return []; }
};

/** An entry's intents and keywords, parsed once per stored text (entries are read for every message; their lists rarely change). */
const lists = new Map<string, string[]>();
function listOf(json: string): string[] {
  let l = lists.get(json);
  if (!l) {
    if (lists.size >= 5000) lists.clear();
    l = parseList(json);
    lists.set(json, l);
  }
  return l;
}

/** An entry's score for a message, and what it rests on (the words of `why` are made for the best entry only). */
function scored(e: FaqEntry, input: MatchInput): { score: number; intentPart: number; hits: string[] } {
  const text = input.text.toLowerCase();
  const hits = listOf(e.keywords).filter((k) => k && text.includes(k.toLowerCase()));
  const intentPart = listOf(e.intents).includes(input.intent.id) ? 0.6 * input.intent.confidence : 0;
  const keywordPart = hits.length === 0 ? 0 : Math.min(0.4, 0.25 + 0.1 * (hits.length - 1));
  return { score: Math.round((intentPart + keywordPart) * 100) / 100, intentPart, hits };
}

function whyOf(e: FaqEntry, input: MatchInput, s: { score: number; intentPart: number; hits: string[] }): string {
  const parts = [
    s.intentPart > 0 ? `意图 ${intentLabel(input.intent.id, 'zh')}（${input.intent.confidence.toFixed(2)}）` : `意图 ${intentLabel(input.intent.id, 'zh')} 不在条目意图中`,
    s.hits.length > 0 ? `关键词 ${s.hits.join('、')}` : '无关键词命中',
  ];
  return `「${e.question}」得分 ${s.score.toFixed(2)}：${parts.join('；')}`;
}

export function scoreEntry(e: FaqEntry, input: MatchInput): { score: number; why: string } {
  const s = scored(e, input);
  return { score: s.score, why: whyOf(e, input, s) };
}

/** The entry that answers this message: the button's, or the best free-text match (null with the best try's why). */
export async function matchFaq(q: Queries, input: MatchInput, minScore: number, at?: number): Promise<FaqFact> {
  const entries = await teamFaqIn(q, input.openKfid, at);
  if (input.menuId) {
    // the team's own entry for that button before the one every team shares
    const e = entries.find((x) => x.menuId === input.menuId && x.openKfid !== null) ?? entries.find((x) => x.menuId === input.menuId);
    if (e) return { entryId: e.id, question: e.question, via: 'button', score: 1, why: `客户点击「${e.question}」按钮`, matched: true };
  }
  let best: { e: FaqEntry; s: ReturnType<typeof scored> } | null = null;
  for (const e of entries) {
    const s = scored(e, input);
    if (!best || s.score > best.s.score) best = { e, s };
  }
  if (!best || input.menuId || !input.text.trim()) return { entryId: null, question: null, via: 'text', score: 0, why: '没有可匹配的条目', matched: false };
  const matched = best.s.score >= minScore;
  return {
    entryId: matched ? best.e.id : null, question: matched ? best.e.question : null, via: 'text', score: best.s.score, matched,
    why: `${whyOf(best.e, input, best.s)}${matched ? `，达到阈值 ${minScore}` : `，低于阈值 ${minScore}`}`,
  };
}
