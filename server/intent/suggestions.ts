/**
 * @module Keyword suggestions: mine phrases from customer messages of conversations that ended in a human
 * transfer (service state 3) or a complaint (a message classified `complaint`) which neither the keyword
 * lists in force nor the model catch; admins accept (→ a trigger keyword of an intent) or reject them.
 * `acceptedKeywords(d)` / `currentKeywords(d)` expose the result to the engine.
 */
import { and, asc, desc, eq, inArray, notInArray } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { conversations, intentKeywords, keywordSuggestions, messages, type KeywordSuggestionRow, type SuggestionStatus } from '../db/schema/index';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { mineKeywordSuggestions, type KeywordList, type SuggestionInput } from '../../shared/intent/index';
import { ORIGIN, type IntentId } from '../../shared/domain/vocabulary';
import { audit } from '../services/audit';
import { acceptedKeywordLists, currentKeywordLists, findIntent } from './catalog';
import { messageText } from './correct-intent';

/** Accepted trigger keywords per intent (for the decision engine). */
export function acceptedKeywords(d: Pick<CoreDeps, 'db'>): KeywordList[] {
  return acceptedKeywordLists(d.db);
}

/** The keyword lists in force: default lists plus accepted keywords (first match wins, in order). */
export function currentKeywords(d: Pick<CoreDeps, 'db'>): KeywordList[] {
  return currentKeywordLists(d.db);
}

export interface SuggestionView {
  id: number; phrase: string; count: number; examples: string[]; suggestedIntent: IntentId | null;
  status: SuggestionStatus; intent: IntentId | null; minedAt: number; decidedBy: string | null; decidedAt: number | null;
}

const view = (r: KeywordSuggestionRow): SuggestionView => ({ ...r, examples: JSON.parse(r.examples) as string[] });

export function listSuggestions(db: Store, status?: SuggestionStatus): SuggestionView[] {
  const q = db.select().from(keywordSuggestions);
  return (status ? q.where(eq(keywordSuggestions.status, status)) : q)
    .orderBy(desc(keywordSuggestions.count), asc(keywordSuggestions.id)).all().map(view);
}

/** Customer texts of conversations that ended in a transfer or a complaint, with that outcome. */
export function miningInputs(d: Pick<CoreDeps, 'db'>): SuggestionInput[] {
  const complaintIds = new Set(d.db.selectDistinct({ id: messages.conversationId }).from(messages)
    .where(eq(messages.intent, 'complaint')).all().map((r) => r.id));
  const transferredIds = new Set(d.db.select({ id: conversations.id }).from(conversations)
    .where(eq(conversations.serviceState, 3)).all().map((r) => r.id));
  const ids = [...new Set([...complaintIds, ...transferredIds])];
  if (ids.length === 0) return [];
  return d.db.select({ conversationId: messages.conversationId, msgtype: messages.msgtype, content: messages.content })
    .from(messages)
    .where(and(inArray(messages.conversationId, ids), eq(messages.origin, ORIGIN.customer), eq(messages.msgtype, 'text')))
    .orderBy(asc(messages.sendTime)).all()
    .flatMap((m) => {
      const text = messageText(m.msgtype, m.content);
      if (text === undefined) return [];
      return [{ text, outcome: complaintIds.has(m.conversationId) ? 'complaint' : 'human_agent' }];
    });
}

export interface MineOptions { readonly limit?: number | undefined; readonly minCount?: number | undefined }

/**
 * Mines and stores suggestions: new phrases become pending, pending ones are refreshed, pending ones no
 * longer found are dropped; accepted and rejected phrases are never offered again.
 */
