/**
 * @module Rules store: the engine catalogue, rule-set versions, the rule list being edited (a copy of the active
 * version's body), draft → test → publish → roll back.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { adminApi, type Rule, type RuleSet, type RuleTestInput, type RuleTestResult, type Template } from '../api';
import { errorText, resource } from '../resource';
import { cleanParams } from '../rule-form';

export const useRulesStore = defineStore('adminRules', () => {
  const catalogue = resource(adminApi.catalogue);
  const versions = resource(async () => (await adminApi.ruleSets()).ruleSets);
  const templates = ref<Template[]>([]);
  const rules = ref<Rule[]>([]);
  const settings = ref<RuleSet['settings']>();
  const baseVersion = ref('');
  const dirty = ref(false);
  const busy = ref(false);
  const notice = ref('');
  const error = ref('');
  const issues = ref<{ path: string; message: string }[]>([]);
  const lastDraft = ref('');
  const testResult = ref<RuleTestResult>();
  const testError = ref('');
  const editing = resource(async () => {
    const list = (await adminApi.ruleSets()).ruleSets;
    const active = list.find((r) => r.active) ?? list[0];
    if (!active) return null;
    const detail = await adminApi.ruleSet(active.version);
    rules.value = structuredClone(detail.body.rules).sort((a, b) => b.priority - a.priority);
    settings.value = detail.body.settings;
    baseVersion.value = active.version;
    dirty.value = false;
    return active.version;
  });
  const activeVersion = computed(() => versions.data?.find((v) => v.active)?.version ?? '');

  async function loadAll() {
    await Promise.all([catalogue.load(), versions.load(), editing.load(),
      adminApi.templates().then((r) => { templates.value = r.templates; }).catch(() => { templates.value = []; })]);
  }

  function schemaOf(kind: 'conditions' | 'actions', id: string) {
    return catalogue.data?.[kind].find((e) => e.id === id)?.params;
  }

  /** The body as the API wants it: optional empties dropped, sorted by priority. */
  function body(): { rules: Rule[]; settings?: RuleSet['settings'] } {
    const clean = (node: Rule['when']): Rule['when'] => {
      const g = node as { all?: Rule['when'][]; any?: Rule['when'][]; not?: Rule['when']; type?: unknown };
      if (typeof g.type !== 'string') {
        if (g.all) return { all: g.all.map(clean) };
        if (g.any) return { any: g.any.map(clean) };
        if (g.not) return { not: clean(g.not) };
      }
      return cleanParams(node as Record<string, unknown> & { type: string }, schemaOf('conditions', String(g.type)));
    };
    const out = rules.value.map((r) => ({ ...r, when: clean(r.when), then: r.then.map((a) => cleanParams(a, schemaOf('actions', a.type))) }));
    return settings.value ? { rules: out, settings: settings.value } : { rules: out };
  }

  async function run<T>(fn: () => Promise<T>, ok: (v: T) => string): Promise<T | undefined> {
    busy.value = true; notice.value = ''; error.value = ''; issues.value = [];
    try {
      const v = await fn();
      notice.value = ok(v);
      return v;
    } catch (err) {
      const e = errorText(err);
      error.value = e.message; issues.value = e.issues;
      return undefined;
    } finally { busy.value = false; }
  }

  async function saveDraft(note?: string) {
    const r = await run(async () => { const v = await adminApi.createRuleSet(body(), note); await versions.load(); return v; }, (v) => v.version);
    if (r) { lastDraft.value = r.version; dirty.value = false; }
    return r?.version;
  }
  async function publish(version: string) {
    // Reload before the notice shows, so "published" means the list on screen is the published one.
    return run(async () => { const r = await adminApi.publish(version); await Promise.all([versions.load(), editing.load()]); return r; }, (v) => v.active);
  }
  /** `version`: any earlier published version; without it, the one active before the current one. */
  async function rollback(version?: string) {
    return run(async () => { const r = await adminApi.rollback(version); await Promise.all([versions.load(), editing.load()]); return r; }, (v) => v.active);
  }
  /** The rules of `version` next to the active version's, for the readable diff. */
  const diff = ref<{ version: string; from: Rule[]; to: Rule[] }>();
  async function loadDiff(version: string) {
    const active = activeVersion.value;
    const [to, from] = await Promise.all([adminApi.ruleSet(version), active ? adminApi.ruleSet(active) : undefined]);
    diff.value = { version, from: from?.body.rules ?? [], to: to.body.rules };
  }
  /** `target`: the edited rules ('draft'), the active version ('active'), or any stored version by name. */
  async function test(input: Omit<RuleTestInput, 'body' | 'version'>, target: string) {
    testError.value = ''; testResult.value = undefined;
    try {
      testResult.value = await adminApi.testRule(target === 'draft' ? { ...input, body: body() } : { ...input, version: target === 'active' ? activeVersion.value : target });
    } catch (err) {
      const e = errorText(err);
      testError.value = [e.message, ...e.issues.map((i) => i.message)].join('\n');
    }
  }

  return {
    catalogue, versions, editing, templates, rules, settings, baseVersion, dirty, busy, notice, error, issues, lastDraft,
    testResult, testError, activeVersion, loadAll, schemaOf, body, saveDraft, publish, rollback, test, diff, loadDiff,
  };
});
