/**
 * @module The bus over PostgreSQL LISTEN/NOTIFY: every instance LISTENs on one PostgreSQL channel on a
 * connection of its own; a message carries its logical channel inside (`{c, m}` as JSON, at most ~8 kB).
 * When the listening connection drops, it reconnects with a growing delay (at most 5 s), LISTENs again and
 * tells the gap listeners (messages sent meanwhile are lost: caches must drop everything). Messages published in
 * the same turn of the event loop are sent in one statement, in order; PostgreSQL delivers identical ones sent
 * together once (a notice said twice at once is said once).
 */
import pg from 'pg';
import type { Bus, BusMessage } from '../../core/ports/bus';
import { Listeners } from './listeners';

const PG_CHANNEL = 'moonshift_bus';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;

export class BusMessageTooLargeError extends Error {
  readonly code = 'bus_message_too_large';
  constructor(channel: string, bytes: number) { super(`bus message on ${channel} is ${bytes} bytes (limit ${MAX_PAYLOAD_BYTES}): send an id, not the data`); }
}

export interface PgBus extends Bus {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
}

export function pgBus(o: { url: string; pool: pg.Pool; onError?: (err: unknown) => void }): PgBus {
  const onError = o.onError ?? ((err) => { console.error('bus', err); });
  const listeners = new Listeners(onError);
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: o.url, application_name: 'moonshift-bus' });
    c.on('notification', (n) => {
      if (n.channel !== PG_CHANNEL || !n.payload) return;
      try {
        const { c: channel, m } = JSON.parse(n.payload) as { c: string; m: BusMessage };
        listeners.deliver(channel, m);
      } catch (err) { onError(err); }
    });
    c.on('error', (err) => { onError(err); lost(c); });
    c.on('end', () => lost(c));
    await c.connect();
    await c.query(`listen ${PG_CHANNEL}`);
    if (closed) { await c.end(); return; }
    client = c;
    failures = 0;
  }

  function lost(c: pg.Client): void {
    if (client !== c) return;
    client = undefined;
    c.removeAllListeners('end');
    c.end().catch(() => undefined);
    schedule();
  }

  function schedule(): void {
    if (closed || retry) return;
    const delay = Math.min(100 * 2 ** failures++, 5000);
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(() => { if (!closed) listeners.gap(); }, (err) => { onError(err); schedule(); });
    }, delay);
  }

  const ready = connect();

  /** Messages published in one turn of the event loop go out in one statement (a burst publishes many). */
  let batch: { payload: string; resolve(): void; reject(err: unknown): void }[] = [];
  function flush(): void {
    const sending = batch;
    batch = [];
    o.pool.query('select pg_notify($1, p) from unnest($2::text[]) with ordinality as u(p, n) order by n', [PG_CHANNEL, sending.map((b) => b.payload)])
      .then(() => { for (const b of sending) b.resolve(); }, (err: unknown) => { for (const b of sending) b.reject(err); });
  }

  return {
    ready,
    async publish(channel, message) {
      const payload = JSON.stringify({ c: channel, m: message });
      const bytes = Buffer.byteLength(payload);
      if (bytes > MAX_PAYLOAD_BYTES) throw new BusMessageTooLargeError(channel, bytes);
      await new Promise<void>((resolve, reject) => {
        if (batch.length === 0) setImmediate(flush);
        batch.push({ payload, resolve, reject });
      });
    },
    subscribe: (channel, handler) => listeners.add(channel, handler),
    onGap: (handler) => listeners.addGap(handler),
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      c?.removeAllListeners('end');
      await c?.end().catch(() => undefined);
    },
  };
}
