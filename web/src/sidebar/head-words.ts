/**
 * @module The sidebar header's words (Chinese and English), read without vue-i18n so the first screen shows before
 * vue-i18n loads; `messages.ts` includes them in the sidebar's tables, so the rest of the page says them the same.
 */
const zh = {
  language: 'EN',
  unknownCustomer: '未知客户',
  offline: '连接已断开，正在重连…',
  agentMismatch: '当前登录的是{me}，链接指定的是{wanted}',
  switchAgent: '切换账号',
  agentFallback: '客服',
};

const en: typeof zh = {
  language: '中文',
  unknownCustomer: 'Unknown customer',
  offline: 'Connection lost, reconnecting…',
  agentMismatch: 'Signed in as {me}; the link asks for {wanted}',
  switchAgent: 'Switch account',
  agentFallback: 'Agent',
};

export const headWords = { zh, en };
