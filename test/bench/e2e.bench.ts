/**
 * @module End-to-end benchmark through the simulator over real HTTP (simulator and product in their own
 * processes; the product runs in live mode against the simulator):
 *  1. steady load: 200 customer messages/s for 30 s (BENCH_SECONDS), each from a new customer at night, so
 *     each must get exactly one night reply: p50/p99 from the customer's send to the reply in the inbox,
 *     lost and duplicated replies;
 *  2. mixed load at the same rate in open hours (test/bench/support/mixed-load.ts): returning customers whose
 *     sessions ended (the state refresh runs), open-hours transfers, and night customers of a closed team;
 *  3. throughput: a burst of BENCH_BURST messages as fast as the pipeline takes them, with the decision engine
 *     and with the Foundation's minimal reply policy, measured the same way in the same run;
 *  4. the physical limit: the bare responder (support/bare-responder.ts — same HTTP client, no database, no
 *     logging, one fixed reply) through the same steady load and burst, so the product reads as a ratio of it.
 * Each run also says how much CPU each process spent per message (product or bare responder, and simulator),
 * from `process.cpuUsage()` in each child: whichever is near 1 core-second per second is the limit.
 * Profiling recipe: test/bench/PROFILE.md.
 */
import { SimControlClient } from '../../server/wecom-sim/control-client';
import type { InboxItem } from '../../server/wecom-sim/state';
import { fmt, percentile, startChild, type Child } from './support/processes';
import { cpuMs, type CpuSample } from './support/cpu';
import { STAGES, SYNC_STAGES, stageDelta, type StageSnapshot } from '../../server/pipeline/stages';
import { BENCH_CORP, liveEnv } from './support/live-env';
import { CLOSED_KF, MIXED_OPEN, runMixed } from './support/mixed-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const BURST = Number(process.env.BENCH_BURST ?? 2000);
const NIGHT = '2026-11-26T22:00:00+08:00';

type Responder = 'engine' | 'foundation' | 'bare';
interface Sample { responder: CpuSample; sim: CpuSample; stages: StageSnapshot | null; calls: Record<string, number> }
interface Run { sim: SimControlClient; cpu: () => Promise<Sample> }

/** Starts a simulator and a responder (the product with a planner, or the bare responder) in their own processes. */
async function withResponder<T>(responder: Responder, fn: (run: Run) => Promise<T>, at = NIGHT, extra: Record<string, string> = {}): Promise<T> {
  const sim = await startChild<{ url: string }>('test/bench/support/sim-process.ts', { ...BENCH_CORP, SIM_TIME: at, ...(extra.BENCH_CLOSED_KF ? { SIM_EXTRA_KF: extra.BENCH_CLOSED_KF } : {}) });
  const simClient = new SimControlClient(sim.info.url);
  let child: Child<{ url: string }>;
  try {
    child = responder === 'bare'
      ? await startChild<{ url: string }>('test/bench/support/bare-responder.ts', { ...BENCH_CORP, WECOM_API_BASE: sim.info.url })
      : await startChild<{ url: string }>('test/bench/support/product-process.ts',
        liveEnv(sim.info.url, { LOG_LEVEL: 'warn', BENCH_TIME: at, BENCH_PLANNER: responder, ...extra }));
  } catch (err) {
    await sim.stop();
    throw err;
  }
  await simClient.setCallback({ url: `${child.info.url}/wecom/callback` });
  try {
    return await fn({ sim: simClient, cpu: async () => ({
      responder: await child.cpu(), sim: await sim.cpu(), stages: await child.stages(), calls: (await simClient.state()).callCounts,
    }) });
  } finally {
    await child.stop();
    await sim.stop();
  }
}

/**
 * Prints the CPU each process spent per message between two samples, the WeCom calls per message, and the
 * product's stages: calls, mean time per call, time per message and (for the stages that never wait) their
 * share of the product's CPU; pull and send are round trips (wall time, waiting on WeCom included).
 */
function reportCpu(label: string, who: string, messages: number, from: Sample, to: Sample, wallMs: number) {
  const r = cpuMs(from.responder, to.responder);
  const m = cpuMs(from.sim, to.sim);
  console.log(`cpu ${label}: ${who} ${fmt(r / messages, 3)} ms/message (${fmt(r / wallMs, 2)} cores), simulator ${fmt(m / messages, 3)} ms/message (${fmt(m / wallMs, 2)} cores)`);
  const calls = Object.entries(to.calls).map(([api, n]) => [api, n - (from.calls[api] ?? 0)] as const).filter(([, n]) => n > 0)
    .map(([api, n]) => `${api} ${fmt(n / messages, 2)}`);
  console.log(`calls ${label} per message: ${calls.join(', ')}`);
  if (from.stages && to.stages) {
    const d = stageDelta(from.stages, to.stages);
    for (const s of STAGES) {
      const ms = d[s].ns / 1e6;
      const share = SYNC_STAGES.has(s) ? `${fmt((100 * ms) / r, 1)}% of product CPU` : 'round trip (wall, waiting included)';
      console.log(`stage ${label} ${s.padEnd(11)}: ${String(d[s].count).padStart(6)} calls  mean ${fmt(d[s].count ? ms / d[s].count : NaN, 3)} ms  ${fmt(ms / messages, 3)} ms/message  ${share}`);
    }
  }
  return r / messages;
}

interface Sent { customer: string; at: number }

