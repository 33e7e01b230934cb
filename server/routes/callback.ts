/**
 * @module `GET|POST /wecom/callback`. GET answers WeCom's URL check with the decrypted echostr. POST verifies,
 * decrypts and parses the event, records it, answers 200 with an empty body at once, and hands the pull to
 * the inbound worker. Bad input changes nothing: 401 signature/receiveId, 400 malformed, 413 over 64 KiB.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../deps';
import { PayloadTooLargeError, UnauthorizedError } from '../errors';
import { validate } from '../http/validate';
import { openEnvelope, type CallbackKeys, type SignedQuery } from '../wecom/callback-crypto';
import { parseCallbackEvent, parseEnvelope } from '../wecom/callback-xml';
import type { CallbackRow } from '../pipeline/callback-recorder';

export const CALLBACK_BODY_LIMIT = 64 * 1024;

export interface CallbackSink {
  /** Pull now (kf_msg_or_event). */
  notify(openKfid: string, token: string | undefined): unknown;
  /** Keep a diagnostic record of a verified callback. */
  record(row: CallbackRow): void;
}

const Signed = z.object({ msg_signature: z.string().min(1), timestamp: z.string().min(1), nonce: z.string().min(1) });

export function callbackRoutes(d: CoreDeps, sink: CallbackSink) {
  const keys: CallbackKeys = {
    token: d.config.wecom.callbackToken, encodingAESKey: d.config.wecom.encodingAESKey, corpId: d.config.wecom.corpId,
  };

  return new Hono()
    .get('/', validate('query', Signed.extend({ echostr: z.string().min(1) })), (c) => {
      const q = c.req.valid('query');
      const plain = openEnvelope(keys, q, q.echostr);
      return c.body(plain, 200, { 'content-type': 'text/plain; charset=utf-8' });
    })
    .post('/', async (c) => {
      const started = performance.now();
      const signed = { msg_signature: c.req.query('msg_signature'), timestamp: c.req.query('timestamp'), nonce: c.req.query('nonce') };
      if (!signed.msg_signature || !signed.timestamp || !signed.nonce) {
        throw new UnauthorizedError('callback query lacks msg_signature, timestamp or nonce');
      }
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > CALLBACK_BODY_LIMIT) throw new PayloadTooLargeError(CALLBACK_BODY_LIMIT);
      const xml = await c.req.text();
      if (Buffer.byteLength(xml) > CALLBACK_BODY_LIMIT) throw new PayloadTooLargeError(CALLBACK_BODY_LIMIT);
      const envelope = parseEnvelope(xml);
      const inner = openEnvelope(keys, signed as SignedQuery, envelope.Encrypt);
      const event = parseCallbackEvent(inner);
      sink.record({
        receivedAt: d.clock.now(), msgType: event.MsgType, event: event.Event ?? null, openKfid: event.OpenKfId ?? null, raw: inner,
        ackMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
      if (event.Event === 'kf_msg_or_event' && event.OpenKfId) {
        const openKfid = event.OpenKfId;
        setImmediate(() => { sink.notify(openKfid, event.Token); });
      }
      return c.body(null, 200);
    });
}
