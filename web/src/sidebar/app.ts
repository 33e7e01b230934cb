/**
 * @module The sidebar's Vue app with Pinia and vue-i18n (Chinese default), mounted by `main.ts` once the first
 * requests are under way. The tabs' panels load after the first screen (App.vue).
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { setupI18n } from '../common/i18n';
import { sidebarMessages } from './messages';
import App from './App.vue';
import './sidebar.css';

const i18n = setupI18n(sidebarMessages);
document.documentElement.lang = i18n.global.locale.value === 'en' ? 'en' : 'zh-CN';
createApp(App).use(createPinia()).use(i18n).mount('#app');
