/**
 * @module The real adapter on `@wecom/jssdk` (loaded only inside the WeCom client): `ww.register` with the
 * corp and app signatures served by our server for the page URL (hash routing keeps it constant).
 */
import * as ww from '@wecom/jssdk';
import type { JsSdkConfig } from '../api/sidebar';
import { supportsMenu, type ChatMessage, type WecomAdapter, type WecomEntry } from './types';

export function createRealAdapter(fetchConfig: (url: string) => Promise<JsSdkConfig>, corp: { corpId: string; agentId: number; jsApiList: string[] }): WecomAdapter {
  // One signature request per URL serves both factories (they are asked for the same URL).
  const cache = new Map<string, Promise<JsSdkConfig>>();
  const configFor = (url: string) => {
    let p = cache.get(url);
    if (!p) { p = fetchConfig(url); cache.set(url, p); }
    return p;
  };
  ww.register({
    corpId: corp.corpId,
    agentId: corp.agentId,
    jsApiList: corp.jsApiList,
    getConfigSignature: async (url) => (await configFor(url)).config,
    getAgentConfigSignature: async (url) => (await configFor(url)).agentConfig,
  });
  return {
    kind: 'real',
    async getEntry() {
      return (await ww.getContext()).entry as WecomEntry;
    },
    async getCustomer() {
      try {
        return (await ww.getCurExternalContact()).userId || null;
      } catch {
        return null; // entry without an external contact
      }
    },
    async sendChatMessage(message: ChatMessage) {
      if (message.msgtype === 'text') {
        await ww.sendChatMessage({ msgtype: 'text', text: { content: message.text.content } });
        return;
      }
      // the JS-SDK's menu has no tail: append it as a text item
      const list = message.msgmenu.list.map((it) => (it.type === 'click' ? { type: 'click' as const, click: it.click } : { type: 'view' as const, view: it.view }));
      await ww.sendChatMessage({ msgtype: 'msgmenu', msgmenu: { head_content: [message.msgmenu.head_content, message.msgmenu.tail_content].filter(Boolean).join('\n'), list } });
    },
    supportsMenu,
  };
}