export function mineSuggestions({ ctx, input }: { ctx: CoreDeps; input: MineOptions & { by: string } }) {
  const at = ctx.clock.now();
  const inputs = miningInputs(ctx);
  const mined = mineKeywordSuggestions(inputs, {
    keywords: currentKeywordLists(ctx.db),
    classify: (text) => ctx.intent.classify(text),
    ...(input.limit === undefined ? {} : { limit: input.limit }),
    ...(input.minCount === undefined ? {} : { minCount: input.minCount }),
  });
  return ctx.db.transaction((tx) => {
    const decided = new Set(tx.select({ p: keywordSuggestions.phrase }).from(keywordSuggestions)
      .where(notInArray(keywordSuggestions.status, ['pending'])).all().map((r) => r.p));
    const fresh = mined.filter((s) => !decided.has(s.phrase));
    const stale = tx.select({ id: keywordSuggestions.id }).from(keywordSuggestions).where(eq(keywordSuggestions.status, 'pending')).all()
      .map((r) => r.id);
    if (stale.length > 0) tx.delete(keywordSuggestions).where(inArray(keywordSuggestions.id, stale)).run();
    for (const s of fresh) {
      tx.insert(keywordSuggestions).values({
        phrase: s.phrase, count: s.count, examples: JSON.stringify(s.examples), suggestedIntent: s.suggestedIntent ?? null,
        status: 'pending', minedAt: at,
      }).run();
    }
    audit(tx, { at, actor: input.by, action: 'intent.suggestions.mine', target: 'keyword_suggestions', after: { messages: inputs.length, suggestions: fresh.length } });
    return { messages: inputs.length, suggestions: listSuggestions(tx, 'pending') };
  });
}

function pendingSuggestion(db: Store, id: number): KeywordSuggestionRow {
  const row = db.select().from(keywordSuggestions).where(eq(keywordSuggestions.id, id)).get();
  if (!row) throw new NotFoundError(`suggestion ${id}`);
  if (row.status !== 'pending') throw new ConflictError(`suggestion ${id} was already ${row.status}`);
  return row;
}

export function acceptSuggestion({ ctx, input }: { ctx: CoreDeps; input: { id: number; intent?: IntentId | undefined; by: string } }) {
  const at = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const row = pendingSuggestion(tx, input.id);
    const intent = input.intent ?? row.suggestedIntent;
    if (!intent) throw new ValidationError('say which intent the keyword triggers (no suggested intent)');
    const target = findIntent(tx, intent);
    if (!target) throw new ValidationError(`unknown intent ${intent}`);
    if (!target.enabled) throw new ConflictError(`intent ${intent} is disabled`);
    const existing = tx.select().from(intentKeywords).where(eq(intentKeywords.keyword, row.phrase)).get();
    if (existing) throw new ConflictError(`"${row.phrase}" is already a keyword of ${existing.intent}`);
    tx.insert(intentKeywords).values({ intent, keyword: row.phrase, suggestionId: row.id, addedBy: input.by, addedAt: at }).run();
    const patch = { status: 'accepted' as const, intent, decidedBy: input.by, decidedAt: at };
    tx.update(keywordSuggestions).set(patch).where(eq(keywordSuggestions.id, row.id)).run();
    audit(tx, { at, actor: input.by, action: 'intent.suggestion.accept', target: `keyword:${row.phrase}`, before: view(row), after: { ...view(row), ...patch } });
    return { ...view(row), ...patch };
  });
}

export function rejectSuggestion({ ctx, input }: { ctx: CoreDeps; input: { id: number; by: string } }) {
  const at = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const row = pendingSuggestion(tx, input.id);
    const patch = { status: 'rejected' as const, decidedBy: input.by, decidedAt: at };
    tx.update(keywordSuggestions).set(patch).where(eq(keywordSuggestions.id, row.id)).run();
    audit(tx, { at, actor: input.by, action: 'intent.suggestion.reject', target: `keyword:${row.phrase}`, before: view(row), after: { ...view(row), ...patch } });
    return { ...view(row), ...patch };
  });
}

export function listKeywords(d: Pick<CoreDeps, 'db'>) {
  return d.db.select().from(intentKeywords).orderBy(asc(intentKeywords.intent), asc(intentKeywords.id)).all();
}
