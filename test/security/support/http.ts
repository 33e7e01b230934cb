/**
 * @module Raw HTTP for attacks `fetch` cannot make: a chosen source address on the loopback (127.0.0.x), and
 * huge bodies streamed chunked (no Content-Length) or with a lying Content-Length, stopping when the server
 * answers or hangs up — with the byte count that actually left.
 */
import { request } from 'node:http';

export interface RawAnswer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One request from `localAddress` (e.g. 127.0.0.7), body sent whole. */
export function rawRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string }): Promise<RawAnswer> {
  return new Promise((done, fail) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end(opts.body);
  });
}

export interface FloodResult { status: number; sentBytes: number; body: string }

/**
 * Streams up to `totalBytes` of `fill` in 64 KiB chunks — chunked when `declared` is undefined, else with that
 * Content-Length — until the server answers or closes the connection. Resolves with the server's status.
 */
export function flood(url: string, totalBytes: number, opts: { method?: string; headers?: Record<string, string>; declared?: number; fill?: number } = {}): Promise<FloodResult> {
  return new Promise((done) => {
    const headers: Record<string, string> = { ...opts.headers, ...(opts.declared === undefined ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(opts.declared) }) };
    const req = request(url, { method: opts.method ?? 'POST', headers });
    const chunk = Buffer.alloc(64 * 1024, opts.fill ?? 0x61);
    let sent = 0;
    let status = 0;
    let body = '';
    let settled = false;
    const settle = () => { if (!settled) { settled = true; req.destroy(); done({ status, sentBytes: sent, body }); } };
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', settle);
      res.on('error', settle);
      res.on('close', settle);
    });
    // The server hanging up mid-upload is the expected end: with an answer, its own end or close settles (after
    // its body is read); without one, nothing more can come on a destroyed socket.
    const hungUp = () => { if (!answered) settle(); };
    req.on('error', hungUp);
    req.on('close', hungUp);
    const pump = () => {
      while (sent < totalBytes && status === 0 && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) { req.once('drain', pump); return; }
      }
      if (sent >= totalBytes && !req.destroyed) req.end();
    };
    pump();
  });
}
