/**
 * @module The one formatter for everything people read: times in the organisation's zone, durations, and the
 * names of statuses, windows, sources, template kinds, intents and people. Pure (no I/O), used by the server
 * (alerts, pages) and the web (sidebar, admin, demo) alike.
 */
export { clockTime, dayTime, dateTime, durationText, type FormatLocale } from './time';
export { serviceStateLabel } from './words';
export { diagnosticResultLabel } from './diagnostics';
export { statusLabel, windowLabel, sourceLabel, templateKindLabel, intentLabel, personName, labelTable } from './labels';
