/**
 * @module Baseline for the callback benchmark: a bare Hono route doing only what any callback handler must
 * (signature check, AES decrypt, XML read of envelope and event) and answering 200 — no app, no storage. It reads the
 * XML with the product's own readers (one pass over WeCom's flat elements), so the two routes parse alike and the
 * ratio measures everything else.
 * With BARE_REPLAY_DB=<file> it also remembers each callback in a SQLite replay table before answering, as the
 * product must (instances sharing one database catch each other's replays): the callbacks of one event-loop turn in
 * one transaction, the same table, indexes and pragmas as the product's — the least a product with that requirement
 * can do, so the ratio against it measures the rest.
 */
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { decrypt, getSignature } from '@wecom/crypto';
import { parseEnvelope } from '../../../server/channels/wecom-kf/callback-envelope';
import { parseCallbackEvent } from '../../../server/channels/wecom-kf/callback-xml';

const token = process.env.CB_TOKEN!;
const aesKey = process.env.CB_AES_KEY!;

/** BARE_REPLAY_DB: whether a callback is seen for the first time, decided with the others of its turn in one transaction. */
function replayMemory(file: string): (key: string) => Promise<boolean> {
  const db = new Database(file);
  for (const p of ['journal_mode = WAL', 'synchronous = NORMAL', 'temp_store = MEMORY']) db.pragma(p);
  db.exec(`create table if not exists replay_memory (scope text not null, key text not null, expires_at integer not null, primary key (scope, key));
    create index if not exists replay_memory_expiry on replay_memory (expires_at)`);
  const take = db.prepare(`insert into replay_memory (scope, key, expires_at) values ('callback', ?, ?)
    on conflict (scope, key) do update set expires_at = excluded.expires_at where replay_memory.expires_at <= ? returning key`);
  const checkTurn = db.transaction((keys: string[], now: number) => keys.map((k) => take.get(k, now + 600_000, now) !== undefined));
  let turn: { keys: string[]; answer: Promise<boolean[]> } | undefined;
  return (key) => {
    if (!turn) {
      const keys: string[] = [];
      turn = { keys, answer: new Promise((resolve) => setImmediate(() => { turn = undefined; resolve(checkTurn(keys, Date.now())); })) };
    }
    const i = turn.keys.push(key) - 1;
    return turn.answer.then((first) => first[i]!);
  };
}
const firstSighting = process.env.BARE_REPLAY_DB ? replayMemory(process.env.BARE_REPLAY_DB) : undefined;

const app = new Hono().post('/wecom/callback', async (c) => {
  const q = c.req.query();
  const encrypted = parseEnvelope(await c.req.text()).Encrypt;
  if (getSignature(token, q.timestamp ?? '', q.nonce ?? '', encrypted) !== q.msg_signature) return c.text('bad signature', 401);
  if (!parseCallbackEvent(decrypt(aesKey, encrypted).message).OpenKfId) return c.text('bad event', 400);
  if (firstSighting) await firstSighting(`${q.msg_signature}:${q.nonce}`); // a replay gets the same 200
  return c.body(null, 200);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`READY ${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`);
});
// a clean exit, so that BENCH_CPU_PROF writes this process's profile too
process.once('SIGTERM', () => server.close(() => process.exit(0)));
