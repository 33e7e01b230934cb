/** @module Session store: who is signed in; 401 → WeCom sign-in, signed-in non-admin → the 403 page. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { adminApi, ApiError, type Me } from '../api';

export type SessionState = 'loading' | 'admin' | 'forbidden' | 'redirecting' | 'error';

export const useSessionStore = defineStore('adminSession', () => {
  const state = ref<SessionState>('loading');
  const me = ref<Me>();
  const error = ref('');

  async function load() {
    state.value = 'loading';
    try {
      me.value = await adminApi.me();
      state.value = me.value.isAdmin ? 'admin' : 'forbidden';
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        state.value = 'redirecting';
        location.assign(`/auth/login?next=${encodeURIComponent('/admin/' + location.hash)}`);
      } else if (err instanceof ApiError && err.status === 403) {
        state.value = 'forbidden';
      } else {
        error.value = err instanceof Error ? err.message : String(err);
        state.value = 'error';
      }
    }
  }
  return { state, me, error, load };
});
