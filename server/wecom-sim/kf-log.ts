/**
 * @module Per-account append-only message logs and customer inboxes: appending a customer message,
 * system event or agent message also pushes a `kf_msg_or_event` callback; delivering to the inbox
 * records what the customer saw.
 */
import type { SimContext } from './context';
import type { Account, InboxItem, LogEntry, Wire } from './state';

/** Append a sync_msg item (msgid and send_time are assigned here) and notify the server. */
export function appendKf(ctx: SimContext, account: Account, item: Wire, notify = true): LogEntry {
  const msgid = ctx.id('sim_');
  const entry: LogEntry = { seq: account.log.length, msgid, at: ctx.now(), item: { msgid, ...item, send_time: ctx.nowSec() } };
  account.log.push(entry);
  if (notify) ctx.callbacks.notify(account.open_kfid);
  return entry;
}

export function appendEvent(ctx: SimContext, account: Account, event: Wire): LogEntry {
  return appendKf(ctx, account, { origin: 4, msgtype: 'event', event: { open_kfid: account.open_kfid, ...event } });
}

/** A readable line for a message body (text content, or the menu's head / items / tail). */
export function plainText(msgtype: string, body: Wire): string {
  if (msgtype === 'text') return String(body.content ?? '');
  if (msgtype === 'msgmenu') {
    const list = Array.isArray(body.list) ? (body.list as Wire[]) : [];
    const items = list.map((it) => {
      const inner = it[String(it.type)] as Wire | undefined;
      return String(inner?.content ?? '');
    });
    return [body.head_content, ...items, body.tail_content].filter((x) => typeof x === 'string' && x !== '').join('\n');
  }
  return `[${msgtype}]`;
}

export function deliver(ctx: SimContext, item: Omit<InboxItem, 'time' | 'atMs' | 'text'>): InboxItem {
  const full: InboxItem = { ...item, text: plainText(item.msgtype, item.content), time: ctx.nowSec(), atMs: ctx.now() };
  const box = ctx.state.inbox.get(item.external_userid) ?? [];
  box.push(full);
  ctx.state.inbox.set(item.external_userid, box);
  ctx.inboxWatch.delivered(item.external_userid);
  return full;
}
