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

export function createMockAdapter(params: URLSearchParams): WecomAdapter & { setCustomer(id: string): void } {
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
      return Promise.resolve();
    },
    supportsMenu,
  };
}
