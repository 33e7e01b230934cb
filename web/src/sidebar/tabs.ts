/** @module The sidebar's tabs by name (hash routes `#/status` …): a plain list the screen inventory reads too, the deep link's subset and the default. */
export const TABS = ['status', 'customer', 'replies', 'appointments', 'why'] as const;
export type TabName = (typeof TABS)[number];
/** What a duty manager's deep link shows (read-only: no status, replies or bookings of their own). */
export const LINK_TABS: readonly TabName[] = ['customer', 'why'];
export const DEFAULT_TAB: TabName = 'customer';

export function tabFromHash(hash: string): TabName {
  const name = hash.replace(/^#\/?/, '');
  return (TABS as readonly string[]).includes(name) ? (name as TabName) : DEFAULT_TAB;
}
