/**
 * @module Signs a test agent in through the real OAuth flow (server → simulator authorize page → callback),
 * carrying the sign-in's browser-binding cookie like a browser would. `sameOrigin(url)` is the header a
 * browser adds to a state-changing request from our own pages (the server refuses cookie requests without it).
 */
const cookieValue = (res: Response, name: string) =>
  res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`));

export async function signIn(serverUrl: string, userid: string, next = '/sidebar/'): Promise<string> {
  const login = await fetch(`${serverUrl}/auth/login?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
  const authorize = login.headers.get('location');
  const binding = cookieValue(login, 'ms_oauth');
  if (!authorize || !binding) throw new Error(`login did not redirect with a binding cookie: ${login.status}`);
  const page = await (await fetch(authorize.replace('#wechat_redirect', ''))).text();
  const link = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replaceAll('&#38;', '&')).find((h) => h.includes(`userid=${userid}`));
  if (!link) throw new Error(`no ${userid} on the authorize page`);
  const chosen = await fetch(new URL(link, authorize), { redirect: 'manual' });
  const callback = await fetch(chosen.headers.get('location')!, { redirect: 'manual', headers: { cookie: binding } });
  const cookie = cookieValue(callback, 'ms_session');
  if (callback.status !== 302 || !cookie) throw new Error(`callback failed: ${callback.status} ${await callback.text()}`);
  return cookie;
}

/** The Origin header of a request made by one of our own pages. */
export const sameOrigin = (serverUrl: string): Record<string, string> => ({ origin: new URL(serverUrl).origin });
