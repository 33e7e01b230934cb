/** @module Diagnostics and dashboard stores: read-only tables with their load states. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, type Days } from '../api';
import { errorText, resource } from '../resource';

export const useDiagnosticsStore = defineStore('adminDiagnostics', () => {
  const warnings = resource(async () => (await adminApi.setupWarnings()).warnings);
  const sync = resource(async () => (await adminApi.statusSync()).agents);
  const callbacks = resource(adminApi.callbacks);
  const failures = resource(async () => (await adminApi.outboxFailures()).failures);
  const probes = resource(async () => (await adminApi.probes()).probes);
  const wecomSync = resource(async () => (await adminApi.wecomSync()).jobs);
  const relays = resource(async () => (await adminApi.relays()).items);
  /** The WeCom setup check (capabilities with their console fix) and the warnings no API can show. */
  let runNext = false;
  const setup = resource(() => (runNext ? adminApi.runSetupCheck() : adminApi.setupCheck()));
  async function runSetup() { runNext = true; try { await setup.load(); } finally { runNext = false; } }
  const conversationId = ref<number>();
  const lang = ref<'zh' | 'en'>('zh');
  const decisions = resource(async () => (conversationId.value ? (await adminApi.conversationDecisions(conversationId.value, lang.value)).decisions : []));
  const loadAll = () => Promise.all([warnings, setup, sync, callbacks, failures, probes, wecomSync, relays].map((r) => r.load()));
  return { warnings, setup, runSetup, sync, callbacks, failures, probes, wecomSync, relays, conversationId, lang, decisions, loadAll };
});

export const useDashboardStore = defineStore('adminDashboard', () => {
  const days = ref<Days>(7);
  const percent = ref(20);
  const switches = resource(() => adminApi.switches(days.value));
  const responses = resource(async () => (await adminApi.responses(days.value)).rows);
  const heatmap = resource(() => adminApi.heatmap(days.value));
  const autoReplies = resource(async () => (await adminApi.autoReplies(days.value)).rows);
  const suggestion = resource(() => adminApi.suggestion(days.value, percent.value));
  const acceptError = ref('');
  const loadAll = () => Promise.all([switches, responses, heatmap, autoReplies, suggestion].map((r) => r.load()));
  async function accept() {
    const s = suggestion.data;
    if (!s?.hours.length) return;
    acceptError.value = '';
    try { await adminApi.acceptSuggestion2(s.hours, percent.value); await suggestion.load(); } catch (err) { acceptError.value = errorText(err).message; }
  }
  return { days, percent, switches, responses, heatmap, autoReplies, suggestion, acceptError, loadAll, accept };
});
