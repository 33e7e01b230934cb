/**
 * @module Pinia setup store of the sidebar session: who is signed in (WeCom OAuth cookie; 401 → sign-in
 * redirect), the JS-SDK adapter, where the page was opened (entry) and the open chat's customer, and the one
 * SSE stream that feeds the status, roster and conversation stores.
 */
import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import { ApiError, demoApi, subscribe, type DemoCustomer, type StreamState } from '../common/api';
import { goSignIn, sidebarApi, type ConversationChange, type Me, type MyStatus, type SidebarDuty } from '../common/api-sidebar';
import { createWecomAdapter, type WecomAdapter, type WecomEntry } from '../common/wecom/index';
import { useMyStatusStore } from './myStatus';
import { useCustomerContextStore } from './customerContext';

export type SessionPhase = 'booting' | 'signin' | 'pick' | 'ready' | 'error';

export const useSidebarSessionStore = defineStore('sidebarSession', () => {
  const phase = ref<SessionPhase>('booting');
  const error = ref('');
  const me = ref<Me | null>(null);
  const adapter = shallowRef<(WecomAdapter & { setCustomer?(id: string): void }) | null>(null);
  const entry = ref<WecomEntry>('normal');
  const customer = ref<string | null>(null);
  const stream = ref<StreamState | 'closed'>('closed');
  const demoCustomers = ref<DemoCustomer[]>([]);
  /** `?agent=` asked for someone else than the signed-in agent (demo mode). */
  const wantedAgent = ref<string | null>(null);
  /** The device's network (mobile webviews drop often); back online → reconnect the stream and refresh. */
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  let unsubscribe: (() => void) | undefined;
  if (typeof window !== 'undefined') {
    addEventListener('offline', () => { online.value = false; });
    addEventListener('online', () => {
      online.value = true;
      if (phase.value !== 'ready') return;
      connect();
      void useMyStatusStore().load();
      if (customer.value) void useCustomerContextStore().load(customer.value);
    });
  }
  const offline = computed(() => !online.value || stream.value === 'reconnecting');

  /** Bot data (intent, decisions) exists only for 微信客服 chats. */
  const hasBotData = computed(() => entry.value === 'single_kf_tools');

  async function boot() {
    phase.value = 'booting';
    error.value = '';
    // who I am and which chat this is, in parallel: the customer's data starts loading before /auth/me answers
    const context = (async () => {
      adapter.value ??= await createWecomAdapter(sidebarApi.jssdkConfig);
      const [e, c] = await Promise.all([adapter.value.getEntry(), adapter.value.getCustomer()]);
      entry.value = e;
      customer.value = c;
    })();
    context.catch(() => {}); // reported below, once we know the session is valid
    try {
      me.value = await sidebarApi.me();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) { phase.value = 'signin'; goSignIn(); return; }
      error.value = err instanceof Error ? err.message : String(err);
      phase.value = 'error';
      return;
    }
    const agent = new URLSearchParams(location.search).get('agent');
    wantedAgent.value = agent && agent !== me.value.userid ? agent : null;
    try {
      await context;
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
      phase.value = 'error';
      return;
    }
    if (!customer.value && adapter.value?.kind === 'mock') {
      demoCustomers.value = (await demoApi.session().catch(() => null))?.customers ?? [];
      phase.value = 'pick';
    } else {
      phase.value = 'ready';
    }
    connect();
  }

  function pickCustomer(id: string) {
    adapter.value?.setCustomer?.(id);
    customer.value = id;
    const url = new URL(location.href);
    url.searchParams.set('customer', id);
    history.replaceState(null, '', url);
    phase.value = 'ready';
    connect();
  }

  async function switchAgent() {
    await sidebarApi.logout().catch(() => {});
    goSignIn();
  }

  function connect() {
    unsubscribe?.();
    const status = useMyStatusStore();
    const conv = useCustomerContextStore();
    unsubscribe = subscribe(sidebarApi.streamUrl(customer.value), {
      ready: (d) => {
        const r = d as { status: MyStatus; duty: SidebarDuty };
        status.applyStatus(r.status);
        status.applyDuty(r.duty);
      },
      status: (d) => status.applyStatus(d as MyStatus),
      duty: (d) => status.applyDuty(d as SidebarDuty),
      conversation: (d) => conv.onChange(d as ConversationChange),
    }, (s) => { stream.value = s; });
  }

  return { phase, error, me, adapter, entry, customer, stream, online, offline, demoCustomers, wantedAgent, hasBotData, boot, pickCustomer, switchAgent };
});
