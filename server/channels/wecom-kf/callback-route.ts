/**
 * @module `GET|POST /wecom/callback`. GET answers WeCom's URL check with the decrypted echostr. POST parses the
 * envelope, checks the callback is fresh (its signed timestamp within ±5 min of our clock), verifies the
 * signature, decrypts and parses the event, checks it is no replay, records it, hands the pull to the inbound worker
 * and answers 200 with an empty body. An exact replay (same msg_signature + nonce, remembered in the database so a
 * replay sent to another instance is caught too) gets the same 200 and changes nothing. The 200 waits for the
 * replay check at most CALLBACK_ACK_WAIT_MS, and a failed check takes the callback: a busy or failing database never
 * costs a pull. Bad input changes nothing: 400 malformed XML (one warn line, no stack), 401 unsigned, stale, bad
 * signature or receiveId, 413 over 64 KiB (the route table counts the body on the stream before it is buffered).
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
  /** A callback's replay check and what follows it (record, pull), which may end after the 200: waiting for quiet waits for it too. */
  track(work: Promise<unknown>): void;
}

const Signed = z.object({ msg_signature: z.string().min(1), timestamp: z.string().min(1), nonce: z.string().min(1) });

function signedQuery(c: Context): SignedQuery {
  const q = { msg_signature: c.req.query('msg_signature'), timestamp: c.req.query('timestamp'), nonce: c.req.query('nonce') };
  if (!q.msg_signature || !q.timestamp || !q.nonce) throw new UnauthorizedError('callback query lacks msg_signature, timestamp or nonce');
  return q as SignedQuery;
}

/** A callback waiting for its replay check: its key, and what taking it does (record it, register its pull). */
type Sighting = { key: string; take(): void };

/**
 * How long a callback's 200 waits for its replay check at most. WeCom gives up on an answer after 5 s and sends the
 * callback again; a check held up longer (the database busy) is acted on when it completes, after the 200.
 */
export const CALLBACK_ACK_WAIT_MS = 1_000;

/**
 * The replay checks of the callbacks that arrive in one turn of the event loop, made in one transaction (one commit
 * for a burst of callbacks instead of one each); each first sighting is taken as soon as it committed, and all of them
 * when the check failed (a pull fetches only what is new; a lost one would leave messages waiting for the next
 * catch-up). A key seen twice in one turn is a replay the second time, as it would be one turn later. Returns what
 * the callback's 200 waits for: the batch's check, or CALLBACK_ACK_WAIT_MS after the batch began. The work per
 * callback is one entry in its turn's batch; the promises, the timer and the tracking are the batch's.
 */
function sightingsPerTurn(d: CoreDeps, sink: CallbackSink, ttlMs: number): (key: string, take: () => void) => Promise<unknown> {
  let turn: { sightings: Sighting[]; answer: Promise<unknown> } | undefined;
  const check = async (sightings: Sighting[]): Promise<void> => {
    let first: boolean[];
    try {
      first = await d.shared.uow.run(async (tx) => {
        const seen: boolean[] = [];
        for (const c of sightings) seen.push(await d.shared.replays.firstSighting(tx, 'callback', c.key, ttlMs));
        return seen;
      });
    } catch (err) {
      d.log.warn({ err: err instanceof Error ? err.message : String(err), callbacks: sightings.length }, 'callback replay check failed: taken as first sightings');
      first = sightings.map(() => true);
    }
    sightings.forEach((c, i) => { if (first[i]) c.take(); });
  };
  return (key, take) => {
    if (!turn) {
      const sightings: Sighting[] = [];
      const checked = new Promise<void>((resolve) => {
        setImmediate(() => {
          turn = undefined;
          check(sightings).then(resolve, (err: unknown) => { d.log.error({ err: err instanceof Error ? err.message : String(err) }, 'callbacks not taken'); resolve(); });
        });
      });
      sink.track(checked);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => { timer = setTimeout(resolve, CALLBACK_ACK_WAIT_MS); timer.unref(); });
      void checked.finally(() => { clearTimeout(timer); });
      turn = { sightings, answer: Promise.race([checked, late]) };
    }
    turn.sightings.push({ key, take });
    return turn.answer;
  };
}

export function callbackRoutes(d: CoreDeps, sink: CallbackSink) {
  const keys: CallbackKeys = {
    token: d.config.wecom.callbackToken, encodingAESKey: d.config.wecom.encodingAESKey, corpId: d.config.wecom.corpId,
  };
  const firstSighting = sightingsPerTurn(d, sink, 2 * CALLBACK_FRESHNESS_MS);

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
      const inner = decryptVerified(keys, envelope.Encrypt);
      const event = parsed(c, 'malformed event XML', () => parseCallbackEvent(inner));
      const take = () => {
        sink.record({
          receivedAt: now, msgType: event.MsgType, event: event.Event ?? null, openKfid: event.OpenKfId ?? null, raw: inner,
          ackMs: Math.round((performance.now() - started) * 1000) / 1000, // taken: normally just before the 200
        });
        if (event.Event === 'kf_msg_or_event' && event.OpenKfId) sink.notify(event.OpenKfId, event.Token);
      };
      // An exact replay — WeCom retrying a callback we took, or a captured one sent again, here or at another instance —
      // changes nothing: the check's insert decides which sighting is the first, so one instance acts, whichever commits
      // first. The callback is taken (recorded, its pull registered) as soon as its check committed, normally before
      // the 200; a check held up past CALLBACK_ACK_WAIT_MS is answered first and taken after.
      const key = `${signed.msg_signature}:${signed.nonce}`; // no NUL: PostgreSQL text cannot hold it (the signature is 40 hex digits)
      await firstSighting(key, take);
      return c.body(null, 200);
    });
}