/** Waits until every customer has a reply (or `timeoutMs` passes); returns per-customer inbox items. */
async function collect(sim: SimControlClient, sent: Sent[], timeoutMs: number): Promise<Map<string, InboxItem[]>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const byCustomer = new Map<string, InboxItem[]>();
    for (const item of await sim.allInboxes()) byCustomer.set(item.external_userid, [...(byCustomer.get(item.external_userid) ?? []), item]);
    if (sent.every((s) => byCustomer.has(s.customer)) || Date.now() > deadline) {
      await new Promise((r) => setTimeout(r, 1500)); // would a duplicate still arrive?
      const final = new Map<string, InboxItem[]>();
      for (const item of await sim.allInboxes()) final.set(item.external_userid, [...(final.get(item.external_userid) ?? []), item]);
      return final;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Prints latency, loss and duplicates; returns the p99 in ms. */
function report(label: string, sent: Sent[], inboxes: Map<string, InboxItem[]>, simNow: (wall: number) => number): number {
  const lat: number[] = [];
  let lost = 0;
  let dup = 0;
  for (const s of sent) {
    const items = inboxes.get(s.customer) ?? [];
    if (items.length === 0) lost++;
    if (items.length > 1) dup += items.length - 1;
    if (items[0]) lat.push(items[0].atMs - simNow(s.at));
  }
  lat.sort((a, b) => a - b);
  console.log(`${label}: ${sent.length} messages  p50 ${fmt(percentile(lat, 50), 0)} ms  p99 ${fmt(percentile(lat, 99), 0)} ms  max ${fmt(lat.at(-1) ?? NaN, 0)} ms  lost ${lost}  duplicated ${dup}`);
  return percentile(lat, 99);
}

/** Sends `count` messages, `perTick` every `tickMs`, each from a fresh customer. */
async function drive(sim: SimControlClient, prefix: string, count: number, perTick: number, tickMs: number): Promise<Sent[]> {
  const sent: Sent[] = [];
  const inflight = new Set<Promise<unknown>>();
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    if (i % perTick === 0 && tickMs > 0) {
      const due = started + (i / perTick) * tickMs;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
    while (inflight.size >= 64) await Promise.race(inflight);
    const customer = `${prefix}${String(i).padStart(6, '0')}`;
    const at = Date.now();
    const p = sim.customerSend({ external_userid: customer, nickname: `压测${i}`, msgtype: 'text', content: '在吗' })
      .then(() => { sent.push({ customer, at }); })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  return sent;
}

// The simulator's clock is shifted to NIGHT; convert wall times to its clock for latencies.
async function simOffset(sim: SimControlClient): Promise<(wall: number) => number> {
  const before = Date.now();
  const { now } = await sim.state();
  const offset = now - (before + Date.now()) / 2;
  return (wall) => wall + offset;
}

const steadyP99: Partial<Record<Responder, number>> = {};
const burstRate: Partial<Record<Responder, number>> = {};
const cpuPerMessage: Partial<Record<Responder, number>> = {};

/** Steady night load: RATE new customers a second for SECONDS, each expecting one night reply. */
async function steady(responder: 'engine' | 'bare') {
  await withResponder(responder, async ({ sim, cpu }) => {
    const toSim = await simOffset(sim);
    const perTick = Math.max(1, Math.round(RATE / 50));
    const c0 = await cpu();
    const t0 = Date.now();
    const sent = await drive(sim, 'wmSteady', RATE * SECONDS, perTick, (1000 * perTick) / RATE);
    const inboxes = await collect(sim, sent, 60_000);
    const c1 = await cpu();
    const label = responder === 'bare' ? `bare responder steady ${RATE}/s × ${SECONDS} s` : `steady ${RATE}/s × ${SECONDS} s (engine)`;
    steadyP99[responder] = report(label, sent, inboxes, toSim);
    reportCpu(`steady (${responder})`, responder === 'bare' ? 'bare responder' : 'product', sent.length, c0, c1, Date.now() - t0);
  });
}

/** A burst of BURST new customers as fast as the responder takes them. */
async function burst(responder: Responder) {
  await withResponder(responder, async ({ sim, cpu }) => {
    const toSim = await simOffset(sim);
    const c0 = await cpu();
    const t0 = Date.now();
    const sent = await drive(sim, `wmBurst${responder}`, BURST, 1, 0);
    const inboxes = await collect(sim, sent, 120_000);
    const c1 = await cpu();
    const lastReply = Math.max(...[...inboxes.values()].flat().map((i) => i.atMs));
    const seconds = (lastReply - toSim(t0)) / 1000;
    burstRate[responder] = BURST / seconds;
    if (responder === 'bare') {
      const p99 = report('bare responder burst', sent, inboxes, toSim);
      console.log(`bare responder: ${fmt(BURST / seconds, 0)} messages/s end to end (burst ${BURST})  p99 ${fmt(p99, 0)} ms`);
    } else {
      console.log(`burst ${BURST} (${responder.padEnd(10)}): ${fmt(BURST / seconds, 0)} messages/s end to end`);
      report(`burst (${responder})`, sent, inboxes, toSim);
    }
    cpuPerMessage[responder] = reportCpu(`burst (${responder})`, responder === 'bare' ? 'bare responder' : 'product', BURST, c0, c1, Date.now() - t0);
  });
}

await steady('bare');
await steady('engine');

await withResponder('engine', async ({ sim }) => {
  await runMixed(sim, RATE, SECONDS, await simOffset(sim));
}, MIXED_OPEN, { BENCH_ONLINE: 'zhangsan,lisi', BENCH_CLOSED_KF: CLOSED_KF });

for (const responder of ['bare', 'foundation', 'engine'] as const) await burst(responder);

const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined && b > 0 ? fmt(a / b, 2) : 'n/a');
console.log(`product vs bare responder (same run): burst throughput ${ratio(burstRate.engine, burstRate.bare)}×, steady p99 ${ratio(steadyP99.engine, steadyP99.bare)}×, CPU per message ${ratio(cpuPerMessage.engine, cpuPerMessage.bare)}×`);
