/**
 * @module Unsaved-changes guard for every admin editor: an editor registers `useUnsavedGuard(() => dirty)`; leaving
 * the page (reload, close) asks the browser's own question, and following an admin nav link asks through the admin's
 * dialog (`leaveAllowed`). The registration ends with the component.
 */
import { onBeforeUnmount } from 'vue';
import { confirmAction } from './confirm';

const checks = new Set<() => boolean>();

export const hasUnsavedChanges = () => [...checks].some((dirty) => dirty());

export function useUnsavedGuard(dirty: () => boolean): void {
  checks.add(dirty);
  onBeforeUnmount(() => checks.delete(dirty));
}

/** `value` as text that does not depend on the order of object keys (an edit may rebuild an object in another order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** Whether an editor's value differs from what was loaded or saved: an edit typed back to the original is no change. */
export const changed = (value: unknown, loaded: unknown): boolean => canonical(value) !== canonical(loaded);

/** True when nothing is unsaved or the admin chose to leave anyway. */
export async function leaveAllowed(text: { title: string; body: string; ok: string }): Promise<boolean> {
  if (!hasUnsavedChanges()) return true;
  return confirmAction({ ...text, danger: true });
}

if (typeof addEventListener === 'function') {
  addEventListener('beforeunload', (e) => {
    if (!hasUnsavedChanges()) return;
    e.preventDefault();
    e.returnValue = ''; // older Chromium needs it set to show the prompt
  });
}
