/**
 * @module Baseline for the callback benchmark: a bare Hono route doing only what any callback handler must
 * (signature check, AES decrypt, XML read of envelope and event) and answering 200 — no app, no storage. It reads the
 * XML with the product's own readers (one pass over WeCom's flat elements), so the two routes parse alike and the
 * ratio measures everything else.
 */
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { decrypt, getSignature } from '@wecom/crypto';
import { parseEnvelope } from '../../../server/channels/wecom-kf/callback-envelope';
import { parseCallbackEvent } from '../../../server/channels/wecom-kf/callback-xml';

const token = process.env.CB_TOKEN!;
const aesKey = process.env.CB_AES_KEY!;

const app = new Hono().post('/wecom/callback', async (c) => {
  const q = c.req.query();
  const encrypted = parseEnvelope(await c.req.text()).Encrypt;
  if (getSignature(token, q.timestamp ?? '', q.nonce ?? '', encrypted) !== q.msg_signature) return c.text('bad signature', 401);
  if (!parseCallbackEvent(decrypt(aesKey, encrypted).message).OpenKfId) return c.text('bad event', 400);
  return c.body(null, 200);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`READY ${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`);
});
// a clean exit, so that BENCH_CPU_PROF writes this process's profile too
process.once('SIGTERM', () => server.close(() => process.exit(0)));
