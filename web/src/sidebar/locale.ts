/**
 * @module The sidebar's language, before and after vue-i18n loads: the header reads and switches it here (its
 * words from `head-words.ts`), and `i18n-install.ts` keeps vue-i18n's locale on it.
 */
import { ref } from 'vue';
import { applyLocale, fill, savedLocale, type Locale } from '../common/locale';
import { headWords } from './head-words';

export const locale = ref<Locale>(savedLocale());

/** A header word in the current language, `{name}` placeholders filled from `named`. */
export const headText = (key: keyof typeof headWords.zh, named: Record<string, unknown> = {}): string =>
  fill(headWords[locale.value][key], (k) => named[k]);

export const toggleLocale = (): void => applyLocale(locale, locale.value === 'zh' ? 'en' : 'zh');
