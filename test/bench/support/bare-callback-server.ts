/**
 * @module Baseline for the callback benchmark: a bare Hono route doing only what any callback handler must
 * (signature check, AES decrypt, XML parse of envelope and event) and answering 200 — no app, no storage.
 */
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { decrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';

const token = process.env.CB_TOKEN!;
const aesKey = process.env.CB_AES_KEY!;
const parser = new XMLParser({ parseTagValue: false, processEntities: false });

const app = new Hono().post('/wecom/callback', async (c) => {
  const q = c.req.query();
  const xml = await c.req.text();
  const encrypted = (parser.parse(xml) as { xml: { Encrypt: string } }).xml.Encrypt;
  if (getSignature(token, q.timestamp ?? '', q.nonce ?? '', encrypted) !== q.msg_signature) return c.text('bad signature', 401);
  const inner = parser.parse(decrypt(aesKey, encrypted).message) as { xml: { OpenKfId?: string } };
  if (!inner.xml.OpenKfId) return c.text('bad event', 400);
  return c.body(null, 200);
});

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(`READY ${JSON.stringify({ url: `http://127.0.0.1:${info.port}` })}\n`);
});
