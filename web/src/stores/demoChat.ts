/**
 * @module Pinia setup store of the /demo page: the demo session (kf account, customers, agents), the chosen
 * customer's transcript kept live over SSE, messages being sent, and agent status switches.
 */
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { messageOf } from '../common/api/client';
import { demoApi, type DemoAgent, type DemoSession, type SendInput, type TranscriptItem } from '../common/api/demo';
import type { StreamState } from '../common/api/sse';
import { reconcilePending, type PendingMessage } from './demoChatPending';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** How long a sent message may stay unconfirmed before the transcript is fetched again. */
const PENDING_TIMEOUT_MS = 10_000;

export const useDemoChatStore = defineStore('demoChat', () => {
  const session = ref<DemoSession | null>(null);
  const sessionState = ref<LoadState>('idle');
  const sessionError = ref('');
  const customerId = ref<string | null>(null);
  const messages = ref<TranscriptItem[]>([]);
  const transcriptState = ref<LoadState>('idle');
  const transcriptError = ref('');
  const pending = ref<PendingMessage[]>([]);
  const sendError = ref('');
  const stream = ref<StreamState | 'closed'>('closed');
  const agentBusy = ref<Record<string, boolean>>({});
  const agentError = ref('');

  const agents = computed<DemoAgent[]>(() => session.value?.agents ?? []);
  const customers = computed(() => session.value?.customers ?? []);

  let unsubscribe: (() => void) | undefined;
  /** bumped by every transcript update and customer switch: a GET answer started before it is stale */
  let version = 0;
  let localSeq = 0;

  function setMessages(list: TranscriptItem[]) {
    messages.value = list;
    pending.value = reconcilePending(pending.value, list);
    transcriptState.value = 'ready';
    transcriptError.value = '';
  }

  async function loadSession() {
    sessionState.value = 'loading';
    sessionError.value = '';
    try {
      session.value = await demoApi.session();
      sessionState.value = 'ready';
    } catch (err) {
      sessionError.value = messageOf(err);
      sessionState.value = 'error';
      return;
    }
    const list = session.value.customers;
    if (!list.some((c) => c.externalUserid === customerId.value) && list[0]) selectCustomer(list[0].externalUserid);
  }

  async function loadTranscript() {
    const id = customerId.value;
    if (!id) return;
    const started = version;
    if (!messages.value.length) transcriptState.value = 'loading';
    try {
      const t = await demoApi.transcript(id);
      if (id === customerId.value && started === version) setMessages(t.messages);
    } catch (err) {
      if (id !== customerId.value || started !== version) return;
      transcriptError.value = messageOf(err);
      transcriptState.value = 'error';
    }
  }

  function selectCustomer(id: string) {
    if (id === customerId.value && unsubscribe) return;
    unsubscribe?.();
    customerId.value = id;
    messages.value = [];
    pending.value = [];
    sendError.value = '';
    version += 1;
    let previous: StreamState | undefined;
    unsubscribe = demoApi.stream(
      id,
      {
        transcript: (data) => {
          if (id !== customerId.value) return;
          version += 1;
          setMessages(data.messages);
        },
        agents: (data) => {
          if (session.value) session.value.agents = data.agents;
        },
      },
      (state) => {
        stream.value = state;
        if (state === 'open' && previous === 'reconnecting') void loadTranscript(); // catch up on missed events
        previous = state;
      },
    );
    void loadTranscript();
  }

  async function send(input: SendInput) {
    const id = customerId.value;
    const text = input.text.trim();
    if (!id || !text) return;
    sendError.value = '';
    const localId = `local-${++localSeq}`;
    pending.value.push({ localId, text, menuId: input.menuId, knownIds: messages.value.map((m) => m.id) });
    try {
      const { msgid } = await demoApi.send(id, input.menuId ? { text, menuId: input.menuId } : { text });
      const p = pending.value.find((x) => x.localId === localId);
      if (!p) return;
      p.msgid = msgid;
      pending.value = reconcilePending(pending.value, messages.value);
      setTimeout(() => {
        if (!pending.value.some((x) => x.localId === localId)) return;
        pending.value = pending.value.filter((x) => x.localId !== localId);
        void loadTranscript();
      }, PENDING_TIMEOUT_MS);
    } catch (err) {
      pending.value = pending.value.filter((x) => x.localId !== localId);
      sendError.value = messageOf(err);
    }
  }

  /** Opens the chat as a customer who came from a link with `sceneParam` (WeCom's enter_session); errors show like a send's. */
  async function enter(sceneParam: string) {
    const id = customerId.value;
    if (!id) return;
    try {
      await demoApi.enter(id, sceneParam);
    } catch (err) {
      sendError.value = messageOf(err);
    }
  }

  async function refreshAgents() {
    const s = await demoApi.session();
    if (session.value) session.value.agents = s.agents;
  }

  async function setAgentStatus(userid: string, status: DemoAgent['status']) {
    agentBusy.value[userid] = true;
    agentError.value = '';
    try {
      const res = await demoApi.setAgentStatus(userid, status);
      const agent = session.value?.agents.find((a) => a.userid === userid);
      if (agent) agent.status = res.status;
      await refreshAgents();
    } catch (err) {
      agentError.value = messageOf(err);
    } finally {
      agentBusy.value[userid] = false;
    }
  }

  function dispose() {
    unsubscribe?.();
    unsubscribe = undefined;
    stream.value = 'closed';
  }

  return {
    session, sessionState, sessionError, customerId, customers, agents, messages, transcriptState, transcriptError,
    pending, sendError, stream, agentBusy, agentError,
    loadSession, loadTranscript, selectCustomer, send, enter, setAgentStatus, dispose,
  };
});
