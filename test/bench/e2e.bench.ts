/**
 * @module End-to-end benchmark through the simulator over real HTTP (simulator and product in their own
 * processes; the product runs in live mode against the simulator):
 *  1. steady load: 200 customer messages/s for 30 s (BENCH_SECONDS), each from a new customer at night, so
 *     each must get exactly one night reply: p50/p99 from the customer's send to the reply in the inbox,
 *     lost and duplicated replies — after a warm-up of the same load (BENCH_WARMUP, 5 s), reported on its own line;
 *  2. mixed load at the same rate in open hours (test/bench/support/mixed-load.ts): returning customers whose
 *     sessions ended (the state refresh runs), open-hours transfers, and night customers of a closed team;
 *  3. throughput: a burst of BENCH_BURST messages as fast as the pipeline takes them, with the decision engine
 *     and with the Foundation's minimal reply policy, measured the same way in the same run;
 *  4. the physical limit: the bare responder (support/bare-responder.ts — same HTTP client, no database, no
 *     logging, one fixed reply) through the same steady load and burst, so the product reads as a ratio of it;
 *  5. the engines: the steady load and the burst (engine) again on PostgreSQL, one instance and two instances
 *     on one database behind the simulator (its callbacks alternate between them, as a load balancer's would),
 *     next to SQLite (one instance, above). The benchmark starts a throw-away PostgreSQL cluster
 *     (test/support/pg-cluster.ts) unless BENCH_PG_URL names one (a superuser URL); each run gets a fresh
 *     database cloned from the migrated template. Without PostgreSQL installed it says so and skips these runs.
 * Each run also says how much CPU each process spent per message (product or bare responder, and simulator),
 * from `process.cpuUsage()` in each child: whichever is near 1 core-second per second is the limit. With two
 * instances the product's figure is their sum, each instance's own in brackets; on PostgreSQL the database
 * server's CPU is added when it runs on this machine (support/pg-cpu.ts), and the SQL statements the instances sent
 * per message (each a round trip). Closing lines put SQLite ×1, PostgreSQL ×1 and ×2 side by side (`engines …`).
 * BENCH_ONLY=<token,…> runs a part: measurements steady, mixed, burst; responders bare, foundation, engine;
 * engines sqlite, pg (both), pg1, pg2 — on each axis nothing named means all (e.g. `BENCH_ONLY=burst,pg`: the
 * bare responder's burst and the engine's on PostgreSQL ×1 and ×2). Default: everything.
 * Profiling recipe: test/bench/PROFILE.md.
 */
import { SimControlClient } from '../../server/wecom-sim/control-client';
import type { InboxItem } from '../../server/wecom-sim/state';
import { fmt, percentile, startChild, timelineLine, untilLastAnswered, type Child } from './support/processes';
import { cpuMs, type CpuSample, type QueryCount } from './support/cpu';
import { STAGES, SYNC_STAGES, stageDelta, type StageSnapshot } from '../../server/core/pipeline/stages';
import { BENCH_CORP, liveEnv } from './support/live-env';
import { CLOSED_KF, MIXED_AGENTS, MIXED_OPEN, MIXED_SESSION_CAP, runMixed } from './support/mixed-load';
import { pgServerCpu } from './support/pg-cpu';
import { findPgBin, startPgCluster, stopPgCluster } from '../support/pg-cluster';
import { createTestDatabase, type TestDatabase } from '../support/pg-template';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 200);
/**
 * Seconds of the same steady load sent first and measured apart (`… warm-up: …`): every process of a run starts
 * cold — the simulator (WeCom is never cold), the driver and the responder compile their hot paths in the first
 * seconds, and the product's start-up work (setup check, directory read) runs beside them — so the steady line
 * measures the warm processes, bare responder and product alike. 0: no warm-up.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const BURST = Number(process.env.BENCH_BURST ?? 2000);
const NIGHT = '2026-11-26T22:00:00+08:00';

type Responder = 'engine' | 'foundation' | 'bare';
/** Where the product keeps its data: the SQLite file (one instance), or PostgreSQL with one or two instances on one database. */
interface Store { engine: 'sqlite' | 'postgres'; instances: 1 | 2 }
const SQLITE: Store = { engine: 'sqlite', instances: 1 };
const PG_STORES: Store[] = [{ engine: 'postgres', instances: 1 }, { engine: 'postgres', instances: 2 }];
const storeName = (s: Store) => `${s.engine} ×${s.instances}`;
/**
 * One CPU sample per responder process (two with two instances); `db`: the PostgreSQL server's, when readable here;
 * `queries`: the SQL statements and transactions the instances ran (null for the bare responder).
 */
