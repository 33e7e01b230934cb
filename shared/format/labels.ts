/**
 * @module Names of the domain's words as people read them (agent statuses, calendar windows, status sources,
 * template kinds, intents) in Chinese or English, and people's names instead of their ids. Shared by the
 * sidebar, admin, alerts and customer pages so one word is said one way everywhere.
 */
import { DEFAULT_INTENT_PACK } from '../intent/pack';
import { pick, type Pair } from './words';

export { statusLabel, windowLabel, sourceLabel, templateKindLabel } from './words';

const INTENT: Record<string, Pair> = Object.fromEntries(DEFAULT_INTENT_PACK.map((i) => [i.id, { zh: i.labelZh, en: i.labelEn }]));

/**
 * A message table of names (id → name) for one locale, for pages that say names through their i18n tables
 * (`t('status.dnd')`): the table is this formatter's, so a word is written once.
 */
export function labelTable<K extends string>(ids: readonly K[], label: (id: string, locale: string) => string, locale: string): Record<K, string> {
  return Object.fromEntries(ids.map((id) => [id, label(id, locale)])) as Record<K, string>;
}

/**
 * An intent's name: the default pack's label, else an admin-added intent's label from `extra` (id → label),
 * else 未识别 / Unknown for no intent. An unknown id is shown as "其他" rather than leaking the slug.
 */
export function intentLabel(id: string | null | undefined, locale: string, extra?: Readonly<Record<string, Pair | string>>): string {
  if (!id) return locale === 'en' ? 'Unknown' : '未识别';
  const own = extra?.[id];
  if (own) return typeof own === 'string' ? own : locale === 'en' ? own.en : own.zh;
  return pick(INTENT, id, locale, locale === 'en' ? 'Other' : '其他');
}

/**
 * A person's name for their WeCom userid, from `names` (a Map or a record of userid → name); a userid with no
 * known name reads as 同事 / "a colleague" rather than the raw id (ids are not for people to read).
 */
export function personName(userid: string | null | undefined, names: ReadonlyMap<string, string> | Readonly<Record<string, string>>, locale = 'zh'): string {
  const unknown = locale === 'en' ? 'a colleague' : '同事';
  if (!userid) return unknown;
  const name = names instanceof Map ? names.get(userid) : (names as Record<string, string>)[userid];
  return name && name.trim() ? name : unknown;
}
