/**
 * @module Benchmark: `POST /wecom/callback` of the full product (verify, decrypt, parse, record, ack, then
 * the async pull) against a bare Hono route doing only verify + decrypt + parse, in the same run, with
 * autocannon (no pipelining). Every request is a distinct, fresh callback (its own nonce and signature, a
 * current timestamp), as WeCom sends them — a repeated one would be dropped as a replay.
 * A third server is the bare route that also remembers each callback in a SQLite replay table (as the product must:
 * instances sharing a database catch each other's replays) — the least a product with that requirement can do; its
 * line and ratio show what the rest of the product costs.
 * Target (issue #19): req/s ≥ 0.8× the bare route, p99 ≤ 2× the bare route's. On a machine shared with other work the
 * req/s ratio swings with the neighbours' load; the CPU each server process spent per request (from /proc) is
 * printed too: its inverse ratio is the throughput ratio the two would have on an idle core.
 */
import autocannon from 'autocannon';
import { getSignature } from '@wecom/crypto';
import { kfEventXml, sealedCallback } from '../support/callback';
import { DEMO_KF } from '../../server/app/demo/seed-data';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, startChild, type Child } from './support/processes';
import { BENCH_CORP, liveEnv } from './support/live-env';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const keys = { token: BENCH_CORP.CB_TOKEN, encodingAESKey: BENCH_CORP.CB_AES_KEY, corpId: BENCH_CORP.CORP_ID };

/** One sealed body and `n` signed queries over it, each with its own nonce (the signature covers the nonce). */
function freshCallbacks(n: number) {
  const cb = sealedCallback(keys, kfEventXml(keys.corpId, DEMO_KF.open_kfid), Date.now());
  const { timestamp, encrypted } = cb;
  const paths = Array.from({ length: n }, (_, i) => {
    const nonce = `b${i.toString(36)}`;
    return `/wecom/callback?msg_signature=${getSignature(keys.token, timestamp, nonce, encrypted)}&timestamp=${timestamp}&nonce=${nonce}`;
  });
  return { body: cb.body, paths };
}

/** CPU time (user + system, ms) the child has used so far; Linux clock ticks are 10 ms. */
function cpuMs(child: Child<unknown>): number {
  const fields = readFileSync(`/proc/${child.proc.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function load(child: Child<{ url: string }>, seconds: number, pool: { body: string; paths: string[] }) {
  let next = 0;
  const cpuBefore = cpuMs(child);
  const r = await autocannon({
    url: child.info.url, connections: 10, pipelining: 1, duration: seconds,
    requests: [{
      method: 'POST', body: pool.body, headers: { 'content-type': 'text/xml' },
      setupRequest: (req) => ({ ...req, path: pool.paths[next++ % pool.paths.length]! }),
    }],
  });
  const cpu = cpuMs(child) - cpuBefore;
  if (next > pool.paths.length) console.warn(`callback  warning: ${next} requests for ${pool.paths.length} distinct callbacks (replays were measured)`);
  return { rps: r.requests.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, mean: r.latency.average, non2xx: r.non2xx, errors: r.errors, requests: r.requests.total, cpu };
}

/** Rounds alternate the two servers, so load from other processes on the machine hits both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
type Result = Awaited<ReturnType<typeof load>>;
type Round = { base: Result; replay: Result; full: Result };

const sim = await startChild<{ url: string }>('test/bench/support/sim-process.ts', BENCH_CORP);
const product = await startChild<{ url: string }>('test/bench/support/product-process.ts', liveEnv(sim.info.url));
const bareKeys = { CB_TOKEN: keys.token, CB_AES_KEY: keys.encodingAESKey };
const bare = await startChild<{ url: string }>('test/bench/support/bare-callback-server.ts', bareKeys);
const bareReplay = await startChild<{ url: string }>('test/bench/support/bare-callback-server.ts',
  { ...bareKeys, BARE_REPLAY_DB: join(mkdtempSync(join(tmpdir(), 'moonshift-bench-replay-')), 'replay.db') });
try {
  const seconds = Math.max(1, Math.round(DURATION / ROUNDS));
  const size = Math.ceil(12_000 * (seconds + 1));
  const servers = { base: bare, replay: bareReplay, full: product } as const;
  for (const server of Object.values(servers)) await load(server, 1, freshCallbacks(size));
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // each round starts with another server, so load from other processes on the machine hits all alike
    const order = (['base', 'replay', 'full'] as const).map((_, j, all) => all[(i + j) % all.length]!);
    const round: Partial<Round> = {};
    for (const name of order) round[name] = await load(servers[name], seconds, freshCallbacks(size));
    rounds.push(round as Round);
  }
  const line = (name: string, pick: (r: Round) => Result) => {
    const rs = rounds.map(pick);
    const sum = (k: 'non2xx' | 'errors') => rs.reduce((s, r) => s + r[k], 0);
    console.log(`callback  ${name} : ${fmt(median(rs.map((r) => r.rps)), 0)} req/s  mean ${fmt(median(rs.map((r) => r.mean)), 2)} ms  p50 ${median(rs.map((r) => r.p50))}  p90 ${median(rs.map((r) => r.p90))}  p99 ${median(rs.map((r) => r.p99))} ms  (non-2xx ${sum('non2xx')}, errors ${sum('errors')})`);
  };
  line('bare route', (r) => r.base);
  line('Moonshift ', (r) => r.full);
  line('bare route + replay memory', (r) => r.replay);
  const ratios = rounds.map((r) => r.full.rps / r.base.rps);
  const p99s = rounds.map((r) => r.full.p99 / Math.max(r.base.p99, 1));
  console.log(`callback  ratio      : throughput ${fmt(median(ratios), 2)}× (median of ${ROUNDS} alternating rounds: ${ratios.map((x) => fmt(x, 2)).join(' ')}; target ≥ 0.8)  p99 ${fmt(median(p99s), 2)}× (target ≤ 2)`);
  const replayRatios = rounds.map((r) => r.full.rps / r.replay.rps);
  console.log(`callback  ratio vs bare route + replay memory: throughput ${fmt(median(replayRatios), 2)}× (${replayRatios.map((x) => fmt(x, 2)).join(' ')})  p99 ${fmt(median(rounds.map((r) => r.full.p99 / Math.max(r.replay.p99, 1))), 2)}×`);
  const perRequest = (pick: (r: Round) => Result) => {
    const rs = rounds.map(pick);
    return (rs.reduce((s, r) => s + r.cpu, 0) * 1000) / Math.max(1, rs.reduce((s, r) => s + r.requests, 0));
  };
  const [bareUs, fullUs, replayUs] = [perRequest((r) => r.base), perRequest((r) => r.full), perRequest((r) => r.replay)];
  console.log(`callback  cpu/request: bare ${fmt(bareUs, 0)} µs, Moonshift ${fmt(fullUs, 0)} µs → throughput ratio on an idle core ${fmt(bareUs / fullUs, 2)}× (target ≥ 0.8); bare + replay memory ${fmt(replayUs, 0)} µs (${fmt(replayUs / fullUs, 2)}× against it)`);
} finally {
  await Promise.all([bare.stop(), bareReplay.stop(), product.stop(), sim.stop()]);
}
