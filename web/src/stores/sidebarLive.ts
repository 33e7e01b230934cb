/**
 * @module Pinia setup store of the sidebar's one live stream: connected while the session is signed in (again
 * when the customer changes or the device is back online, refreshing what may have been missed), it feeds my
 * status, the roster and the open conversation's changes into their stores.
 */
import { computed, ref, watch } from 'vue';
import { defineStore } from 'pinia';
import { sidebarApi } from '../common/api/sidebar';
import type { StreamState } from '../common/api/sse';
import { useCustomerContextStore } from './customerContext';
import { useMyStatusStore } from './myStatus';
import { useSidebarSessionStore } from './sidebarSession';

export const useSidebarLiveStore = defineStore('sidebarLive', () => {
  const session = useSidebarSessionStore();
  const status = useMyStatusStore();
  const conversation = useCustomerContextStore();
  const stream = ref<StreamState | 'closed'>('closed');
  let unsubscribe: (() => void) | undefined;

  function connect() {
    unsubscribe?.();
    unsubscribe = sidebarApi.stream(session.customer, {
      ready: (r) => { status.applyStatus(r.status); status.applyDuty(r.duty); },
      status: (s) => status.applyStatus(s),
      duty: (d) => status.applyDuty(d),
      conversation: (change) => conversation.onChange(change),
    }, (s) => { stream.value = s; });
  }
  function disconnect() {
    unsubscribe?.();
    unsubscribe = undefined;
    stream.value = 'closed';
  }

  const signedIn = computed(() => session.phase === 'ready' || session.phase === 'pick');
  /**
   * My status and the open chat's context have answered (or failed): the stream, whose first event repeats my status
   * and the roster, waits for them rather than compete with them for the server and the page (the first screen).
   */
  const firstAnswered = computed(() => status.state !== 'loading' && (!session.customer || conversation.state !== 'loading'));
  watch([() => signedIn.value && firstAnswered.value, () => session.customer], ([on]) => (on ? connect() : disconnect()), { immediate: true });
  watch(() => session.online, (online) => {
    if (!online || session.phase !== 'ready') return;
    connect();
    void status.load();
    if (session.customer) void conversation.load(session.customer);
  });

  const offline = computed(() => !session.online || stream.value === 'reconnecting');
  return { stream, offline };
});
