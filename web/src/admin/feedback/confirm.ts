/**
 * @module The admin's own confirmation dialog, as a promise: `await confirmAction({ title, body, ok })` resolves true
 * when the admin confirms, false on cancel / Esc / backdrop. One dialog at a time (a second request cancels the first);
 * `ConfirmDialog.vue`, mounted once in the shell, renders the pending request.
 */
import { shallowRef } from 'vue';

export interface ConfirmRequest {
  title: string;
  /** What will happen, in the admin's words (names, not ids). */
  body?: string;
  /** The confirming button's label, e.g. 发布 / 删除. */
  ok: string;
  /** Red button: the action removes something. */
  danger?: boolean;
}

interface Pending extends ConfirmRequest { resolve: (ok: boolean) => void }

export const pendingConfirm = shallowRef<Pending | null>(null);

export function confirmAction(req: ConfirmRequest): Promise<boolean> {
  pendingConfirm.value?.resolve(false);
  return new Promise((resolve) => {
    pendingConfirm.value = { ...req, resolve: (ok) => { pendingConfirm.value = null; resolve(ok); } };
  });
}
