/**
 * @module FAQ knowledge store: the entries per team (list, create, update, delete), the default pack's entries
 * seeded once, an entry as a reply template, and the record of each use and of each question that found no entry.
 */
import { and, asc, count, desc, eq, gte, isNull, max } from 'drizzle-orm';
import { z } from 'zod';
import { first, type Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { type FaqEntry, type FaqVia } from '../../adapters/db/sqlite/schema/index';
import { DEFAULT_FAQ } from '../../../shared/engine/index';
import type { Template } from '../../../shared/templates/index';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn, writeSettingIn } from '../config/settings';
import { NotFoundError, ValidationError } from '../errors';
import { parseList } from './match';
import { invalidateDutyIn } from '../duty/on-duty';

const Words = z.array(z.string().trim().min(1).max(32)).max(40);
export const FaqEntryBody = z.object({
  openKfid: z.string().trim().min(1).max(64).nullable().default(null),
  question: z.string().trim().min(1).max(80),
  answer: z.string().trim().min(1).max(1500),
  link: z.url({ protocol: /^https?$/ }).max(1024).nullable().default(null),
  intents: Words.default([]),
  keywords: Words.default([]),
  menuId: z.string().trim().min(1).max(64).nullable().default(null),
  position: z.number().int().min(0).max(100_000).default(0),
  enabled: z.boolean().default(true),
});
export type FaqEntryBody = z.infer<typeof FaqEntryBody>;

export interface FaqEntryView extends Omit<FaqEntry, 'intents' | 'keywords'> { intents: string[]; keywords: string[] }
export const viewOf = (e: FaqEntry): FaqEntryView => ({ ...e, intents: parseList(e.intents), keywords: parseList(e.keywords) });

const row = (b: FaqEntryBody, now: number) => ({ ...b, intents: JSON.stringify(b.intents), keywords: JSON.stringify(b.keywords), updatedAt: now });

/** The default pack's entries, for every team, once (an admin who deletes them does not get them back). */
export async function seedDefaultFaq(tx: Tx, now: number): Promise<number> {
  if (await readSettingIn(tx, SETTINGS.faqSeeded)) return 0;
  invalidateDutyIn(tx);
  for (const e of DEFAULT_FAQ) {
    await tx.db.insert(tx.t.faqEntries).values({ ...row(FaqEntryBody.parse({ ...e, openKfid: null }), now), createdAt: now });
  }
  await writeSettingIn(tx, SETTINGS.faqSeeded, true, { at: now, by: 'system' });
  return DEFAULT_FAQ.length;
}

export async function listFaq(q: Queries, openKfid?: string | null): Promise<FaqEntryView[]> {
  const f = q.t.faqEntries;
  const where = openKfid === undefined ? undefined : openKfid === null ? isNull(f.openKfid) : eq(f.openKfid, openKfid);
  return (await q.db.select().from(f).where(where).orderBy(asc(f.position), asc(f.id))).map(viewOf);
}

/**
 * An entry's intents must be intents of the catalogue (the default pack or an admin's own; `known`: their ids):
 * an unknown id would be matched by nothing and shown to people as a bare id. Refused with the unknown ids named,
 * in Chinese.
 */
export function checkFaqIntents(known: ReadonlySet<string>, intents: readonly string[]): void {
  const unknown = intents.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ValidationError(`未知的意图：${unknown.join('、')}。请从意图列表中选择（可在“意图识别”页添加新意图）。`,
      unknown.map((id) => ({ path: 'intents', message: `未知的意图：${id}` })));
  }
}

/*
 * Every write below drops the memo the customer-message path reads the entries through (`teamFaqIn` with a time:
 * `memoisedIn`, the memo of duty data, here and on the other instances) — seen by the next message once committed.
 */
export async function createFaq(q: Tx, body: FaqEntryBody, now: number, knownIntents: ReadonlySet<string>): Promise<FaqEntryView> {
  checkFaqIntents(knownIntents, body.intents);
  invalidateDutyIn(q);
  const [e] = await q.db.insert(q.t.faqEntries).values({ ...row(body, now), createdAt: now }).returning();
  return viewOf(e!);
}

/** Replaces an entry; what it was and what it is now (for the audit row). */
export async function updateFaq(q: Tx, id: number, body: FaqEntryBody, now: number, knownIntents: ReadonlySet<string>): Promise<{ before: FaqEntryView; after: FaqEntryView }> {
  const f = q.t.faqEntries;
  invalidateDutyIn(q);
  const before = await first(q.db.select().from(f).where(eq(f.id, id)).limit(1));
  if (!before) throw new NotFoundError(`faq entry ${id}`);
  checkFaqIntents(knownIntents, body.intents);
  const [e] = await q.db.update(f).set(row(body, now)).where(eq(f.id, id)).returning();
  if (!e) throw new NotFoundError(`faq entry ${id}`);
  return { before: viewOf(before), after: viewOf(e) };
}

/** Deletes an entry; what it was. */
export async function deleteFaq(q: Tx, id: number): Promise<FaqEntryView> {
  invalidateDutyIn(q);
  const [e] = await q.db.delete(q.t.faqEntries).where(eq(q.t.faqEntries.id, id)).returning();
  if (!e) throw new NotFoundError(`faq entry ${id}`);
  return viewOf(e);
}

/** An entry as the text the customer gets: the answer, then the link on its own line. */
export function faqTemplate(e: Pick<FaqEntry, 'id' | 'question' | 'answer' | 'link'>): Template {
  return { id: `faq_${e.id}`, name: e.question.slice(0, 80), kind: 'custom', msgtype: 'text', body: e.link ? `${e.answer}\n${e.link}` : e.answer };
}

export interface FaqEventInput { at: number; openKfid: string | null; conversationId: number | null; entryId: number | null; via: FaqVia; text?: string | null; score?: number | null }

/** One entry by id (either engine). */
export function faqEntryIn(q: Queries, id: number): Promise<FaqEntry | undefined> {
  return first(q.db.select().from(q.t.faqEntries).where(eq(q.t.faqEntries.id, id)).limit(1));
}

/** Records a use of an entry (or a question that found none), in the caller's transaction (either engine). */
export async function recordFaqEventIn(tx: Tx, e: FaqEventInput): Promise<void> {
  await tx.db.insert(tx.t.faqEvents).values({ ...e, text: e.text?.slice(0, 500) ?? null, score: e.score ?? null });
}

/** Per entry, how often it answered (and how) since `since`; and the latest questions that found no entry. */
export async function faqUsage(q: Queries, since: number) {
  const ev = q.t.faqEvents;
  const uses = await q.db.select({ entryId: ev.entryId, via: ev.via, n: count(), last: max(ev.at) }).from(ev)
    .where(gte(ev.at, since)).groupBy(ev.entryId, ev.via);
  const entries = (await listFaq(q)).map((e) => {
    const mine = uses.filter((u) => u.entryId === e.id);
    const by = (via: FaqVia) => mine.find((u) => u.via === via)?.n ?? 0;
    return { id: e.id, question: e.question, openKfid: e.openKfid, button: by('button'), text: by('text'), agent: by('agent'),
      total: mine.reduce((s, u) => s + u.n, 0), lastAt: mine.reduce<number | null>((m, u) => (u.last != null && (m == null || u.last > m) ? u.last : m), null) };
  });
  const unanswered = await q.db.select({ at: ev.at, text: ev.text, openKfid: ev.openKfid, score: ev.score }).from(ev)
    .where(and(eq(ev.via, 'miss'), gte(ev.at, since))).orderBy(desc(ev.at), desc(ev.id)).limit(100);
  return { since, entries, unanswered };
}
