/**
 * @module Keyword suggestions: mine phrases from customer messages of conversations that ended in a human
 * transfer (service state 3) or a complaint (a message classified `complaint`) which neither the keyword
 * lists in force nor the model catch; admins accept (→ a trigger keyword of an intent) or reject them.
 * `acceptedKeywords(d)` / `currentKeywords(d)` expose the result to the engine.
 */
import { and, asc, desc, eq, inArray, notInArray } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { KeywordSuggestionRow, SuggestionStatus } from '../../adapters/db/sqlite/schema/index';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { mineKeywordSuggestions, type KeywordList, type SuggestionInput } from '../../../shared/intent/index';
import { ORIGIN, type IntentId } from '../../../shared/domain/vocabulary';
import { writeAudit } from '../services/audit';
import { acceptedKeywordLists, currentKeywordLists, findIntent } from './catalog';
import { messageText } from './correct-intent';

/** Accepted trigger keywords per intent (for the decision engine). */
export function acceptedKeywords(d: Pick<CoreDeps, 'shared'>): Promise<KeywordList[]> {
  return d.shared.uow.read((q) => acceptedKeywordLists(q));
}

/** The keyword lists in force: default lists plus accepted keywords (first match wins, in order). */
export function currentKeywords(d: Pick<CoreDeps, 'shared'>): Promise<KeywordList[]> {
  return d.shared.uow.read((q) => currentKeywordLists(q));
}

export interface SuggestionView {
  id: number; phrase: string; count: number; examples: string[]; suggestedIntent: IntentId | null;
  status: SuggestionStatus; intent: IntentId | null; minedAt: number; decidedBy: string | null; decidedAt: number | null;
}

const view = (r: KeywordSuggestionRow): SuggestionView => ({ ...r, examples: JSON.parse(r.examples) as string[] });

export async function listSuggestions(q: Queries, status?: SuggestionStatus): Promise<SuggestionView[]> {
  const k = q.t.keywordSuggestions;
  return (await q.db.select().from(k).where(status ? eq(k.status, status) : undefined).orderBy(desc(k.count), asc(k.id))).map(view);
}

/** Customer texts of conversations that ended in a transfer or a complaint, with that outcome. */
export async function miningInputs(q: Queries): Promise<SuggestionInput[]> {
  const { messages: m, conversations: c } = q.t;
  const complaintIds = new Set((await q.db.selectDistinct({ id: m.conversationId }).from(m).where(eq(m.intent, 'complaint'))).map((r) => r.id));
  const transferredIds = new Set((await q.db.select({ id: c.id }).from(c).where(eq(c.serviceState, 3))).map((r) => r.id));
  const ids = [...new Set([...complaintIds, ...transferredIds])];
  if (ids.length === 0) return [];
  const rows = await q.db.select({ conversationId: m.conversationId, msgtype: m.msgtype, content: m.content })
    .from(m)
    .where(and(inArray(m.conversationId, ids), eq(m.origin, ORIGIN.customer), eq(m.msgtype, 'text')))
    .orderBy(asc(m.sendTime));
  return rows.flatMap((r) => {
    const text = messageText(r.msgtype, r.content);
    if (text === undefined) return [];
    return [{ text, outcome: complaintIds.has(r.conversationId) ? 'complaint' : 'human_agent' }];
  });
}

export interface MineOptions { readonly limit?: number | undefined; readonly minCount?: number | undefined }

type Ctx = Pick<CoreDeps, 'clock' | 'shared' | 'intent'>;

/**
 * Mines and stores suggestions: new phrases become pending, pending ones are refreshed, pending ones no
 * longer found are dropped; accepted and rejected phrases are never offered again.
 */
