/**
 * @module Pinia setup store of the sidebar session: who is signed in (WeCom OAuth cookie; 401 → sign-in
 * redirect), the JS-SDK adapter, where the page was opened (entry), the open chat's customer and the device's
 * network. The other sidebar stores read it; it reads none of them (the live stream is `sidebarLive`).
 * Opened with a duty manager's deep link (`?link=<token>#/c/<id>`) it needs no sign-in: it shows that one
 * conversation, read-only (`phase` 'link').
 */
import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import { ApiError } from '../common/api/client';
import { demoApi, type DemoCustomer } from '../common/api/demo';
import { authApi, goSignIn, type Me } from '../common/api/auth';
import { sidebarApi } from '../common/api/sidebar';
import { takeFirst } from '../sidebar/first-loads';
import { createWecomAdapter, type ChatMessage, type WecomAdapter, type WecomEntry } from '../common/wecom/index';

export type SessionPhase = 'booting' | 'signin' | 'pick' | 'ready' | 'link' | 'error';

export const useSidebarSessionStore = defineStore('sidebarSession', () => {
  const phase = ref<SessionPhase>('booting');
  /** The last failure (an `ApiError` or what the JS-SDK threw); shown through `errorText`. */
  const error = ref<unknown>(null);
  const me = ref<Me | null>(null);
  const adapter = shallowRef<(WecomAdapter & { setCustomer?(id: string): void }) | null>(null);
  const entry = ref<WecomEntry>('normal');
  const customer = ref<string | null>(null);
  const demoCustomers = ref<DemoCustomer[]>([]);
  /** `?agent=` asked for someone else than the signed-in agent (demo mode). */
  const wantedAgent = ref<string | null>(null);
  /** The deep-link token this page was opened with (`?link=`), or null for an agent's own sidebar. */
  const link = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('link');
  /** Read-only: a deep link shows, it does not act (intent corrections, replies and statuses need a session). */
  const readOnly = link !== null;
  const linkExpired = ref(false);
  /** The zone the linked conversation's times are shown in (an agent's comes with their status). */
  const linkTimeZone = ref<string | undefined>(undefined);
  /** The device's network (mobile webviews drop often); `sidebarLive` reconnects and refreshes when it is back. */
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  if (typeof window !== 'undefined') {
    addEventListener('offline', () => { online.value = false; });
    addEventListener('online', () => { online.value = true; });
  }

  /** Bot data (intent, decisions) exists only for 微信客服 chats. */
  const hasBotData = computed(() => entry.value === 'single_kf_tools');

  /**
   * Demo mode: what the mock adapter sends reaches the customer's chat through the simulator, as the real client's
   * would. Without the demo API (404: a live server opened in a plain browser) the message is only recorded.
   */
  async function relayToDemo(externalUserid: string, message: ChatMessage): Promise<void> {
    if (!me.value) return;
    try {
      await demoApi.agentMessage(externalUserid, { userid: me.value.userid, message });
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }

  /** A deep link opens its one conversation: no sign-in, no JS-SDK (a manager may open it from any browser). */
  async function bootLink(token: string) {
    try {
      const opened = await sidebarApi.link(token);
      entry.value = 'single_kf_tools';
      linkTimeZone.value = opened.timeZone;
      customer.value = opened.externalUserid;
      phase.value = 'link';
    } catch (err) {
      linkExpired.value = err instanceof ApiError && err.status === 401;
      error.value = err;
      phase.value = 'error';
    }
  }

  async function boot() {
    phase.value = 'booting';
    error.value = null;
    if (link) { await bootLink(link); return; }
    // who I am and which chat this is, in parallel: the customer's data starts loading before /auth/me answers
    const context = (async () => {
      adapter.value ??= await createWecomAdapter((url) => takeFirst('jssdk', url) ?? sidebarApi.jssdkConfig(url), relayToDemo);
      const [e, c] = await Promise.all([adapter.value.getEntry(), adapter.value.getCustomer()]);
      entry.value = e;
      customer.value = c;
    })();
    context.catch(() => {}); // reported below, once we know the session is valid
    try {
      me.value = await (takeFirst('me') ?? authApi.me());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) { phase.value = 'signin'; goSignIn(); return; }
      error.value = err;
      phase.value = 'error';
      return;
    }
    const agent = new URLSearchParams(location.search).get('agent');
    wantedAgent.value = agent && agent !== me.value.userid ? agent : null;
    try {
      await context;
    } catch (err) {
      error.value = err;
      phase.value = 'error';
      return;
    }
    if (!customer.value && adapter.value?.kind === 'mock') {
      demoCustomers.value = (await demoApi.session().catch(() => null))?.customers ?? [];
      phase.value = 'pick';
    } else {
      phase.value = 'ready';
    }
  }

  function pickCustomer(id: string) {
    adapter.value?.setCustomer?.(id);
    customer.value = id;
    const url = new URL(location.href);
    url.searchParams.set('customer', id);
    history.replaceState(null, '', url);
    phase.value = 'ready';
  }

  async function switchAgent() {
    await authApi.logout().catch(() => {});
    goSignIn();
  }

  return { phase, error, me, adapter, entry, customer, online, demoCustomers, wantedAgent, link, readOnly, linkExpired, linkTimeZone, hasBotData, boot, pickCustomer, switchAgent };
});
