/** @module The admin page's routes by name (`#/rules` …): a plain list, so tests and the screen inventory can read it. */
export const ROUTES = ['rules', 'calendar', 'templates', 'duty', 'intents', 'settings', 'diagnostics', 'dashboard', 'audit'] as const;
export type RouteName = (typeof ROUTES)[number];
