/**
 * @module Pinia setup store of quick replies: the team's modules and my own, rendered for the open customer
 * by the server; search; one-tap send through the JS-SDK adapter (menu cards only where the entry allows).
 */
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { sidebarApi, type QuickReply } from '../common/api/sidebar';
import type { ChatMessage } from '../common/wecom/index';
import { useSidebarSessionStore } from './sidebarSession';
import type { LoadState } from './myStatus';

/** What the adapter sends for a reply: the rendered body, or its text preview where menus are not allowed. */
export function chatMessageFor(reply: QuickReply, menuAllowed: boolean): ChatMessage {
  // a plain copy: the store's objects are reactive proxies, which postMessage/structuredClone refuse
  if (reply.body.msgtype === 'msgmenu' && menuAllowed) return JSON.parse(JSON.stringify(reply.body)) as ChatMessage;
  return { msgtype: 'text', text: { content: reply.preview } };
}

/** How long a deleted quick reply can be brought back. */
export const UNDO_MS = 5_000;

export const useQuickRepliesStore = defineStore('quickReplies', () => {
  const items = ref<QuickReply[]>([]);
  const state = ref<LoadState>('idle');
  /** The last failure (an `ApiError` or what the JS-SDK threw); shown through `errorText`. */
  const error = ref<unknown>(null);
  const query = ref('');
  const sending = ref<string | null>(null);
  const sentId = ref<string | null>(null);
  /** The last failure (an `ApiError` or what the JS-SDK threw); shown through `errorText`. */
  const sendError = ref<unknown>(null);
  let seq = 0;

  const filtered = computed(() => {
    const q = query.value.trim().toLowerCase();
    return q ? items.value.filter((r) => r.name.toLowerCase().includes(q) || r.preview.toLowerCase().includes(q)) : items.value;
  });

  async function load(externalUserid: string) {
    const mine = ++seq;
    if (!items.value.length) state.value = 'loading';
    error.value = null;
    try {
      const r = await sidebarApi.quickReplies(externalUserid, useSidebarSessionStore().entry);
      if (mine === seq) { items.value = r.items; state.value = 'ready'; }
    } catch (err) {
      if (mine !== seq) return;
      error.value = err;
      state.value = 'error';
    }
  }

  async function send(reply: QuickReply) {
    const session = useSidebarSessionStore();
    const adapter = session.adapter;
    if (!adapter) return;
    sending.value = reply.id;
    sendError.value = null;
    try {
      await adapter.sendChatMessage(chatMessageFor(reply, adapter.supportsMenu(session.entry)));
      sentId.value = reply.id;
      const faq = /^faq_(\d+)$/.exec(reply.id);
      if (faq && session.customer) void sidebarApi.faqSent(Number(faq[1]), session.customer).catch(() => undefined);
      setTimeout(() => { if (sentId.value === reply.id) sentId.value = null; }, 2_000);
    } catch (err) {
      sendError.value = err;
    } finally {
      sending.value = null;
    }
  }

  async function addOwn(externalUserid: string, name: string, body: string) {
    await sidebarApi.createQuickReply({ name, body });
    await load(externalUserid);
  }

  /** A deleted reply of my own, still undoable: gone from the list at once, deleted on the server after `UNDO_MS`. */
  const deleting = ref<QuickReply | null>(null);
  const deleteError = ref<unknown>(null);
  let commit: { timer: ReturnType<typeof setTimeout>; run(): Promise<void> } | null = null;

  async function flushDelete() {
    const c = commit;
    commit = null;
    if (c) { clearTimeout(c.timer); await c.run(); }
  }

  /** Deletes one of my replies with a 5 s undo (a second delete first completes the one before). */
  async function removeOwn(externalUserid: string, reply: QuickReply) {
    await flushDelete();
    deleteError.value = null;
    deleting.value = reply;
    items.value = items.value.filter((r) => r.id !== reply.id);
    const run = async () => {
      deleting.value = null;
      try {
        await sidebarApi.deleteQuickReply(reply.id);
      } catch (err) {
        deleteError.value = err;
      }
      await load(externalUserid);
    };
    commit = { timer: setTimeout(() => { void flushDelete(); }, UNDO_MS), run };
  }

  function undoDelete() {
    if (!commit || !deleting.value) return;
    clearTimeout(commit.timer);
    commit = null;
    const back = deleting.value;
    deleting.value = null;
    if (!items.value.some((r) => r.id === back.id)) items.value = [back, ...items.value];
  }

  return { items, state, error, query, sending, sentId, sendError, filtered, deleting, deleteError, load, send, addOwn, removeOwn, undoDelete, flushDelete };
});
