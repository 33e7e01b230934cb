/**
 * @module `GET|POST /wecom/callback`. GET answers WeCom's URL check with the decrypted echostr. POST parses the
 * envelope, checks the callback is fresh (its signed timestamp within ±5 min of our clock), verifies the
 * signature, drops an exact replay (same msg_signature + nonce, remembered in the database so a replay sent to
 * another instance is dropped too) with a bare 200, decrypts and parses the event,
 * records it, answers 200 with an empty body at once, and hands the pull to the inbound worker. Bad input
 * changes nothing: 400 malformed XML (one warn line, no stack), 401 unsigned, stale, bad signature or
 * receiveId, 413 over 64 KiB (the route table counts the body on the stream before it is buffered).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { UnauthorizedError, ValidationError } from '../../core/errors';
import { validate } from '../../http/validate';
import { decryptVerified, openEnvelope, verifySignature, type CallbackKeys, type SignedQuery } from './callback-crypto';
import { parseEnvelope } from './callback-envelope';
import { parseCallbackEvent } from './callback-xml';
import type { CallbackRow } from '../../core/pipeline/callback-recorder';

export const CALLBACK_BODY_LIMIT = 64 * 1024;
/**
 * How far a callback's signed timestamp may be from our clock. WeCom sends at once and retries a callback it
 * got no 200 for after ~5 s, three times (so within a minute); ±5 minutes also absorbs clock skew between its
 * servers and ours, and keeps the replay memory small (a replay older than this is refused as stale anyway).
 */
export const CALLBACK_FRESHNESS_MS = 5 * 60_000;

export interface CallbackSink {
  /** Pull now (kf_msg_or_event). */
  notify(openKfid: string, token: string | undefined): unknown;
  /** Keep a diagnostic record of a verified callback. */
  record(row: CallbackRow): void;
}

const Signed = z.object({ msg_signature: z.string().min(1), timestamp: z.string().min(1), nonce: z.string().min(1) });

function signedQuery(c: Context): SignedQuery {
  const q = { msg_signature: c.req.query('msg_signature'), timestamp: c.req.query('timestamp'), nonce: c.req.query('nonce') };
  if (!q.msg_signature || !q.timestamp || !q.nonce) throw new UnauthorizedError('callback query lacks msg_signature, timestamp or nonce');
  return q as SignedQuery;
}

/** A callback waiting for its replay check. */
type Sighting = { key: string; resolve(first: boolean): void; reject(err: unknown): void };

/**
 * The replay checks of the callbacks that arrive in one turn of the event loop, made in one transaction (one commit
 * for a burst of callbacks instead of one each); each callback is still answered only after its check committed. A
 * key seen twice in one turn is a replay the second time, as it would be one turn later.
 */
function sightingsPerTurn(shared: CoreDeps['shared'], ttlMs: number): (key: string) => Promise<boolean> {
  let turn: Sighting[] | undefined;
  return (key) => new Promise((resolve, reject) => {
    if (!turn) {
      const batch: Sighting[] = [];
      turn = batch;
      setImmediate(() => {
        turn = undefined;
        shared.uow.run(async (tx) => {
          const first: boolean[] = [];
          for (const c of batch) first.push(await shared.replays.firstSighting(tx, 'callback', c.key, ttlMs));
          return first;
        }).then((first) => { batch.forEach((c, i) => { c.resolve(first[i]!); }); }, (err: unknown) => { for (const c of batch) c.reject(err); });
      });
    }
    turn.push({ key, resolve, reject });
  });
}

export function callbackRoutes(d: CoreDeps, sink: CallbackSink) {
  const keys: CallbackKeys = {
    token: d.config.wecom.callbackToken, encodingAESKey: d.config.wecom.encodingAESKey, corpId: d.config.wecom.corpId,
  };
  const firstSighting = sightingsPerTurn(d.shared, 2 * CALLBACK_FRESHNESS_MS);

  function checkFresh(timestamp: string, now: number): void {
    const sent = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) * 1000 : NaN;
    if (!(Math.abs(now - sent) <= CALLBACK_FRESHNESS_MS)) {
      throw new UnauthorizedError(`callback timestamp is not within ±${CALLBACK_FRESHNESS_MS / 60_000} min of the server's clock`);
    }
  }

  /** Malformed XML is the sender's fault: a short warn line (no stack) and a 400. */
  function parsed<T>(c: Context, what: string, parse: () => T): T {
    try {
      return parse();
    } catch (err) {
      if (err instanceof ValidationError) d.log.warn({ requestId: c.get('requestId') as string | undefined, reason: err.message }, `callback refused: ${what}`);
      throw err;
    }
  }

  return new Hono()
    .get('/', validate('query', Signed.extend({ echostr: z.string().min(1) })), (c) => {
      const q = c.req.valid('query');
      const plain = openEnvelope(keys, q, q.echostr);
      return c.body(plain, 200, { 'content-type': 'text/plain; charset=utf-8' });
    })
    .post('/', async (c) => {
      const started = performance.now();
      const signed = signedQuery(c);
      const xml = await c.req.text(); // already read within CALLBACK_BODY_LIMIT by the route table
      const envelope = parsed(c, 'malformed envelope XML', () => parseEnvelope(xml));
      const now = d.clock.now();
      checkFresh(signed.timestamp, now);
      verifySignature(keys, signed, envelope.Encrypt);
      // An exact replay — WeCom retrying a callback we took, or a captured one sent again — changes nothing.
      const key = `${signed.msg_signature}:${signed.nonce}`; // no NUL: PostgreSQL text cannot hold it (the signature is 40 hex digits)
      if (!(await firstSighting(key))) return c.body(null, 200);
      const inner = decryptVerified(keys, envelope.Encrypt);
      const event = parsed(c, 'malformed event XML', () => parseCallbackEvent(inner));
      sink.record({
        receivedAt: now, msgType: event.MsgType, event: event.Event ?? null, openKfid: event.OpenKfId ?? null, raw: inner,
        ackMs: Math.round((performance.now() - started) * 1000) / 1000,
      });
      // the pull is registered before the 200 goes out (whoever waits for quiet sees it), and runs after
      if (event.Event === 'kf_msg_or_event' && event.OpenKfId) sink.notify(event.OpenKfId, event.Token);
      return c.body(null, 200);
    });
}
