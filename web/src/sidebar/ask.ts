/**
 * @module The sidebar's questions to the agent, as Vant dialogs: confirm a live action (月球模式, a dedicated
 * manager, an intent correction) and guard unsaved editors — every editor registers whether it is dirty, and
 * leaving (another tab, another customer, closing the page) asks first.
 */
import { reactive } from 'vue';
import { showConfirmDialog } from 'vant';
import 'vant/es/style/base.css';
import 'vant/es/overlay/index.css';
import 'vant/es/popup/index.css';
import 'vant/es/button/index.css';
import 'vant/es/action-bar/index.css';
import 'vant/es/action-bar-button/index.css';
import 'vant/es/dialog/index.css';

/** True when the agent confirms (`ok`), false when they cancel or close the dialog. */
export async function confirmAction(opts: { title: string; message: string; ok: string; cancel: string }): Promise<boolean> {
  try {
    await showConfirmDialog({ title: opts.title, message: opts.message, confirmButtonText: opts.ok, cancelButtonText: opts.cancel, teleport: 'body' });
    return true;
  } catch {
    return false;
  }
}

/** Editors with changes not saved yet (by editor name). */
const dirty = reactive(new Set<string>());

export function markDirty(editor: string, isDirty: boolean): void {
  if (isDirty) dirty.add(editor); else dirty.delete(editor);
}
export const hasUnsaved = (): boolean => dirty.size > 0;

/** Asks before leaving unsaved changes; resolves true when there are none or the agent chooses to leave. */
export async function confirmLeave(text: { title: string; message: string; ok: string; cancel: string }): Promise<boolean> {
  if (!hasUnsaved()) return true;
  const leave = await confirmAction(text);
  if (leave) dirty.clear();
  return leave;
}

if (typeof window !== 'undefined') {
  // closing the sidebar or reloading it: the browser's own prompt (custom text is not allowed there)
  addEventListener('beforeunload', (e) => { if (hasUnsaved()) e.preventDefault(); });
}
