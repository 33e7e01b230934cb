/** @module An editor's unsaved-changes guard: registers while `dirty` holds and forgets on unmount (see ask.ts). */
import { getCurrentInstance, onBeforeUnmount, watch, type Ref } from 'vue';
import { markDirty } from './ask';

let seq = 0;

export function useUnsaved(dirty: Ref<boolean>): void {
  const name = `editor-${getCurrentInstance()?.uid ?? ++seq}`;
  watch(dirty, (v) => markDirty(name, v), { immediate: true });
  onBeforeUnmount(() => markDirty(name, false));
}
