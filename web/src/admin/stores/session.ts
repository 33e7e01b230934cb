/** @module Session store: who is signed in; 401 → WeCom sign-in, signed-in non-admin → the 403 page. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError, messageOf } from '../../common/api/client';
import { authApi, goSignIn, type Me } from '../../common/api/auth';

export type SessionState = 'loading' | 'admin' | 'forbidden' | 'redirecting' | 'error';

export const useSessionStore = defineStore('adminSession', () => {
  const state = ref<SessionState>('loading');
  const me = ref<Me>();
  const error = ref('');

  async function load() {
    state.value = 'loading';
    try {
      me.value = await authApi.me();
      state.value = me.value.isAdmin ? 'admin' : 'forbidden';
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        state.value = 'redirecting';
        goSignIn(`/admin/${location.hash}`);
      } else if (err instanceof ApiError && err.status === 403) {
        state.value = 'forbidden';
      } else {
        error.value = messageOf(err);
        state.value = 'error';
      }
    }
  }
  async function signOut() {
    await authApi.logout().catch(() => undefined);
    goSignIn('/admin/');
  }
  return { state, me, error, load, signOut };
});
