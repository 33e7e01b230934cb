/**
 * @module vue-i18n setup shared by the web pages: Chinese by default, English by toggle; the choice is kept in
 * localStorage. Each page passes its own message tables so a page only ships its own strings. The tables' strings
 * become message functions here (`{name}` placeholders only), so the pages ship without vue-i18n's message
 * compiler (`__INTLIFY_DROP_MESSAGE_COMPILER__` in vite.config.ts): a third of vue-i18n's code, and its work on
 * the first render. A list (`tm('dash.weekday')`) holds message functions too: read its items with `rt`.
 */
import { createI18n, type MessageFunction } from 'vue-i18n';

export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'moonshift.locale';

export function savedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh'; // storage disabled (private mode, sandboxed webview)
  }
}

type Named = { named(key: string): unknown };
const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * A message string as the function vue-i18n calls instead of compiling it: `{name}` takes the named value
 * (`t('until', { time })`); every other character is literal. The tables use no other vue-i18n syntax
 * (plural `|`, linked `@:`), which the unit test of this module checks.
 */
export function messageFunction(source: string): MessageFunction {
  if (!source.includes('{')) return () => source;
  return ((ctx: Named) => source.replace(PLACEHOLDER, (_, key: string) => {
    const v = ctx.named(key);
    return v === undefined || v === null ? '' : String(v);
  })) as unknown as MessageFunction;
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

/** Switches the page language (the global composer's `locale` ref) and remembers the choice. */
export function applyLocale(current: { value: string }, locale: Locale): void {
  current.value = locale;
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch { /* not persisted; the switch still applies */ }
}
