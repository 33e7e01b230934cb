/** @module The sidebar's tabs by name (`#/status` …): a plain list, so tests and the screen inventory can read it. */
export const TABS = ['status', 'customer', 'replies', 'appointments', 'why'] as const;
export type TabName = (typeof TABS)[number];