interface Sample { responder: CpuSample[]; sim: CpuSample; db: CpuSample | null; queries: QueryCount | null; stages: StageSnapshot | null; calls: Record<string, number> }
interface Run { sim: SimControlClient; cpu: () => Promise<Sample> }

// BENCH_ONLY: which runs happen (see the module comment); on each axis nothing named means all.
const AXES = { part: ['steady', 'mixed', 'burst'], responder: ['bare', 'foundation', 'engine'], engine: ['sqlite', 'pg', 'pg1', 'pg2'] } as const;
const only = (process.env.BENCH_ONLY ?? '').split(',').map((t) => t.trim()).filter(Boolean);
const unknown = only.filter((t) => !Object.values(AXES).some((axis) => (axis as readonly string[]).includes(t)));
if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${Object.values(AXES).flat().join(', ')})`);
const onAxis = (axis: keyof typeof AXES, ...tokens: string[]) =>
  !only.some((t) => (AXES[axis] as readonly string[]).includes(t)) || tokens.some((t) => only.includes(t));
/** Is this run wanted? The bare responder has no database: the engine axis does not apply to it. */
function wanted(part: 'steady' | 'mixed' | 'burst', responder: Responder, store: Store = SQLITE): boolean {
  const engine = store.engine === 'sqlite' ? ['sqlite'] : ['pg', `pg${store.instances}`];
  return onAxis('part', part) && onAxis('responder', responder) && (responder === 'bare' || onAxis('engine', ...engine));
}

/** The PostgreSQL cluster the PostgreSQL runs use (BENCH_PG_URL, or one this benchmark starts); null: they are skipped. */
interface PgRun { url: string; dir?: string; cpu: (() => CpuSample) | null }
let pgCluster = null as PgRun | null; // (set by openPgCluster below)

/** Adds the product instances' stage counters (null when a child has none). */
function sumStages(snaps: (StageSnapshot | null)[]): StageSnapshot | null {
  if (snaps.some((s) => s === null)) return null;
  return Object.fromEntries(STAGES.map((st) => [st, {
    count: snaps.reduce((n, s) => n + s![st].count, 0), ns: snaps.reduce((n, s) => n + s![st].ns, 0),
  }])) as StageSnapshot;
}

/**
 * Starts a simulator and a responder (the product with a planner, or the bare responder) in their own processes;
 * on PostgreSQL the product runs on a fresh database, as one or two instances whose callback URLs the simulator
 * takes in turn.
 */
async function withResponder<T>(responder: Responder, fn: (run: Run) => Promise<T>, at = NIGHT, extra: Record<string, string> = {}, store: Store = SQLITE): Promise<T> {
  const sim = await startChild<{ url: string }>('test/bench/support/sim-process.ts', { ...BENCH_CORP, SIM_TIME: at, ...(extra.BENCH_CLOSED_KF ? { SIM_EXTRA_KF: extra.BENCH_CLOSED_KF } : {}) });
  const simClient = new SimControlClient(sim.info.url);
  const children: Child<{ url: string }>[] = [];
  let db: TestDatabase | undefined;
  try {
    if (responder === 'bare') {
      children.push(await startChild<{ url: string }>('test/bench/support/bare-responder.ts', { ...BENCH_CORP, WECOM_API_BASE: sim.info.url }));
    } else {
      if (store.engine === 'postgres') db = await createTestDatabase(pgCluster!.url);
      // One after the other: the first seeds the database, the second finds it seeded.
      for (let i = 0; i < store.instances; i++) {
        children.push(await startChild<{ url: string }>('test/bench/support/product-process.ts', liveEnv(sim.info.url, {
          LOG_LEVEL: 'warn', BENCH_TIME: at, BENCH_PLANNER: responder, ...extra,
          ...(db ? { DATABASE_URL: db.url } : {}), ...(i > 0 ? { BENCH_SEEDED: '1' } : {}),
        })));
      }
    }
    const urls = children.map((c) => `${c.info.url}/wecom/callback`);
    await simClient.setCallback(urls.length === 1 ? { url: urls[0]! } : { urls });
    const dbCpu = db ? pgCluster!.cpu : null;
    return await fn({ sim: simClient, cpu: async () => ({
      responder: await Promise.all(children.map((c) => c.cpu())), sim: await sim.cpu(), db: dbCpu?.() ?? null,
      queries: responder === 'bare' ? null : (await Promise.all(children.map((c) => c.queries()))).reduce<QueryCount>(
        (n, q) => ({ statements: n.statements + (q?.statements ?? 0), transactions: n.transactions + (q?.transactions ?? 0) }), { statements: 0, transactions: 0 }),
      stages: sumStages(await Promise.all(children.map((c) => c.stages()))), calls: (await simClient.state()).callCounts,
    }) });
  } finally {
    for (const c of children) await c.stop();
    await sim.stop();
    await db?.drop();
  }
}

/**
 * Prints the CPU each process spent per message between two samples, the WeCom calls per message, and the
 * product's stages: calls, mean time per call, time per message and (for the stages that never wait) their
 * share of the product's CPU; pull and send are round trips (wall time, waiting on WeCom included).
 */
function reportCpu(label: string, who: string, messages: number, from: Sample, to: Sample, wallMs: number) {
  const each = to.responder.map((t, i) => cpuMs(from.responder[i]!, t));
  const r = each.reduce((a, b) => a + b, 0);
  const m = cpuMs(from.sim, to.sim);
  const perMessage = (ms: number) => `${fmt(ms / messages, 3)} ms/message (${fmt(ms / wallMs, 2)} cores)`;
  const instances = each.length > 1 ? ` [${each.map((ms, i) => `instance ${i + 1} ${perMessage(ms)}`).join(', ')}]` : '';
  const db = from.db && to.db ? `, postgres ${perMessage(cpuMs(from.db, to.db))}` : '';
  console.log(`cpu ${label}: ${who} ${fmt(r / messages, 3)} ms/message (${fmt(r / wallMs, 2)} cores)${instances}, simulator ${fmt(m / messages, 3)} ms/message (${fmt(m / wallMs, 2)} cores)${db}`);
  const calls = Object.entries(to.calls).map(([api, n]) => [api, n - (from.calls[api] ?? 0)] as const).filter(([, n]) => n > 0)
    .map(([api, n]) => `${api} ${fmt(n / messages, 2)}`);
  console.log(`calls ${label} per message: ${calls.join(', ')}`);
  const onPg = label.includes('postgres');
  if (from.queries !== null && to.queries !== null) {
    const per = (n: number) => fmt(n / messages, 1);
    const round = onPg ? ' (each a round trip to PostgreSQL)' : '';
    console.log(`queries ${label}: ${per(to.queries.statements - from.queries.statements)} SQL statements per message${round}, ${per(to.queries.transactions - from.queries.transactions)} transactions per message`);
  }
  if (from.stages && to.stages) {
    const d = stageDelta(from.stages, to.stages);
    for (const s of STAGES) {
      const ms = d[s].ns / 1e6;
      // on PostgreSQL the storing transaction and the steps inside it wait for the database (several lanes at once)
      const share = SYNC_STAGES.has(s) && !onPg ? `${fmt((100 * ms) / r, 1)}% of product CPU`
        : SYNC_STAGES.has(s) ? 'wall, waiting for PostgreSQL included' : s === 'callback' ? 'until the ack (wall, waiting included)' : 'round trip (wall, waiting included)';
      console.log(`stage ${label} ${s.padEnd(11)}: ${String(d[s].count).padStart(6)} calls  mean ${fmt(d[s].count ? ms / d[s].count : NaN, 3)} ms  ${fmt(ms / messages, 3)} ms/message  ${share}`);
    }
  }
  return r / messages;
}

interface Sent { customer: string; at: number }

/**
 * Waits until every customer has a reply, or no new reply came for `timeoutMs` (a slow run — PostgreSQL on a
 * loaded machine — is measured to its end, not cut at a fixed time); returns per-customer inbox items.
 */
async function collect(sim: SimControlClient, sent: Sent[], timeoutMs: number): Promise<Map<string, InboxItem[]>> {
  let deadline = Date.now() + timeoutMs;
  let answered = 0;
  for (;;) {
    const byCustomer = new Map<string, InboxItem[]>();
    for (const item of await sim.allInboxes()) byCustomer.set(item.external_userid, [...(byCustomer.get(item.external_userid) ?? []), item]);
    if (byCustomer.size > answered) { answered = byCustomer.size; deadline = Date.now() + timeoutMs; }
    if (sent.every((s) => byCustomer.has(s.customer)) || Date.now() > deadline) {
      await new Promise((r) => setTimeout(r, 1500)); // would a duplicate still arrive?
      const final = new Map<string, InboxItem[]>();
      for (const item of await sim.allInboxes()) final.set(item.external_userid, [...(final.get(item.external_userid) ?? []), item]);
      return final;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** BENCH_TIMELINE=1: p50 and p99 of each second of sending (is a slow p99 one stretch, e.g. the first seconds, or everywhere?). */
function timeline(label: string, sent: Sent[], inboxes: Map<string, InboxItem[]>, simNow: (wall: number) => number): void {
  const samples = sent.flatMap((s): [number, number][] => {
    const first = inboxes.get(s.customer)?.[0];
    return first ? [[s.at, first.atMs - simNow(s.at)]] : [];
  });
  console.log(`${label} timeline (p50/p99 ms per second sent): ${timelineLine(samples, sent[0]?.at ?? 0)}`);
}

/**
 * Prints latency, loss and duplicates (a message the customer already got, again); returns the p99 in ms. A later,
 * different message is no duplicate: a run that outlasts the unanswered escalation (90 s by default) sees its FAQ
 * card — counted on a line of its own.
 */
function report(label: string, sent: Sent[], inboxes: Map<string, InboxItem[]>, simNow: (wall: number) => number): number {
  const lat: number[] = [];
  let lost = 0;
  let dup = 0;
  let later = 0;
  for (const s of sent) {
    const items = inboxes.get(s.customer) ?? [];
    if (items.length === 0) lost++;
    const seen = new Set<string>();
    for (const item of items) {
      const key = `${item.msgtype}\n${item.text}`;
      if (seen.has(key)) dup++;
      else if (seen.size > 0) later++;
      seen.add(key);
    }
    if (items[0]) lat.push(items[0].atMs - simNow(s.at));
  }
  if (process.env.BENCH_TIMELINE) timeline(label, sent, inboxes, simNow);
  lat.sort((a, b) => a - b);
  console.log(`${label}: ${sent.length} messages  p50 ${fmt(percentile(lat, 50), 0)} ms  p99 ${fmt(percentile(lat, 99), 0)} ms  max ${fmt(lat.at(-1) ?? NaN, 0)} ms  lost ${lost}  duplicated ${dup}`);
  if (later > 0) console.log(`${label}: ${later} later, different messages (not duplicates: e.g. the unanswered escalation's FAQ card, the run outlasted it)`);
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
/** The engine's numbers per store (`sqlite ×1`, `postgres ×1`, `postgres ×2`), for the closing comparison. */
const byStore = new Map<string, { steadyP99?: number; burstRate?: number; burstP99?: number; cpu?: number }>();
const storeResult = (s: Store) => byStore.get(storeName(s)) ?? byStore.set(storeName(s), {}).get(storeName(s))!;

/** Steady night load: RATE new customers a second for SECONDS, each expecting one night reply. */
async function steady(responder: 'engine' | 'bare', store: Store = SQLITE) {
  const on = store === SQLITE ? '' : `, ${storeName(store)}`;
  await withResponder(responder, async ({ sim, cpu }) => {
    const toSim = await simOffset(sim);
    const perTick = Math.max(1, Math.round(RATE / 50));
    const label = responder === 'bare' ? `bare responder steady ${RATE}/s × ${SECONDS} s` : `steady ${RATE}/s × ${SECONDS} s (engine${on})`;
    if (WARMUP > 0) {
      const warm = await drive(sim, 'wmWarm', RATE * WARMUP, perTick, (1000 * perTick) / RATE);
      await untilLastAnswered(sim, warm.slice(-1), 30_000);
      report(`${label} warm-up (the first ${WARMUP} s after start, not in the line below)`, warm, await collect(sim, warm, 30_000), toSim);
    }
    const c0 = await cpu();
    const t0 = Date.now();
    const sent = await drive(sim, 'wmSteady', RATE * SECONDS, perTick, (1000 * perTick) / RATE);
    await untilLastAnswered(sim, sent.slice(-1), 30_000);
    const inboxes = await collect(sim, sent, 30_000);
    const c1 = await cpu();
    const p99 = report(label, sent, inboxes, toSim);
    if (store === SQLITE) steadyP99[responder] = p99;
    if (responder === 'engine') storeResult(store).steadyP99 = p99;
    reportCpu(`steady (${responder}${on})`, responder === 'bare' ? 'bare responder' : 'product', sent.length, c0, c1, Date.now() - t0);
  }, NIGHT, {}, store);
}

/** A burst of BURST new customers as fast as the responder takes them. */
async function burst(responder: Responder, store: Store = SQLITE) {
  const on = store === SQLITE ? '' : `, ${storeName(store)}`;
  await withResponder(responder, async ({ sim, cpu }) => {
    const toSim = await simOffset(sim);
    const c0 = await cpu();
    const t0 = Date.now();
    const sent = await drive(sim, `wmBurst${responder}`, BURST, 1, 0);
    const inboxes = await collect(sim, sent, 30_000);
    const c1 = await cpu();
    const lastReply = Math.max(...[...inboxes.values()].flat().map((i) => i.atMs));
    const seconds = (lastReply - toSim(t0)) / 1000;
    if (store === SQLITE) burstRate[responder] = BURST / seconds;
    if (responder === 'bare') {
      const p99 = report('bare responder burst', sent, inboxes, toSim);
      console.log(`bare responder: ${fmt(BURST / seconds, 0)} messages/s end to end (burst ${BURST})  p99 ${fmt(p99, 0)} ms`);
    } else if (store === SQLITE) {
      console.log(`burst ${BURST} (${responder.padEnd(10)}): ${fmt(BURST / seconds, 0)} messages/s end to end`);
      const p99 = report(`burst (${responder})`, sent, inboxes, toSim);
      if (responder === 'engine') Object.assign(storeResult(store), { burstRate: BURST / seconds, burstP99: p99 });
    } else {
      console.log(`burst ${BURST} (${responder}${on}): ${fmt(BURST / seconds, 0)} messages/s end to end`);
      const p99 = report(`burst (${responder}${on})`, sent, inboxes, toSim);
      Object.assign(storeResult(store), { burstRate: BURST / seconds, burstP99: p99 });
    }
    const cpuMsg = reportCpu(`burst (${responder}${on})`, responder === 'bare' ? 'bare responder' : 'product', BURST, c0, c1, Date.now() - t0);
    if (store === SQLITE) cpuPerMessage[responder] = cpuMsg;
    if (responder === 'engine') storeResult(store).cpu = cpuMsg;
  }, NIGHT, {}, store);
}

/** Starts (or takes, BENCH_PG_URL) the PostgreSQL cluster when a PostgreSQL run is wanted; says why when there is none. */
async function openPgCluster(): Promise<void> {
  if (!PG_STORES.some((s) => wanted('steady', 'engine', s) || wanted('burst', 'engine', s))) return;
  const given = process.env.BENCH_PG_URL;
  if (given) {
    pgCluster = { url: given, cpu: await pgServerCpu(given) };
    console.log(`postgres: BENCH_PG_URL (its CPU ${pgCluster.cpu ? 'counts every database of that server' : 'is not readable here: left out'})`);
    return;
  }
  if (!findPgBin()) {
    console.log('postgres: PostgreSQL server binaries not found (install postgresql, or set PG_BIN or BENCH_PG_URL) — the PostgreSQL runs are skipped');
    return;
  }
  const c = await startPgCluster();
  pgCluster = { ...c, cpu: await pgServerCpu(c.url) };
  console.log('postgres: a throw-away cluster for this run (fsync off, as the test clusters)');
}

await openPgCluster();
try {
  if (wanted('steady', 'bare')) await steady('bare');
  if (wanted('steady', 'engine')) await steady('engine');

  if (wanted('mixed', 'engine')) {
    await withResponder('engine', async ({ sim, cpu }) => {
      let from: Sample | undefined;
      let t0 = 0;
      await runMixed(sim, RATE, SECONDS, await simOffset(sim), {
        start: async () => { from = await cpu(); t0 = Date.now(); },
        end: async (messages) => { reportCpu('mixed (engine)', 'product', messages, from!, await cpu(), Date.now() - t0); },
      });
    }, MIXED_OPEN, { BENCH_ONLINE: MIXED_AGENTS.join(','), BENCH_CLOSED_KF: CLOSED_KF, BENCH_SESSION_CAP: String(MIXED_SESSION_CAP) });
  }

  for (const responder of ['bare', 'foundation', 'engine'] as const) if (wanted('burst', responder)) await burst(responder);

  if (pgCluster) {
    for (const store of PG_STORES) if (wanted('steady', 'engine', store)) await steady('engine', store);
    for (const store of PG_STORES) if (wanted('burst', 'engine', store)) await burst('engine', store);
  }
} finally {
  if (pgCluster?.dir) stopPgCluster(pgCluster.dir);
}

const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined && b > 0 ? fmt(a / b, 2) : 'n/a');
console.log(`product vs bare responder (same run): burst throughput ${ratio(burstRate.engine, burstRate.bare)}×, steady p99 ${ratio(steadyP99.engine, steadyP99.bare)}×, CPU per message ${ratio(cpuPerMessage.engine, cpuPerMessage.bare)}×`);
if (byStore.size > 1) {
  const ms = (n?: number, digits = 0) => (n === undefined ? 'n/a' : `${fmt(n, digits)} ms`);
  for (const [name, r] of byStore) {
    console.log(`engines (same run) ${name}: burst ${r.burstRate === undefined ? 'n/a' : fmt(r.burstRate, 0)} messages/s (p99 ${ms(r.burstP99)}, product CPU ${ms(r.cpu, 3)}/message)  steady p99 ${ms(r.steadyP99)}`);
  }
}
