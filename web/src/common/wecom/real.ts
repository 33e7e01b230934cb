/**
 * @module The real adapter on `@wecom/jssdk` (loaded only inside the WeCom client): `ww.register` with the
 * corp and app signatures served by our server for the page URL (hash routing keeps it constant); the
 * client checks them before any API that acts on the chat. SDK failures (`{errMsg}` objects) become Errors.
 */
import * as ww from '@wecom/jssdk';
import type { MenuMessage, MenuMessageItem } from '@wecom/jssdk';
import type { JsSdkConfig } from '../api/sidebar';
import { supportsMenu, type ChatMenuItem, type ChatMessage, type WecomAdapter, type WecomEntry } from './types';

/**
 * The JS-SDK's menu (`sendChatMessage`, msgtype `msgmenu`, entry `single_kf_tools` only): items click, view and
 * miniprogram with `page` (not kf/send_msg's `pagepath`); it has no text item and no tail, so the tail joins
 * the head (WECOM.md §5, the pinned SDK's `MenuMessage`).
 */
export function toJsMenu(menu: { head_content: string; list: ChatMenuItem[]; tail_content?: string }): MenuMessage['msgmenu'] {
  const list = menu.list.map((it): MenuMessageItem => {
    if (it.type === 'click') return { type: 'click', click: { id: it.click.id, content: it.click.content } };
    if (it.type === 'view') return { type: 'view', view: { url: it.view.url, content: it.view.content } };
    return { type: 'miniprogram', miniprogram: { appid: it.miniprogram.appid, page: it.miniprogram.pagepath, content: it.miniprogram.content } };
  });
  return { head_content: [menu.head_content, menu.tail_content].filter(Boolean).join('\n'), list };
}

/** The SDK rejects with its result object (`{ errMsg: 'sendChatMessage:fail …' }`), not an Error. */
async function sdk<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof Error) throw err;
    throw new Error((err as { errMsg?: string } | undefined)?.errMsg ?? String(err), { cause: err });
  }
}

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
      return (await sdk(ww.getContext())).entry as WecomEntry;
    },
    async getCustomer() {
      try {
        return (await ww.getCurExternalContact()).userId || null;
      } catch {
        return null; // entry without an external contact
      }
    },
    async sendChatMessage(message: ChatMessage) {
      if (message.msgtype === 'text') await sdk(ww.sendChatMessage({ msgtype: 'text', text: { content: message.text.content } }));
      else await sdk(ww.sendChatMessage({ msgtype: 'msgmenu', msgmenu: toJsMenu(message.msgmenu) }));
    },
    supportsMenu,
  };
}
