/**
 * @module Pinia setup store of the open chat's customer: context (nickname, state, latest messages with
 * intent and emotion, main intent, emotion trend), the bot's decisions with reasons, appointments, and intent
 * corrections. Refreshed when the SSE stream reports a change in the conversation.
 */
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { ApiError } from '../common/api/client';
import {
  sidebarApi, type ConversationChange, type CustomerContext, type DecisionView, type SidebarAppointments,
} from '../common/api/sidebar';
import type { LoadState } from './myStatus';
import { useSidebarSessionStore } from './sidebarSession';
import { takeFirst } from '../sidebar/first-loads';

export const useCustomerContextStore = defineStore('customerContext', () => {
  const customer = ref<string | null>(null);
  const context = ref<CustomerContext | null>(null);
  const state = ref<LoadState>('idle');
  /** The last failure (an `ApiError` or what the JS-SDK threw); shown through `errorText`. */
  const error = ref<unknown>(null);
  const decisions = ref<DecisionView[]>([]);
  const decisionsState = ref<LoadState>('idle');
  const appointments = ref<SidebarAppointments | null>(null);
  /** `unavailable`: the appointments API is not there (404) — shown as an empty state. */
  const appointmentsState = ref<LoadState | 'unavailable'>('idle');
  const correcting = ref<string | null>(null);
  /** The last failure (an `ApiError` or what the JS-SDK threw); shown through `errorText`. */
  const correctError = ref<unknown>(null);

  const lastCustomerMessage = computed(() => [...(context.value?.messages ?? [])].reverse().find((m) => m.from === 'customer') ?? null);
  const labels = computed(() => new Map((context.value?.intents ?? []).map((i) => [i.id, i])));

  async function load(externalUserid: string) {
    if (customer.value !== externalUserid) { customer.value = externalUserid; context.value = null; }
    if (!context.value) state.value = 'loading';
    error.value = null;
    try {
      const session = useSidebarSessionStore();
      const c = await (takeFirst('context', `${externalUserid} ${session.entry}`) ?? sidebarApi.context(externalUserid, session.entry, session.link ?? undefined));
      if (customer.value === externalUserid) { context.value = c; state.value = 'ready'; }
    } catch (err) {
      error.value = err;
      state.value = 'error';
    }
  }

  async function loadDecisions() {
    const id = context.value?.conversation?.id;
    if (!id) { decisions.value = []; decisionsState.value = 'ready'; return; }
    if (!decisions.value.length) decisionsState.value = 'loading';
    try {
      decisions.value = (await sidebarApi.decisions(id, useSidebarSessionStore().link ?? undefined)).items;
      decisionsState.value = 'ready';
    } catch {
      decisionsState.value = 'error';
    }
  }

  async function loadAppointments() {
    if (!customer.value) return;
    if (!appointments.value) appointmentsState.value = 'loading';
    try {
      appointments.value = await sidebarApi.appointments(customer.value);
      appointmentsState.value = 'ready';
    } catch (err) {
      appointmentsState.value = err instanceof ApiError && err.status === 404 ? 'unavailable' : 'error';
    }
  }

  async function correctIntent(msgid: string, intent: string) {
    correcting.value = msgid;
    correctError.value = null;
    try {
      await sidebarApi.correctIntent(msgid, intent);
      const m = context.value?.messages.find((x) => x.id === msgid);
      if (m) { m.intent = intent; m.confidence = 1; m.intentSource = 'stored'; }
      if (customer.value) await load(customer.value);
    } catch (err) {
      correctError.value = err;
    } finally {
      correcting.value = null;
    }
  }

  /** Saves the agents' note and tags on this customer; a colleague's change meanwhile (409) reloads theirs. */
  async function saveProfile(note: string, tags: string[]): Promise<'saved' | 'conflict'> {
    const id = customer.value;
    const base = context.value?.profile.updatedAt ?? null;
    if (!id || !context.value) return 'conflict';
    try {
      context.value.profile = await sidebarApi.setCustomerProfile(id, { note, tags, baseUpdatedAt: base });
      return 'saved';
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) { await load(id); return 'conflict'; }
      throw err;
    }
  }

  function onChange(change: ConversationChange) {
    if (!customer.value) return;
    void load(customer.value).then(() => {
      if (decisionsState.value !== 'idle' || change.what === 'decision') void loadDecisions();
    });
  }

  return {
    customer, context, state, error, decisions, decisionsState, appointments, appointmentsState, correcting, correctError,
    lastCustomerMessage, labels, load, loadDecisions, loadAppointments, correctIntent, saveProfile, onChange,
  };
});
