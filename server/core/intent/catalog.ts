/**
 * @module The intent catalogue as stored: the default pack (code) merged with admins' custom intents (DB),
 * the training extras (admin examples + corrections) built from the tables, and the keyword lists.
 */
import { asc, eq } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';
import { type IntentDefinitionRow } from '../../adapters/db/sqlite/schema/index';
import { DEFAULT_INTENT_PACK, DEFAULT_KEYWORDS, type IntentExample, type KeywordList } from '../../../shared/intent/index';
import type { IntentId } from '../../../shared/domain/vocabulary';

export interface CatalogIntent {
  readonly id: IntentId;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly description: string;
  readonly enabled: boolean;
  /** Part of the default pack (fixed in code: cannot be edited or disabled). */
  readonly builtin: boolean;
}

const BUILTIN = new Set<IntentId>(DEFAULT_INTENT_PACK.map((i) => i.id));

export const isBuiltinIntent = (id: IntentId): boolean => BUILTIN.has(id);

/** Default pack first (in pack order), then custom intents by id. */
export async function listIntentsIn(q: Queries): Promise<CatalogIntent[]> {
  const d = q.t.intentDefinitions;
  return catalogueOf(await q.db.select().from(d).orderBy(asc(d.id)));
}

function catalogueOf(custom: IntentDefinitionRow[]): CatalogIntent[] {
  return [
    ...DEFAULT_INTENT_PACK.map((i) => ({ ...i, enabled: true, builtin: true })),
    ...custom.filter((c) => !BUILTIN.has(c.id)).map((c) => ({
      id: c.id, labelZh: c.labelZh, labelEn: c.labelEn, description: c.description, enabled: c.enabled, builtin: false,
    })),
  ];
}

export async function findIntent(q: Queries, id: IntentId): Promise<CatalogIntent | undefined> {
  const builtin = DEFAULT_INTENT_PACK.find((i) => i.id === id);
  if (builtin) return { ...builtin, enabled: true, builtin: true };
  const c = await first(q.db.select().from(q.t.intentDefinitions).where(eq(q.t.intentDefinitions.id, id)).limit(1));
  return c && { id: c.id, labelZh: c.labelZh, labelEn: c.labelEn, description: c.description, enabled: c.enabled, builtin: false };
}

/**
 * The keyword lists in force: the default lists with accepted keywords appended to their intent's list
 * (list order kept: first match wins), then lists for custom intents.
 */
export async function currentKeywordLists(q: Queries): Promise<KeywordList[]> {
  return mergedKeywordLists(await acceptedKeywordLists(q));
}

function mergedKeywordLists(accepted: KeywordList[]): KeywordList[] {
  const merged: KeywordList[] = DEFAULT_KEYWORDS.map((l) => {
    const extra = accepted.find((a) => a.intent === l.intent)?.keywords ?? [];
    return extra.length === 0 ? l : { intent: l.intent, keywords: [...l.keywords, ...extra] };
  });
  for (const a of accepted) if (!merged.some((l) => l.intent === a.intent)) merged.push(a);
  return merged;
}

export async function enabledIntentIds(q: Queries): Promise<Set<IntentId>> {
  return new Set((await listIntentsIn(q)).filter((i) => i.enabled).map((i) => i.id));
}

/**
 * The examples added to the written training split: admin examples and accepted trigger words, then
 * corrections in the order they were made (so the latest correction of a text wins). Anything labelled with a
 * disabled intent is left out.
 */
export async function loadTrainingExtras(q: Queries): Promise<IntentExample[]> {
  const enabled = await enabledIntentIds(q);
  const { intentExamples: ex, intentKeywords: kw, intentCorrections: co } = q.t;
  const examples = (await q.db.select().from(ex).orderBy(asc(ex.id)))
    .filter((e) => enabled.has(e.intent))
    .map((e): IntentExample => ({ text: e.text, intent: e.intent, source: 'admin', ...(e.emotion === null ? {} : { emotion: e.emotion }) }));
  const words = (await q.db.select().from(kw).orderBy(asc(kw.id)))
    .filter((k) => enabled.has(k.intent))
    .map((k): IntentExample => ({ text: k.keyword, intent: k.intent, source: 'admin' }));
  const corrections = (await q.db.select().from(co).orderBy(asc(co.id)))
    .filter((c) => enabled.has(c.toIntent))
    .map((c): IntentExample => ({ text: c.text, intent: c.toIntent, source: 'correction' }));
  return [...examples, ...words, ...corrections];
}

/** Accepted trigger keywords per intent (enabled intents only), in the order they were accepted. */
export async function acceptedKeywordLists(q: Queries): Promise<KeywordList[]> {
  const enabled = await enabledIntentIds(q);
  const kw = q.t.intentKeywords;
  const byIntent = new Map<IntentId, string[]>();
  for (const k of await q.db.select().from(kw).orderBy(asc(kw.id))) {
    if (!enabled.has(k.intent)) continue;
    byIntent.set(k.intent, [...(byIntent.get(k.intent) ?? []), k.keyword]);
  }
  return [...byIntent.entries()].map(([intent, keywords]) => ({ intent, keywords }));
}
