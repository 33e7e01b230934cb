/** @module The JS-SDK adapter outside WeCom (mock) and how a quick reply becomes a chat message per entry. */
import { describe, expect, it } from 'vitest';
import { createMockAdapter } from '../../web/src/common/wecom/mock';
import { inWecomClient } from '../../web/src/common/wecom/index';
import { chatMessageFor } from '../../web/src/stores/quickReplies';
import type { QuickReply } from '../../web/src/common/api/sidebar';

const menuReply = {
  id: 'tpl_welcome', name: '欢迎语', kind: 'welcome', msgtype: 'msgmenu', own: false, preview: '小明，欢迎\n[转人工]',
  body: { msgtype: 'msgmenu', msgmenu: { head_content: '小明，欢迎', list: [{ type: 'click', click: { id: 'h', content: '转人工' } }], tail_content: '' } },
  template: { id: 'tpl_welcome', name: '欢迎语', kind: 'welcome', msgtype: 'msgmenu', head_content: '', items: [], tail_content: '' },
} satisfies QuickReply;

describe('WeCom adapter', () => {
  it('uses the real SDK only in the WeCom client (user agent with wxwork)', () => {
    expect(inWecomClient('Mozilla/5.0 (iPhone) wxwork/4.1.20 MicroMessenger/7.0.1')).toBe(true);
    expect(inWecomClient('Mozilla/5.0 (X11; Linux x86_64) Chrome/130')).toBe(false);
  });

  it('takes customer and entry from the URL and records every send for tests', async () => {
    window.__moonshiftSent = [];
    const a = createMockAdapter(new URLSearchParams('customer=wmX&entry=single_kf_tools'));
    expect(await a.getCustomer()).toBe('wmX');
    expect(await a.getEntry()).toBe('single_kf_tools');
    await a.sendChatMessage({ msgtype: 'text', text: { content: '你好' } });
    expect(window.__moonshiftSent).toEqual([expect.objectContaining({ customer: 'wmX', message: { msgtype: 'text', text: { content: '你好' } } })]);
  });

  it('sends menu cards only from the kf toolbar; elsewhere a menu reply goes out as its text', async () => {
    expect(chatMessageFor(menuReply, true)).toEqual(menuReply.body);
    expect(chatMessageFor(menuReply, false)).toEqual({ msgtype: 'text', text: { content: '小明，欢迎\n[转人工]' } });
    const chat = createMockAdapter(new URLSearchParams('customer=wmX&entry=single_chat_tools'));
    expect(chat.supportsMenu('single_chat_tools')).toBe(false);
    await expect(chat.sendChatMessage(menuReply.body)).rejects.toThrow(/msgmenu/);
  });
});
