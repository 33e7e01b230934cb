/** @module Signs a test agent in through the real OAuth flow (server → simulator authorize page → callback). */
export async function signIn(serverUrl: string, userid: string, next = '/sidebar/'): Promise<string> {
  const login = await fetch(`${serverUrl}/auth/login?next=${encodeURIComponent(next)}`, { redirect: 'manual' });
  const authorize = login.headers.get('location');
  if (!authorize) throw new Error(`login did not redirect: ${login.status}`);
  const page = await (await fetch(authorize.replace('#wechat_redirect', ''))).text();
  const link = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replaceAll('&#38;', '&')).find((h) => h.includes(`userid=${userid}`));
  if (!link) throw new Error(`no ${userid} on the authorize page`);
  const chosen = await fetch(new URL(link, authorize), { redirect: 'manual' });
  const callback = await fetch(chosen.headers.get('location')!, { redirect: 'manual' });
  const cookie = callback.headers.get('set-cookie');
  if (callback.status !== 302 || !cookie) throw new Error(`callback failed: ${callback.status} ${await callback.text()}`);
  return cookie.split(';')[0]!;
}
