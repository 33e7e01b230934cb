/** @module Hash routing for the admin page: `#/rules`, `#/calendar` …; each page is a lazily loaded chunk. */
import { defineAsyncComponent, h, ref, type Component } from 'vue';
import AdminPageFallback from './components/AdminPageFallback.vue';
import { ROUTES, type RouteName } from './routes';

export { ROUTES, type RouteName } from './routes';

const loaders: Record<RouteName, () => Promise<{ default: Component }>> = {
  rules: () => import('./pages/RulesPage.vue'),
  calendar: () => import('./pages/CalendarPage.vue'),
  templates: () => import('./pages/TemplatesPage.vue'),
  duty: () => import('./pages/DutyPage.vue'),
  intents: () => import('./pages/IntentsPage.vue'),
  settings: () => import('./pages/SettingsPage.vue'),
  diagnostics: () => import('./pages/DiagnosticsPage.vue'),
  dashboard: () => import('./pages/DashboardPage.vue'),
  audit: () => import('./pages/AuditPage.vue'),
};

export const PAGES = Object.fromEntries(ROUTES.map((r) => [r, defineAsyncComponent({
  loader: loaders[r],
  loadingComponent: AdminPageFallback,
  errorComponent: () => h(AdminPageFallback, { failed: true }),
  delay: 150,
})])) as Record<RouteName, Component>;

function parse(): RouteName {
  const name = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as RouteName) : 'rules';
}

export const currentRoute = ref<RouteName>(parse());
addEventListener('hashchange', () => { currentRoute.value = parse(); });
