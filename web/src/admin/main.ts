/** @module Entry of the /admin page: Vue app with Pinia and vue-i18n (Chinese default), hash-routed pages. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { setupI18n } from '../common/i18n';
import { adminMessages } from './messages';
import App from './App.vue';
import './admin.css';

const i18n = setupI18n(adminMessages);
document.documentElement.lang = i18n.global.locale.value === 'en' ? 'en' : 'zh-CN';
createApp(App).use(createPinia()).use(i18n).mount('#app');
