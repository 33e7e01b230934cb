/**
 * @module vue-i18n for the sidebar, installed on the running app once the first screen (the header, which needs
 * none of it) is shown: everything below the header uses it. Its locale follows the sidebar's (`locale.ts`).
 */
import { watch, type App } from 'vue';
import { setupI18n } from '../common/i18n';
import { locale } from './locale';
import { sidebarMessages } from './messages';

const installed = new WeakSet<App>();

export function installI18n(app: App): void {
  if (installed.has(app)) return;
  installed.add(app);
  const i18n = setupI18n(sidebarMessages, locale.value);
  app.use(i18n);
  watch(locale, (l) => { i18n.global.locale.value = l; }, { flush: 'sync' });
}
