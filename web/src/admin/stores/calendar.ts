/** @module Calendar store: the org (or a team's) calendar being edited, its year view, imports and the "what happens at…" preview. */
import { defineStore } from 'pinia';
import { ref, toRaw } from 'vue';
import { adminApi, type CalendarConfig, type CalendarPreview, type CalendarTeam, type CalendarWarning } from '../api';
import { errorText, resource } from '../resource';
import { useSessionStore } from './session';
import { localParts } from '../../../../shared/calendar/zone';
import { changed } from '../feedback/unsaved';

export const useCalendarStore = defineStore('adminCalendar', () => {
  const config = ref<CalendarConfig>();
  /** '' = the organisation's calendar; otherwise a 微信客服 account (open_kfid) with its own hours. */
  const team = ref('');
  const teams = ref<CalendarTeam[]>([]);
  const inherited = ref(false);
  /** This calendar running past the statutory holidays it knows (shown until a year is imported). */
  const warnings = ref<CalendarWarning[]>([]);
  const teamArg = () => team.value || undefined;
  const cal = resource(async () => {
    const r = await adminApi.calendar(teamArg());
    config.value = structuredClone(r.config);
    teams.value = r.teams;
    inherited.value = r.inherited;
    warnings.value = r.warnings;
    return r.config;
  });
  /** This year on the organisation's clock (around New Year the device's may differ). */
  const yearNo = ref(localParts(Date.now(), useSessionStore().me?.timeZone ?? 'Asia/Shanghai').year);
  const year = resource(() => adminApi.year(yearNo.value, teamArg()));
  const saving = ref(false);
  const notice = ref('');
  const error = ref('');
  const issues = ref<{ path: string; message: string }[]>([]);
  const preview = ref<CalendarPreview>();
  const previewError = ref('');
  const importErrors = ref<{ line: number; message: string }[]>([]);

  /** The calendar being edited differs from the one loaded (or last saved). */
  const dirty = () => config.value !== undefined && cal.data !== undefined && changed(config.value, cal.data);

  /** Drops the edits: back to the calendar as loaded. */
  function discard() { config.value = cal.data ? structuredClone(toRaw(cal.data)) : undefined; }

  async function save() {
    if (!config.value) return;
    saving.value = true; notice.value = ''; error.value = ''; issues.value = [];
    try {
      const saved = (await adminApi.saveCalendar(config.value, teamArg())).config;
      cal.data = saved; // the new baseline at once: nothing is unsaved while the reload runs
      config.value = structuredClone(saved);
      notice.value = 'saved';
      await Promise.all([cal.load(), year.load()]);
    } catch (err) { const e = errorText(err); error.value = e.message; issues.value = e.issues; } finally { saving.value = false; }
  }
  async function importText(format: 'csv' | 'ics', content: string) {
    importErrors.value = []; notice.value = ''; error.value = '';
    try {
      const r = await adminApi.importCalendar(format, content, teamArg());
      notice.value = `imported:${r.imported}`;
      await Promise.all([cal.load(), year.load()]);
    } catch (err) {
      const e = errorText(err); error.value = e.message;
      importErrors.value = e.issues.map((i) => ({ line: Number(i.path) || 0, message: i.message }));
    }
  }
  async function runPreview(at: string) {
    previewError.value = ''; preview.value = undefined;
    try { preview.value = await adminApi.calendarPreview(at, teamArg()); } catch (err) { previewError.value = errorText(err).message; }
  }
  async function selectTeam(next: string) {
    team.value = next;
    notice.value = ''; error.value = ''; issues.value = [];
    await Promise.all([cal.load(), year.load()]);
  }
  async function resetTeam() {
    if (!team.value) return;
    try { await adminApi.resetTeamCalendar(team.value); await Promise.all([cal.load(), year.load()]); } catch (err) { error.value = errorText(err).message; }
  }
  return { config, dirty, discard, team, teams, inherited, warnings, cal, yearNo, year, saving, notice, error, issues, preview, previewError, importErrors, save, importText, runPreview, selectTeam, resetTeam };
});
