/** @module Intents store: catalogue, examples of the chosen intent, agents' corrections, keyword suggestions, evaluation. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, type EvalReport } from '../api';
import { errorText, resource } from '../resource';
import { useDirectoryStore } from './directory';

export const useIntentsStore = defineStore('adminIntents', () => {
  const intents = resource(async () => (await adminApi.intents()).intents);
  const selected = ref('');
  const examples = resource(async () => (selected.value ? (await adminApi.examples(selected.value)).examples : []));
  const corrections = resource(adminApi.corrections);
  const suggestions = resource(async () => (await adminApi.suggestions()).suggestions);
  const impacts = resource(async () => (await adminApi.keywordImpacts()).impacts);
  const report = ref<EvalReport>();
  const error = ref('');
  async function act(fn: () => Promise<unknown>, reload: { load: () => Promise<void> }[]) {
    error.value = '';
    try { await fn(); await Promise.all(reload.map((r) => r.load())); } catch (err) { error.value = errorText(err).message; }
  }
  const select = (id: string) => { selected.value = id; void examples.load(); };
  const addExample = (text: string) => act(() => adminApi.addExample(selected.value, text), [examples, intents]);
  const removeExample = (id: number) => act(() => adminApi.removeExample(selected.value, id), [examples, intents]);
  const mine = () => act(() => adminApi.mineSuggestions(), [suggestions]);
  const accept = (id: number) => act(() => adminApi.acceptSuggestion(id), [suggestions, intents, impacts]);
  const reject = (id: number) => act(() => adminApi.rejectSuggestion(id), [suggestions]);
  const evaluate = (content: string, format: 'csv' | 'jsonl', name: string) => act(async () => { report.value = await adminApi.evaluate(content, format, name); }, []);
  /** Adds an intent from a corrected message (the text becomes its first example); the pickers learn its name. */
  const createIntent = (labelZh: string, labelEn: string, text: string) => act(async () => { await adminApi.createIntent(labelZh, labelEn, [text]); await useDirectoryStore().refresh(); }, [intents]);
  const loadAll = () => Promise.all([intents.load(), corrections.load(), suggestions.load(), impacts.load()]);
  return { createIntent, intents, selected, examples, corrections, suggestions, impacts, report, error, select, addExample, removeExample, mine, accept, reject, evaluate, loadAll };
});
