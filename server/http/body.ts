/**
 * @module Request bodies read under a byte limit counted on the stream — chunked bodies without a
 * Content-Length included — and refused with 413 the moment the count passes the limit, before anything
 * larger is buffered (a declared Content-Length over the limit is refused without reading at all). The bytes
 * go into Hono's body cache, so `c.req.text()`, `json()`, `arrayBuffer()` and `parseBody()` use them as is.
 * On Node the body is read straight from the socket's request stream (no Web-stream copy on the hot path).
 */
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { DomainError, PayloadTooLargeError } from '../core/errors';

const decoder = new TextDecoder();

class BodyAbortedError extends DomainError {
  constructor() { super(400, 'body_aborted', 'the request body ended early'); }
}

/**
 * One read of a Node request stream under a limit. A class (not closures) because this runs per request on the
 * callback's hot path: tsx/esbuild's keep-names wrapper would otherwise rename four fresh closures every time.
 */
class BoundedRead {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly onData: (chunk: Buffer) => void;
  private readonly onEnd: () => void;
  private readonly onFail: () => void;
  private readonly onClose: () => void;

  constructor(private readonly incoming: IncomingMessage, private readonly limit: number,
    private readonly resolve: (body: Buffer) => void, private readonly reject: (err: Error) => void) {
    this.onData = this.data.bind(this);
    this.onEnd = this.end.bind(this);
    this.onFail = this.fail.bind(this);
    this.onClose = this.close.bind(this);
    incoming.on('data', this.onData).on('end', this.onEnd).on('error', this.onFail).on('close', this.onClose);
  }

  private stop(): void {
    this.incoming.off('data', this.onData).off('end', this.onEnd).off('error', this.onFail).off('close', this.onClose);
  }

  private data(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limit) {
      this.stop();
      this.incoming.pause(); // the adapter discards or drops the rest after the 413; nothing more is kept
      this.reject(new PayloadTooLargeError(this.limit));
      return;
    }
    this.chunks.push(chunk);
  }

  private end(): void {
    this.stop();
    this.resolve(this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size));
  }

  private fail(): void {
    this.stop();
    this.reject(new BodyAbortedError());
  }

  private close(): void {
    if (!this.incoming.readableEnded) this.fail();
  }
}

function fromIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  if (incoming.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => { new BoundedRead(incoming, limit, resolve, reject); });
}

async function fromWebStream(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

/** True when the request carries a body (declared length > 0, or chunked). */
export function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  return (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
}

/** Reads the whole body if it is at most `limit` bytes (else 413) and caches it for the handlers. */
export async function readBodyWithin(c: Context, limit: number): Promise<void> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > limit) throw new PayloadTooLargeError(limit);
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const bytes = incoming ? await fromIncoming(incoming, limit) : await fromWebStream(c.req.raw.body, limit);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // Hono keeps promises in its body cache (its type says values): `text()`, `json()`, `parseBody()` read from here.
  const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
  cache.arrayBuffer = Promise.resolve(buffer);
  cache.text = Promise.resolve(decoder.decode(bytes));
}
