/**
 * @module vue-i18n setup shared by the web pages: Chinese by default, English by toggle; the choice is kept in
 * localStorage. Each page passes its own message tables so a page only ships its own strings. The tables' strings
 * become message functions here (`{name}` placeholders only), so the pages ship without vue-i18n's message
 * compiler (`__INTLIFY_DROP_MESSAGE_COMPILER__` in vite.config.ts): a third of vue-i18n's code, and its work on
 * the first render. A list (`tm('dash.weekday')`) holds message functions too: read its items with `rt`.
 */
import { createI18n, type MessageFunction } from 'vue-i18n';
import { fill, savedLocale, type Locale } from './locale';

export { LOCALES, savedLocale, applyLocale, type Locale } from './locale';

type Named = { named(key: string): unknown };

/**
 * A message string as the function vue-i18n calls instead of compiling it: `{name}` takes the named value
 * (`t('until', { time })`); every other character is literal. The tables use no other vue-i18n syntax
 * (plural `|`, linked `@:`), which the unit test of this module checks.
 */
export function messageFunction(source: string): MessageFunction {
  if (!source.includes('{')) return () => source;
  return ((ctx: Named) => fill(source, (key) => ctx.named(key))) as unknown as MessageFunction;
}

/** A message table with every string (also inside lists) as its message function. */
export function compileMessages<M>(table: M): M {
  if (typeof table === 'string') return messageFunction(table) as M;
  if (Array.isArray(table)) return table.map((x: unknown) => compileMessages(x)) as M;
  if (table && typeof table === 'object') return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, compileMessages(v)])) as M;
  return table;
}

export function setupI18n<M extends object>(messages: Record<Locale, M>, locale: Locale = savedLocale()) {
  const compiled = { zh: compileMessages(messages.zh), en: compileMessages(messages.en) };
  return createI18n<[M], Locale, false>({ legacy: false, locale, fallbackLocale: 'zh', messages: compiled });
}
