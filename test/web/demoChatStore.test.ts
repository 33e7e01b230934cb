/**
 * @module The /demo store against a scripted server: `fetch` and `EventSource` are replaced by small fakes
 * (browser globals, not our modules) so races between the transcript GET and SSE pushes can be staged.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useDemoChatStore } from '../../web/src/stores/demoChat';
import type { DemoSession, TranscriptItem } from '../../web/src/common/api/demo';

class FakeEventSource {
  static CLOSED = 2;
  static last: FakeEventSource | undefined;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, (e: { data: string }) => void>();
  constructor(readonly url: string) { FakeEventSource.last = this; }
  addEventListener(name: string, fn: (e: { data: string }) => void) { this.listeners.set(name, fn); }
  emit(name: string, data: unknown) { this.listeners.get(name)?.({ data: JSON.stringify(data) }); }
  close() { this.readyState = 2; }
}

const session: DemoSession = {
  openKfid: 'wk1', kfName: '演示客服',
  customers: [{ externalUserid: 'wm1', nickname: '小明' }],
  agents: [{ userid: 'a1', name: '李四', status: 'online' }],
  clock: { now: 1_764_165_600_000, local: '2025-11-26T22:00:00+08:00', timeZone: 'Asia/Shanghai', offsetMs: 0 },
};
const msg = (id: string, text: string, from: TranscriptItem['from'] = 'customer'): TranscriptItem =>
  ({ id, from, msgtype: 'text', text, at: 1 });
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let routes: Record<string, () => Promise<Response> | Response>;
const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
  const handler = routes[`${init?.method ?? 'GET'} ${url}`];
  return handler ? handler() : json(404, { error: { code: 'not_found', message: 'nope' }, requestId: 'r' });
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('EventSource', FakeEventSource);
  routes = {
    'GET /demo/api/session': () => json(200, session),
    'GET /demo/api/customers/wm1/transcript': () => json(200, { messages: [] }),
  };
});
afterEach(() => { vi.unstubAllGlobals(); fetchMock.mockClear(); });

describe('useDemoChatStore', () => {
  it('selects the first customer, then follows the SSE transcript', async () => {
    const store = useDemoChatStore();
    await store.loadSession();
    expect(store.customerId).toBe('wm1');
    expect(FakeEventSource.last?.url).toBe('/demo/api/customers/wm1/stream');
    FakeEventSource.last?.emit('transcript', { messages: [msg('m1', 'hi'), msg('b1', 'night', 'bot')] });
    expect(store.messages.map((m) => m.id)).toEqual(['m1', 'b1']);
  });

  it('ignores a transcript GET answer that is older than an SSE push', async () => {
    let answer!: (r: Response) => void;
    routes['GET /demo/api/customers/wm1/transcript'] = () => new Promise((r) => { answer = r; });
    const store = useDemoChatStore();
    await store.loadSession();
    FakeEventSource.last?.emit('transcript', { messages: [msg('m1', 'hi'), msg('b1', 'night', 'bot')] });
    answer(json(200, { messages: [msg('m1', 'hi')] }));
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 0));
    expect(store.messages.map((m) => m.id)).toEqual(['m1', 'b1']);
  });

  it('shows a sent message as pending until the transcript has it, once', async () => {
    routes['POST /demo/api/customers/wm1/messages'] = () => json(202, { msgid: 'm9' });
    const store = useDemoChatStore();
    await store.loadSession();
    const sending = store.send({ text: ' 你好 ' });
    expect(store.pending.map((p) => p.text)).toEqual(['你好']);
    await sending;
    FakeEventSource.last?.emit('transcript', { messages: [msg('m9', '你好')] });
    expect(store.pending).toEqual([]);
    expect(store.messages).toHaveLength(1);
  });

  it('drops the pending message and shows the server error message when sending fails', async () => {
    routes['POST /demo/api/customers/wm1/messages'] = () => json(422, { error: { code: 'invalid', message: '内容太长' }, requestId: 'r1' });
    const store = useDemoChatStore();
    await store.loadSession();
    await store.send({ text: 'x' });
    expect(store.pending).toEqual([]);
    expect(store.sendError).toBe('内容太长');
  });

  it('shows the error of a failed session load and recovers on retry', async () => {
    routes['GET /demo/api/session'] = () => json(500, { error: { code: 'internal', message: 'boom' }, requestId: 'r2' });
    const store = useDemoChatStore();
    await store.loadSession();
    expect([store.sessionState, store.sessionError]).toEqual(['error', 'boom']);
    routes['GET /demo/api/session'] = () => json(200, session);
    await store.loadSession();
    expect(store.sessionState).toBe('ready');
  });

  it('takes agent statuses from the SSE agents event', async () => {
    const store = useDemoChatStore();
    await store.loadSession();
    FakeEventSource.last?.emit('agents', { agents: [{ userid: 'a1', name: '李四', status: 'moon' }] });
    expect(store.agents[0]?.status).toBe('moon');
  });
});
