/** @module The WeCom JS-SDK adapter contract: what the sidebar needs from the chat toolbar, nothing more. */
import type { WecomMenuItem } from '../../../../shared/templates/render';

export type WecomEntry =
  | 'single_kf_tools' | 'single_chat_tools' | 'group_chat_tools' | 'contact_profile' | 'chat_attachment' | 'normal' | (string & {});

/** A menu item as the server renders it for `kf/send_msg` (mini-program: `pagepath`); the real adapter maps it to the JS-SDK's. */
export type ChatMenuItem = WecomMenuItem;

export type ChatMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'msgmenu'; msgmenu: { head_content: string; list: ChatMenuItem[]; tail_content?: string } };

export interface WecomAdapter {
  /** `real` inside the WeCom client, `mock` anywhere else (development, demos, tests). */
  readonly kind: 'real' | 'mock';
  /** Where the page was opened from. */
  getEntry(): Promise<WecomEntry>;
  /** The external_userid of the open chat's customer (null when the entry has none). */
  getCustomer(): Promise<string | null>;
  /** Puts a message into the open chat as the agent. */
  sendChatMessage(message: ChatMessage): Promise<void>;
  /** Whether the entry can send menu cards (`msgmenu` only in the kf toolbar). */
  supportsMenu(entry: WecomEntry): boolean;
}

export const supportsMenu = (entry: WecomEntry): boolean => entry === 'single_kf_tools';
