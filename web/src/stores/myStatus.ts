/**
 * @module Pinia setup store of the agent's own status: current status (with source and `until`), today's
 * history, who is on duty and the roster (and the org zone, from a deep link when there is no session); kept live by the sidebar's stream (`sidebarLive`).
 */
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { useSidebarSessionStore } from './sidebarSession';
import { takeFirst } from '../sidebar/first-loads';
import { sidebarApi, type MyStatus, type SetMyStatusInput, type SidebarDuty, type StatusHistory } from '../common/api/sidebar';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export const useMyStatusStore = defineStore('myStatus', () => {
  const status = ref<MyStatus | null>(null);
  const state = ref<LoadState>('idle');
  /** The last failure (an `ApiError` or what the JS-SDK threw); shown through `errorText`. */
  const error = ref<unknown>(null);
  const saving = ref(false);
  /** The last failure (an `ApiError` or what the JS-SDK threw); shown through `errorText`. */
  const saveError = ref<unknown>(null);
  const history = ref<StatusHistory | null>(null);
  const historyState = ref<LoadState>('idle');
  const duty = ref<SidebarDuty | null>(null);
  /** The org zone every time on the page is shown in (undefined → the device's zone until loaded). */
  const session = useSidebarSessionStore();
  const timeZone = computed(() => status.value?.timeZone ?? session.linkTimeZone);

  async function load() {
    if (!status.value) state.value = 'loading';
    error.value = null;
    const mine = takeFirst('status') ?? sidebarApi.myStatus();
    const roster = takeFirst('duty') ?? sidebarApi.duty();
    roster.catch(() => undefined); // reported below
    try {
      status.value = await mine; // the header shows it without waiting for the roster
      duty.value = await roster;
      state.value = 'ready';
    } catch (err) {
      error.value = err;
      state.value = 'error';
    }
  }

  async function loadHistory() {
    historyState.value = history.value ? 'ready' : 'loading';
    try {
      history.value = await sidebarApi.history();
      historyState.value = 'ready';
    } catch {
      historyState.value = 'error';
    }
  }

  async function set(input: SetMyStatusInput) {
    saving.value = true;
    saveError.value = null;
    try {
      applyStatus(await sidebarApi.setMyStatus(input));
    } catch (err) {
      saveError.value = err;
    } finally {
      saving.value = false;
    }
  }

  function applyStatus(s: MyStatus) {
    const changed = !status.value || status.value.changedAt !== s.changedAt || status.value.status !== s.status;
    status.value = s;
    state.value = 'ready';
    if (changed && history.value) void loadHistory();
  }
  function applyDuty(d: SidebarDuty) { duty.value = d; }

  return { status, timeZone, state, error, saving, saveError, history, historyState, duty, load, loadHistory, set, applyStatus, applyDuty };
});
