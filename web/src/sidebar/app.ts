/**
 * @module The sidebar's Vue app with Pinia, mounted by `main.ts` once the first requests are under way. The
 * header needs no vue-i18n; App.vue installs it with what is below the header, and the tabs' panels load after
 * the first screen.
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { locale } from './locale';
import App from './App.vue';
import './sidebar.css';

document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN';
createApp(App).use(createPinia()).mount('#app');
