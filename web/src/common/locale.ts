/**
 * @module The page language without vue-i18n: Chinese by default, English by toggle, the choice kept in
 * localStorage. `i18n.ts` builds vue-i18n on it; a first screen that shows before vue-i18n loads (the sidebar's
 * header) reads and switches the language here.
 */
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

/** Switches the page language (the global composer's `locale` ref) and remembers the choice. */
export function applyLocale(current: { value: string }, locale: Locale): void {
  current.value = locale;
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch { /* not persisted; the switch still applies */ }
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** A message with its `{name}` placeholders filled from `named` (a missing value: empty); every other character is literal. */
export function fill(source: string, named: (key: string) => unknown = () => undefined): string {
  return source.replace(PLACEHOLDER, (_, key: string) => {
    const v = named(key);
    return v === undefined || v === null ? '' : String(v);
  });
}
