/** @module `resource(fn)`: one loadable value with its loading / error / ready state, used by every admin store. */
import { reactive, ref, shallowRef } from 'vue';
import { errorText } from './error-text';

export { errorText };

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** Reactive (refs unwrapped), so stores can return it and `storeToRefs` keeps it. */
export interface Resource<T> { state: LoadState; data: T | undefined; error: string; load: () => Promise<void> }

export function resource<T>(fn: () => Promise<T>): Resource<T> {
  const state = ref<LoadState>('idle');
  const data = shallowRef<T>();
  const error = ref('');
  let seq = 0;
  async function load() {
    const mine = ++seq;
    state.value = 'loading';
    try {
      const v = await fn();
      if (mine !== seq) return;
      data.value = v;
      state.value = 'ready';
    } catch (err) {
      if (mine !== seq) return;
      error.value = errorText(err).message;
      state.value = 'error';
    }
  }
  return reactive({ state, data, error, load }) as Resource<T>;
}
