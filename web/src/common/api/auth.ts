/** @module Who is signed in (`/auth/me`), signing out, and the WeCom sign-in redirect — shared by the sidebar and admin pages. */
import { call, server, type OkOf } from './client';

export const authApi = {
  me: () => call(server.auth.me.$get()),
  logout: () => call(server.auth.logout.$post()),
};

export type Me = OkOf<typeof server.auth.me.$get>;

/** Sends the browser through WeCom sign-in, coming back to `next` (default: this page, path + query + hash). */
export function goSignIn(next = `${location.pathname}${location.search}${location.hash}`): void {
  location.assign(server.auth.login.$path({ query: { next } }));
}
