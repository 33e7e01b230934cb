/**
 * @module End-to-end benchmark through the simulator over real HTTP (simulator and product in their own
 * processes; the product runs in live mode against the simulator):
 *  1. steady load: 200 customer messages/s for 30 s (BENCH_SECONDS), each from a new customer at night, so
 *     each must get exactly one night reply: p50/p99 from the customer's send to the reply in the inbox,
 *     lost and duplicated replies;
 *  2. mixed load at the same rate in open hours (test/bench/support/mixed-load.ts): returning customers whose
 *     sessions ended (the state refresh runs), open-hours transfers, and night customers of a closed team;
 *  3. throughput: a burst of BENCH_BURST messages as fast as the pipeline takes them, with the decision engine
 *     and with the Foundation's minimal reply policy, measured the same way in the same run.
 */
import { SimControlClient } from '../../server/wecom-sim/control-client';
import type { InboxItem } from '../../server/wecom-sim/state';
import { fmt, percentile, startChild } from './support/processes';
import { BENCH_CORP, liveEnv } from './support/live-env';
import { CLOSED_KF, MIXED_OPEN, runMixed } from './support/mixed-load';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const BURST = Number(process.env.BENCH_BURST ?? 2000);
const NIGHT = '2026-11-26T22:00:00+08:00';

async function withProduct<T>(planner: 'engine' | 'foundation', fn: (sim: SimControlClient) => Promise<T>, at = NIGHT, extra: Record<string, string> = {}): Promise<T> {
  const sim = await startChild<{ url: string }>('test/bench/support/sim-process.ts', { ...BENCH_CORP, SIM_TIME: at, ...(extra.BENCH_CLOSED_KF ? { SIM_EXTRA_KF: extra.BENCH_CLOSED_KF } : {}) });
  const simClient = new SimControlClient(sim.info.url);
  const product = await startChild<{ url: string }>('test/bench/support/product-process.ts',
    liveEnv(sim.info.url, { LOG_LEVEL: 'warn', BENCH_TIME: at, BENCH_PLANNER: planner, ...extra }));
  await simClient.setCallback({ url: `${product.info.url}/wecom/callback` });
  try {
    return await fn(simClient);
  } finally {
    await product.stop();
    await sim.stop();
  }
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

function report(label: string, sent: Sent[], inboxes: Map<string, InboxItem[]>, simNow: (wall: number) => number) {
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

await withProduct('engine', async (sim) => {
  const toSim = await simOffset(sim);
  const perTick = Math.max(1, Math.round(RATE / 50));
  const sent = await drive(sim, 'wmSteady', RATE * SECONDS, perTick, (1000 * perTick) / RATE);
  report(`steady ${RATE}/s × ${SECONDS} s (engine)`, sent, await collect(sim, sent, 60_000), toSim);
});

await withProduct('engine', async (sim) => {
  await runMixed(sim, RATE, SECONDS, await simOffset(sim));
}, MIXED_OPEN, { BENCH_ONLINE: 'zhangsan,lisi', BENCH_CLOSED_KF: CLOSED_KF });

for (const planner of ['foundation', 'engine'] as const) {
  await withProduct(planner, async (sim) => {
    const toSim = await simOffset(sim);
    const t0 = Date.now();
    const sent = await drive(sim, `wmBurst${planner}`, BURST, 1, 0);
    const inboxes = await collect(sim, sent, 120_000);
    const lastReply = Math.max(...[...inboxes.values()].flat().map((i) => i.atMs));
    const seconds = (lastReply - toSim(t0)) / 1000;
    console.log(`burst ${BURST} (${planner.padEnd(10)}): ${fmt(BURST / seconds, 0)} messages/s end to end`);
    report(`burst (${planner})`, sent, inboxes, toSim);
  });
}
