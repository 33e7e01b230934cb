/** @module Entry of the /admin page: Vue app with Pinia and vue-i18n (Chinese default), hash-routed pages. */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { i18n } from './i18n';
import App from './App.vue';
import './admin.css';

document.documentElement.lang = i18n.global.locale.value === 'en' ? 'en' : 'zh-CN';
createApp(App).use(createPinia()).use(i18n).mount('#app');
