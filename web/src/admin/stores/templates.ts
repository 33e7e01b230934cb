/** @module Templates store: team templates, the one being edited, validated saves and a debounced live preview. */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { adminApi, bodyText, type Template, type TemplateVariable } from '../api';
import { errorText, resource } from '../resource';
import { deferDelete } from '../feedback/undo';

export const useTemplatesStore = defineStore('adminTemplates', () => {
  const variables = ref<readonly TemplateVariable[]>([]);
  const list = resource(async () => { const r = await adminApi.templates(); variables.value = r.variables; return r.templates; });
  const draft = ref<Template>();
  const issues = ref<{ path: string; message: string }[]>([]);
  const error = ref('');
  const notice = ref('');
  const preview = ref('');
  const previewIssues = ref<{ path: string; message: string }[]>([]);
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The draft as last loaded or saved: a different draft has unsaved changes. */
  const saved = ref('');
  const dirty = () => draft.value !== undefined && JSON.stringify(draft.value) !== saved.value;
  function edit(t: Template) { draft.value = structuredClone(t); saved.value = JSON.stringify(draft.value); issues.value = []; error.value = ''; notice.value = ''; }
  /** Drops the edits (the admin chose to leave): back to the template as loaded or saved, or no editor for a new one never saved. */
  function discard() {
    if (!dirty()) return;
    const stored = list.data?.find((x) => x.id === draft.value?.id);
    if (stored) edit(stored); else draft.value = undefined;
  }
  function create() {
    edit({ id: `tpl_custom_${Date.now().toString(36)}`, name: '', kind: 'custom', msgtype: 'text', body: '' });
  }
  async function save() {
    if (!draft.value) return;
    issues.value = []; error.value = ''; notice.value = '';
    try { await adminApi.saveTemplate(draft.value); saved.value = JSON.stringify(draft.value); notice.value = 'saved'; await list.load(); } catch (err) { const e = errorText(err); error.value = e.message; issues.value = e.issues; }
  }
  /** Deletes with a 5 s undo: the template leaves the list at once and reaches the server only when the 5 s pass. */
  function remove(tp: Template) {
    error.value = '';
    const before = list.data;
    deferDelete({
      label: tp.name || tp.id,
      hide: () => { list.data = before?.filter((x) => x.id !== tp.id); if (draft.value?.id === tp.id) draft.value = undefined; },
      restore: () => { list.data = before; },
      commit: async () => { await adminApi.deleteTemplate(tp.id); await list.load(); },
      onError: (err) => { error.value = errorText(err).message; },
    });
  }
  watch(draft, (t) => {
    clearTimeout(timer);
    if (!t) return;
    timer = setTimeout(async () => {
      try { preview.value = bodyText((await adminApi.previewTemplate(t)).rendered); previewIssues.value = []; } catch (err) { previewIssues.value = errorText(err).issues; }
    }, 250);
  }, { deep: true });
  return { variables, list, draft, issues, error, notice, preview, previewIssues, dirty, discard, edit, create, save, remove };
});
