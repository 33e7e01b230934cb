/**
 * @module A menu click carries its own meaning: the intent of a clicked menu item comes from what the item is
 * (its click id, or the FAQ entry the button answers), never from re-classifying its label — “我有紧急问题” is
 * `urgent` when tapped, whatever the words alone would be classified as. Pure: no I/O.
 */
import { DEFAULT_INTENTS } from '../domain/vocabulary';

/** Click ids of the default menus that name an action, and the intent the action means. */
export const MENU_ACTION_INTENT: Readonly<Record<string, string>> = {
  urgent: 'urgent', appointment: 'appointment', transfer_human: 'human_agent',
};

/**
 * The intent a click on `menuId` means: the action's intent, the id itself when it is an intent id, else the first
 * intent of the FAQ entry that answers this button; null when the click says nothing (then its words are classified).
 */
export function menuClickIntent(menuId: string, opts: { intents?: Iterable<string>; faqIntents?: readonly string[] } = {}): string | null {
  const action = MENU_ACTION_INTENT[menuId];
  if (action) return action;
  if (new Set<string>([...DEFAULT_INTENTS, ...(opts.intents ?? [])]).has(menuId)) return menuId;
  return opts.faqIntents?.[0] ?? null;
}
