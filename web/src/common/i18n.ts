/**
 * @module vue-i18n setup shared by the web pages: Chinese by default, English by toggle; the choice is kept in
 * localStorage. Each page passes its own message tables so a page only ships its own strings.
 */
import { createI18n } from 'vue-i18n';

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

export function setupI18n<M extends object>(messages: Record<Locale, M>, locale: Locale = savedLocale()) {
  return createI18n<[M], Locale, false>({ legacy: false, locale, fallbackLocale: 'zh', messages });
}

/** Switches the page language (the global composer's `locale` ref) and remembers the choice. */
export function applyLocale(current: { value: string }, locale: Locale): void {
  current.value = locale;
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch { /* not persisted; the switch still applies */ }
}
