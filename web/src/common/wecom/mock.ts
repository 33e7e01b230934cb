/**
 * @module The mock adapter used outside the WeCom client: the customer and entry come from the URL
 * (`?customer=…&entry=…`) or the demo picker, and every `sendChatMessage` is recorded in
 * `window.__moonshiftSent` (tests read it) instead of reaching a chat.
 */
import { supportsMenu, type ChatMessage, type WecomAdapter, type WecomEntry } from './types';

export interface SentRecord { at: number; customer: string | null; message: ChatMessage }

declare global {
  interface Window { __moonshiftSent?: SentRecord[] }
}

/**
 * Where a sent message goes besides the record: in demo mode, into the customer's chat through the simulator (as the
 * WeCom client would put it there), so /demo shows it.
 */
export type ChatRelay = (customer: string, message: ChatMessage) => Promise<void>;

export function createMockAdapter(params: URLSearchParams, relay?: ChatRelay): WecomAdapter & { setCustomer(id: string): void } {
  let customer = params.get('customer');
  const entry = (params.get('entry') ?? 'single_kf_tools') as WecomEntry;
  window.__moonshiftSent ??= [];
  return {
    kind: 'mock',
    getEntry: () => Promise.resolve(entry),
    getCustomer: () => Promise.resolve(customer),
    setCustomer(id: string) { customer = id; },
    sendChatMessage(message: ChatMessage) {
      if (message.msgtype === 'msgmenu' && !supportsMenu(entry)) return Promise.reject(new Error('sendChatMessage:fail msgmenu only in single_kf_tools'));
      window.__moonshiftSent!.push({ at: Date.now(), customer, message: JSON.parse(JSON.stringify(message)) as ChatMessage });
      // only a 微信客服 chat exists in the demo: a 客户联系 chat (single_chat_tools) has nowhere to go
      return relay && customer && entry === 'single_kf_tools' ? relay(customer, message) : Promise.resolve();
    },
    supportsMenu,
  };
}
