/** @module Calendar store: the org calendar being edited, its year view, imports and the "what happens at…" preview. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, type CalendarConfig, type CalendarPreview } from '../api';
import { errorText, resource } from '../resource';

export const useCalendarStore = defineStore('adminCalendar', () => {
  const config = ref<CalendarConfig>();
  const cal = resource(async () => { const r = await adminApi.calendar(); config.value = structuredClone(r.config); return r.config; });
  const yearNo = ref(new Date().getFullYear());
  const year = resource(() => adminApi.year(yearNo.value));
  const saving = ref(false);
  const notice = ref('');
  const error = ref('');
  const issues = ref<{ path: string; message: string }[]>([]);
  const preview = ref<CalendarPreview>();
  const previewError = ref('');
  const importErrors = ref<{ line: number; message: string }[]>([]);

  async function save() {
    if (!config.value) return;
    saving.value = true; notice.value = ''; error.value = ''; issues.value = [];
    try {
      config.value = structuredClone((await adminApi.saveCalendar(config.value)).config);
      notice.value = 'saved';
      await year.load();
    } catch (err) { const e = errorText(err); error.value = e.message; issues.value = e.issues; } finally { saving.value = false; }
  }
  async function importText(format: 'csv' | 'ics', content: string) {
    importErrors.value = []; notice.value = ''; error.value = '';
    try {
      const r = await adminApi.importCalendar(format, content);
      notice.value = `imported:${r.imported}`;
      await Promise.all([cal.load(), year.load()]);
    } catch (err) {
      const e = errorText(err); error.value = e.message;
      importErrors.value = e.issues.map((i) => ({ line: Number(i.path) || 0, message: i.message }));
    }
  }
  async function runPreview(at: string) {
    previewError.value = ''; preview.value = undefined;
    try { preview.value = await adminApi.calendarPreview(at); } catch (err) { previewError.value = errorText(err).message; }
  }
  return { config, cal, yearNo, year, saving, notice, error, issues, preview, previewError, importErrors, save, importText, runPreview };
});
