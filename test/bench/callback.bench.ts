/**
 * @module Benchmark: `POST /wecom/callback` of the full product (verify, decrypt, parse, record, ack, then
 * the async pull) against a bare Hono route doing only verify + decrypt + parse, in the same run, with
 * autocannon (no pipelining). Target: req/s ≥ 0.6× the bare route, p99 ≤ 2× the bare route's.
 */
import autocannon from 'autocannon';
import { kfEventXml, sealedCallback } from '../support/callback';
import { DEMO_KF } from '../../server/demo/seed-data';
import { fmt, startChild } from './support/processes';
import { BENCH_CORP, liveEnv } from './support/live-env';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const keys = { token: BENCH_CORP.CB_TOKEN, encodingAESKey: BENCH_CORP.CB_AES_KEY, corpId: BENCH_CORP.CORP_ID };
const cb = sealedCallback(keys, kfEventXml(keys.corpId, DEMO_KF.open_kfid));

async function load(url: string, seconds: number) {
  const r = await autocannon({
    url: `${url}/wecom/callback?${cb.query}`, method: 'POST', body: cb.body, headers: { 'content-type': 'text/xml' },
    connections: 10, pipelining: 1, duration: seconds,
  });
  return { rps: r.requests.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.average, non2xx: r.non2xx, errors: r.errors };
}

const sim = await startChild<{ url: string }>('test/bench/support/sim-process.ts', BENCH_CORP);
const product = await startChild<{ url: string }>('test/bench/support/product-process.ts', liveEnv(sim.info.url));
const bare = await startChild<{ url: string }>('test/bench/support/bare-callback-server.ts', { CB_TOKEN: keys.token, CB_AES_KEY: keys.encodingAESKey });
try {
  await load(bare.info.url, 2);
  await load(product.info.url, 2);
  const base = await load(bare.info.url, DURATION);
  const full = await load(product.info.url, DURATION);
  console.log(`callback  bare route : ${fmt(base.rps, 0)} req/s  mean ${fmt(base.mean, 2)} ms  p50 ${base.p50}  p90 ${base.p90}  p99 ${base.p99} ms  (non-2xx ${base.non2xx}, errors ${base.errors})`);
  console.log(`callback  Moonshift  : ${fmt(full.rps, 0)} req/s  mean ${fmt(full.mean, 2)} ms  p50 ${full.p50}  p90 ${full.p90}  p99 ${full.p99} ms  (non-2xx ${full.non2xx}, errors ${full.errors})`);
  console.log(`callback  ratio      : throughput ${fmt(full.rps / base.rps, 2)}× (target ≥ 0.6)  p99 ${fmt(full.p99 / Math.max(base.p99, 1), 2)}× (target ≤ 2)`);
} finally {
  await Promise.all([bare.stop(), product.stop(), sim.stop()]);
}
