/** @module Component tests of the /demo transcript: bubbles by sender, menu cards, pending messages. */
import { describe, it, expect } from 'vitest';
import { mount } from '@vue/test-utils';
import DemoChatTranscript from '../../web/src/demo/DemoChatTranscript.vue';
import { setupI18n } from '../../web/src/common/i18n';
import { demoMessages } from '../../web/src/demo/messages';
import type { TranscriptItem } from '../../web/src/common/api/demo';

const messages: TranscriptItem[] = [
  { id: 'm1', from: 'customer', msgtype: 'text', text: '在吗', at: 1_764_000_000 },
  {
    id: 'm2',
    from: 'bot',
    msgtype: 'msgmenu',
    at: 1_764_000_001,
    menu: {
      head_content: '现在是下班时间，请选择：',
      list: [
        { type: 'click', click: { id: 'urgent', content: '紧急问题' } },
        { type: 'view', view: { url: 'https://example.com/form', content: '预约回电' } },
        { type: 'text', text: { content: '或直接留言' } },
      ],
      tail_content: '我们上班后第一时间回复',
    },
  },
  { id: 'm3', from: 'agent', senderName: '小王', msgtype: 'text', text: '您好', at: 1_764_000_002 },
];

const mountTranscript = (props: InstanceType<typeof DemoChatTranscript>['$props']) =>
  mount(DemoChatTranscript, { props, global: { plugins: [setupI18n(demoMessages, 'zh')] } });

describe('DemoChatTranscript', () => {
  it('emits a send with the menu id when a click item of a menu card is tapped', async () => {
    const w = mountTranscript({ messages });
    const item = w.get('[data-testid="menu-item"][data-menu-id="urgent"]');
    await item.trigger('click');
    expect(w.emitted('send')).toEqual([[{ text: '紧急问题', menuId: 'urgent' }]]);
  });

  it('renders the head, link, text and tail of a menu card', () => {
    const card = mountTranscript({ messages }).get('[data-testid="menu-card"]');
    expect(card.text()).toContain('现在是下班时间，请选择：');
    expect(card.get('[data-testid="menu-link"]').attributes('href')).toBe('https://example.com/form');
    expect(card.text()).toContain('或直接留言');
    expect(card.text()).toContain('我们上班后第一时间回复');
  });

  it('labels bot bubbles 机器人 and agent bubbles with the agent name, customer bubbles unlabelled', () => {
    const bubbles = mountTranscript({ messages }).findAll('[data-testid="bubble"]');
    expect(bubbles.map((b) => b.attributes('data-from'))).toEqual(['customer', 'bot', 'agent']);
    expect(bubbles[0]?.find('.who').exists()).toBe(false);
    expect(bubbles[1]?.get('.who').text()).toBe('机器人');
    expect(bubbles[2]?.get('.who').text()).toBe('小王');
  });

  it('shows a message still being sent after the transcript, marked pending', () => {
    const w = mountTranscript({ messages: [], pending: [{ localId: 'local-1', text: '你好', knownIds: [] }] });
    const b = w.get('[data-testid="bubble"]');
    expect(b.attributes('data-pending')).toBe('true');
    expect(b.text()).toContain('你好');
    expect(b.text()).toContain('发送中');
  });

  it('never turns a non-http link of a menu card into an href', () => {
    const w = mountTranscript({
      messages: [{ id: 'x', from: 'bot', msgtype: 'msgmenu', at: 0, menu: { list: [{ type: 'view', view: { url: 'javascript:alert(1)', content: 'x' } }] } }],
    });
    expect(w.get('[data-testid="menu-link"]').attributes('href')).toBeUndefined();
  });
});
