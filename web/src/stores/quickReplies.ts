/**
 * @module Pinia setup store of quick replies: the team's modules and my own, rendered for the open customer
 * by the server; search; one-tap send through the JS-SDK adapter (menu cards only where the entry allows).
 */
import { computed, ref } from 'vue';
import { defineStore } from 'pinia';
import { messageOf } from '../common/api/client';
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

export const useQuickRepliesStore = defineStore('quickReplies', () => {
  const items = ref<QuickReply[]>([]);
  const state = ref<LoadState>('idle');
  const error = ref('');
  const query = ref('');
  const sending = ref<string | null>(null);
  const sentId = ref<string | null>(null);
  const sendError = ref('');
  let seq = 0;

  const filtered = computed(() => {
    const q = query.value.trim().toLowerCase();
    return q ? items.value.filter((r) => r.name.toLowerCase().includes(q) || r.preview.toLowerCase().includes(q)) : items.value;
  });

  async function load(externalUserid: string) {
    const mine = ++seq;
    if (!items.value.length) state.value = 'loading';
    error.value = '';
    try {
      const r = await sidebarApi.quickReplies(externalUserid, useSidebarSessionStore().entry);
      if (mine === seq) { items.value = r.items; state.value = 'ready'; }
    } catch (err) {
      if (mine !== seq) return;
      error.value = messageOf(err);
      state.value = 'error';
    }
  }

  async function send(reply: QuickReply) {
    const session = useSidebarSessionStore();
    const adapter = session.adapter;
    if (!adapter) return;
    sending.value = reply.id;
    sendError.value = '';
    try {
      await adapter.sendChatMessage(chatMessageFor(reply, adapter.supportsMenu(session.entry)));
      sentId.value = reply.id;
      const faq = /^faq_(\d+)$/.exec(reply.id);
      if (faq && session.customer) void sidebarApi.faqSent(Number(faq[1]), session.customer).catch(() => undefined);
      setTimeout(() => { if (sentId.value === reply.id) sentId.value = null; }, 2_000);
    } catch (err) {
      sendError.value = messageOf(err);
    } finally {
      sending.value = null;
    }
  }

  async function addOwn(externalUserid: string, name: string, body: string) {
    await sidebarApi.createQuickReply({ name, body });
    await load(externalUserid);
  }

  async function removeOwn(externalUserid: string, id: string) {
    await sidebarApi.deleteQuickReply(id);
    await load(externalUserid);
  }

  return { items, state, error, query, sending, sentId, sendError, filtered, load, send, addOwn, removeOwn };
});
