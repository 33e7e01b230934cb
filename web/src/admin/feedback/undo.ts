/**
 * @module Deletions with a 5 s undo: `deferDelete({ label, hide, restore, commit })` hides the item at once, shows
 * "已删除 … 撤销" and only calls the server (`commit`) when the 5 s pass — or at once when another deletion starts or
 * the page is left. 撤销 within the 5 s restores the item and nothing reaches the server.
 */
import { shallowRef } from 'vue';

export const UNDO_MS = 5_000;

export interface Deletion {
  /** What was deleted, by name (shown in the toast). */
  label: string;
  /** Removes the item from the list on screen. */
  hide: () => void;
  /** Puts it back (undo). */
  restore: () => void;
  /** The real deletion; a failure restores the item and reports through `onError`. */
  commit: () => Promise<unknown>;
  onError?: (err: unknown) => void;
}

interface Pending extends Deletion { timer: ReturnType<typeof setTimeout>; done: boolean }

export const pendingDelete = shallowRef<Pending | null>(null);

async function run(p: Pending) {
  if (p.done) return;
  p.done = true;
  clearTimeout(p.timer);
  if (pendingDelete.value === p) pendingDelete.value = null;
  try { await p.commit(); } catch (err) { p.restore(); p.onError?.(err); }
}

export function deferDelete(d: Deletion): void {
  const prev = pendingDelete.value;
  if (prev) void run(prev);
  d.hide();
  const p: Pending = { ...d, done: false, timer: setTimeout(() => void run(p), UNDO_MS) };
  pendingDelete.value = p;
}

export function undoDelete(): void {
  const p = pendingDelete.value;
  if (!p || p.done) return;
  p.done = true;
  clearTimeout(p.timer);
  pendingDelete.value = null;
  p.restore();
}

/** Commits a pending deletion now (the page is being left, or the toast's 5 s are up). */
export function flushDelete(): Promise<void> {
  const p = pendingDelete.value;
  return p ? run(p) : Promise.resolve();
}

if (typeof addEventListener === 'function') addEventListener('pagehide', () => void flushDelete());