export async function mineSuggestions({ ctx, input }: { ctx: Ctx; input: MineOptions & { by: string } }) {
  const at = ctx.clock.now();
  const { inputs, keywords } = await ctx.shared.uow.read(async (q) => ({ inputs: await miningInputs(q), keywords: await currentKeywordLists(q) }));
  const mined = mineKeywordSuggestions(inputs, {
    keywords,
    classify: (text) => ctx.intent.classify(text),
    ...(input.limit === undefined ? {} : { limit: input.limit }),
    ...(input.minCount === undefined ? {} : { minCount: input.minCount }),
  });
  return ctx.shared.uow.run(async (tx) => {
    const k = tx.t.keywordSuggestions;
    const decided = new Set((await tx.db.select({ p: k.phrase }).from(k).where(notInArray(k.status, ['pending']))).map((r) => r.p));
    const fresh = mined.filter((s) => !decided.has(s.phrase));
    const stale = (await tx.db.select({ id: k.id }).from(k).where(eq(k.status, 'pending'))).map((r) => r.id);
    if (stale.length > 0) await tx.db.delete(k).where(inArray(k.id, stale));
    for (const s of fresh) {
      await tx.db.insert(k).values({
        phrase: s.phrase, count: s.count, examples: JSON.stringify(s.examples), suggestedIntent: s.suggestedIntent ?? null,
        status: 'pending', minedAt: at,
      });
    }
    await writeAudit(tx, { at, actor: input.by, action: 'intent.suggestions.mine', target: 'keyword_suggestions', after: { messages: inputs.length, suggestions: fresh.length } });
    return { messages: inputs.length, suggestions: await listSuggestions(tx, 'pending') };
  });
}

async function pendingSuggestion(q: Queries, id: number): Promise<KeywordSuggestionRow> {
  const row = await first(q.db.select().from(q.t.keywordSuggestions).where(eq(q.t.keywordSuggestions.id, id)).limit(1));
  if (!row) throw new NotFoundError(`suggestion ${id}`);
  if (row.status !== 'pending') throw new ConflictError(`suggestion ${id} was already ${row.status}`);
  return row;
}

export async function acceptSuggestion({ ctx, input }: { ctx: Pick<CoreDeps, 'clock' | 'shared'>; input: { id: number; intent?: IntentId | undefined; by: string } }) {
  const at = ctx.clock.now();
  return ctx.shared.uow.run(async (tx) => {
    const row = await pendingSuggestion(tx, input.id);
    const intent = input.intent ?? row.suggestedIntent;
    if (!intent) throw new ValidationError('say which intent the keyword triggers (no suggested intent)');
    const target = await findIntent(tx, intent);
    if (!target) throw new ValidationError(`unknown intent ${intent}`);
    if (!target.enabled) throw new ConflictError(`intent ${intent} is disabled`);
    const kw = tx.t.intentKeywords;
    const existing = await first(tx.db.select().from(kw).where(eq(kw.keyword, row.phrase)).limit(1));
    if (existing) throw new ConflictError(`"${row.phrase}" is already a keyword of ${existing.intent}`);
    await tx.db.insert(kw).values({ intent, keyword: row.phrase, suggestionId: row.id, addedBy: input.by, addedAt: at });
    const patch = { status: 'accepted' as const, intent, decidedBy: input.by, decidedAt: at };
    await tx.db.update(tx.t.keywordSuggestions).set(patch).where(eq(tx.t.keywordSuggestions.id, row.id));
    await writeAudit(tx, { at, actor: input.by, action: 'intent.suggestion.accept', target: `keyword:${row.phrase}`, before: view(row), after: { ...view(row), ...patch } });
    return { ...view(row), ...patch };
  });
}

export async function rejectSuggestion({ ctx, input }: { ctx: Pick<CoreDeps, 'clock' | 'shared'>; input: { id: number; by: string } }) {
  const at = ctx.clock.now();
  return ctx.shared.uow.run(async (tx) => {
    const row = await pendingSuggestion(tx, input.id);
    const patch = { status: 'rejected' as const, decidedBy: input.by, decidedAt: at };
    await tx.db.update(tx.t.keywordSuggestions).set(patch).where(eq(tx.t.keywordSuggestions.id, row.id));
    await writeAudit(tx, { at, actor: input.by, action: 'intent.suggestion.reject', target: `keyword:${row.phrase}`, before: view(row), after: { ...view(row), ...patch } });
    return { ...view(row), ...patch };
  });
}

export async function listKeywords(q: Queries) {
  return q.db.select().from(q.t.intentKeywords).orderBy(asc(q.t.intentKeywords.intent), asc(q.t.intentKeywords.id));
}
