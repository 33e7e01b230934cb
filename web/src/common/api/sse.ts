/**
 * @module Server-sent events for the typed client: `subscribe(path, handlers)` listens to named events whose
 * data (JSON) is typed by the server's event map (e.g. `SidebarStreamEvents`). The browser reconnects by itself
 * after a dropped connection; when it gives up (non-200 answer) we retry with backoff.
 */
export type StreamState = 'connecting' | 'open' | 'reconnecting';
export type StreamHandlers<E> = { [K in keyof E]?: (data: E[K]) => void };

/** Returns the unsubscribe function. */
export function subscribe<E extends object>(
  path: string,
  handlers: StreamHandlers<E>,
  onState: (state: StreamState) => void = () => {},
): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;

  const open = () => {
    onState(attempt === 0 ? 'connecting' : 'reconnecting');
    const es = new EventSource(path);
    source = es;
    es.onopen = () => { attempt = 0; onState('open'); };
    es.onerror = () => {
      if (closed) return;
      onState('reconnecting');
      if (es.readyState === EventSource.CLOSED) {
        attempt += 1;
        timer = setTimeout(open, Math.min(10_000, 500 * 2 ** attempt));
      }
    };
    for (const [event, handle] of Object.entries(handlers) as [string, ((data: unknown) => void) | undefined][]) {
      if (!handle) continue;
      es.addEventListener(event, (e) => {
        let data: unknown;
        try { data = JSON.parse((e as MessageEvent<string>).data); } catch { return; /* not JSON: skip the frame */ }
        handle(data);
      });
    }
  };
  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
