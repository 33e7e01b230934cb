/**
 * @module The end-to-end benchmark's mixed scenario, in open hours with two agents online: a third of the
 * customers are returning ones whose sessions an agent ended earlier (so Moonshift's picture is "ended" and the
 * state refresh runs before their message is stored), a third are new customers handed over to an agent after
 * the welcome, and a third write to a second account (team) whose calendar is closed — night customers. Each
 * kind's first reply is timed from the customer's send to its arrival in the simulator's inbox. A customer
 * without a reply is reported as held by an agent (a person has the message) or silent.
 */
import type { SimControlClient } from '../../../server/wecom-sim/control-client';
import type { InboxItem } from '../../../server/wecom-sim/state';
import { fmt, percentile, timelineLine, untilLastAnswered } from './processes';

export const MIXED_OPEN = '2026-11-25T10:00:00+08:00';
export const CLOSED_KF = 'wkMoonshiftClosed01';
/** The agents online in this scenario, and their session cap (a set-up round takes at most agents × cap sessions). */
export const MIXED_AGENTS = ['zhangsan', 'lisi'];
export const MIXED_SESSION_CAP = 200;
type Kind = 'returning' | 'transfer' | 'night';
interface Sent { kind: Kind; customer: string; at: number; before: number }

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function inboxes(sim: SimControlClient): Promise<Map<string, InboxItem[]>> {
  const by = new Map<string, InboxItem[]>();
  for (const item of await sim.allInboxes()) by.set(item.external_userid, [...(by.get(item.external_userid) ?? []), item]);
  return by;
}

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: n }, async () => { for (let t = queue.shift(); t !== undefined; t = queue.shift()) await fn(t); }));
}

/** The customers among `ids` whose session an agent holds (state 3) in the simulator now. */
async function heldOf(sim: SimControlClient, ids: ReadonlySet<string>): Promise<{ external_userid: string; servicer_userid: string }[]> {
  return (await sim.state()).sessions.filter((s) => ids.has(s.external_userid) && s.service_state === 3);
}

/**
 * Setup (not timed): `n` customers talk to an agent, who then ends each session in the WeCom client. In rounds:
 * the agents take only up to their session cap, so a round is as many customers as they can take at once; it waits
 * until no more sessions are taken, ends those, and lets the product pull the ends (a customer not taken, being told
 * everyone is busy, writes again in a later round).
 * Returns the customers whose sessions were ended (all of them unless five minutes were not enough).
 */
async function prepareReturning(sim: SimControlClient, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `wmReturn${String(i).padStart(6, '0')}`);
  const ended = new Set<string>();
  const deadline = Date.now() + 300_000;
  while (ended.size < n && Date.now() < deadline) {
    const todo = new Set(ids.filter((c) => !ended.has(c)).slice(0, MIXED_AGENTS.length * MIXED_SESSION_CAP));
    await pool([...todo], 32, (c) => sim.customerSend({ external_userid: c, nickname: `回头客${c.slice(-4)}`, msgtype: 'text', content: '你好' }));
    let held = await heldOf(sim, todo);
    for (let seen = -1, quietSince = Date.now(); held.length < todo.size && Date.now() - quietSince < 3_000 && Date.now() < deadline;) {
      if (held.length !== seen) [seen, quietSince] = [held.length, Date.now()];
      await pause(500);
      held = await heldOf(sim, todo);
    }
    await pool(held, 32, (s) => sim.agentSession({ external_userid: s.external_userid, userid: s.servicer_userid, action: 'end' }));
    for (const s of held) ended.add(s.external_userid);
    await sim.waitCallbacks();
    await pause(3_000); // let the product pull the session_status_change events (it sees the sessions ended)
  }
  if (ended.size < n) console.log(`mixed: only ${ended.size} of ${n} returning customers had their session taken and ended within the set-up's 5 min`);
  return ids.filter((c) => ended.has(c));
}

/** Called around the measured part (after the set-up, until every reply is in): the caller's CPU and stage figures. */
export interface Measured { start(): Promise<void>; end(messages: number): Promise<void> }

export async function runMixed(sim: SimControlClient, rate: number, seconds: number, toSim: (wall: number) => number, measured: Measured): Promise<void> {
  const perKind = Math.max(1, Math.round((rate * seconds) / 3));
  const returning = await prepareReturning(sim, perKind);
  if (returning.length === 0) throw new Error('mixed: no returning customer could be prepared');
  const counts = await inboxes(sim);
  const callsBefore = (await sim.state()).callCounts;
  await measured.start();
  const sent: Sent[] = [];
  const inflight = new Set<Promise<unknown>>();
  const started = Date.now();
  const tickMs = 3_000 / rate;
  for (let i = 0; i < perKind; i++) {
    const due = started + i * tickMs;
    if (due > Date.now()) await pause(due - Date.now());
    const batch: [Kind, string, string | undefined][] = [
      ...(i < returning.length ? [['returning', returning[i]!, undefined] as [Kind, string, undefined]] : []), ['transfer', `wmOpenNew${String(i).padStart(6, '0')}`, undefined], ['night', `wmClosed${String(i).padStart(6, '0')}`, CLOSED_KF],
    ];
    for (const [kind, customer, open_kfid] of batch) {
      while (inflight.size >= 64) await Promise.race(inflight);
      const at = Date.now();
      const before = counts.get(customer)?.length ?? 0;
      const p = sim.customerSend({ external_userid: customer, nickname: `客户${i}`, msgtype: 'text', content: '在吗', ...(open_kfid ? { open_kfid } : {}) })
        .then(() => { sent.push({ kind, customer, at, before }); })
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
  }
  await Promise.all(inflight);
  await untilLastAnswered(sim, sent.filter((s) => s.kind === 'night').slice(-1), 30_000); // the kind no agent takes: always a reply
  // wait (up to 90 s) until every customer has a new message or is held by an agent
  const deadline = Date.now() + 90_000;
  const waiting = async (final: Map<string, InboxItem[]>) => {
    const left = sent.filter((s) => (final.get(s.customer)?.length ?? 0) <= s.before);
    return left.length > 0 && (await heldOf(sim, new Set(left.map((s) => s.customer)))).length < left.length;
  };
  let final = await inboxes(sim);
  while (await waiting(final) && Date.now() < deadline) {
    await pause(500);
    final = await inboxes(sim);
  }
  await measured.end(sent.length);
  for (const kind of ['returning', 'transfer', 'night'] as Kind[]) {
    const mine = sent.filter((s) => s.kind === kind);
    const lat = mine.flatMap((s) => {
      const first = (final.get(s.customer) ?? []).slice(s.before)[0];
      return first ? [first.atMs - toSim(s.at)] : [];
    }).sort((a, b) => a - b);
    if (process.env.BENCH_TIMELINE) {
      const samples = mine.flatMap((s): [number, number][] => {
        const first = (final.get(s.customer) ?? []).slice(s.before)[0];
        return first ? [[s.at, first.atMs - toSim(s.at)]] : [];
      });
      console.log(`mixed ${kind} timeline (p50/p99 ms per second sent): ${timelineLine(samples, started)}`);
    }
    console.log(`mixed ${kind.padEnd(9)}: ${mine.length} messages  p50 ${fmt(percentile(lat, 50), 0)} ms  p99 ${fmt(percentile(lat, 99), 0)} ms  no reply ${mine.length - lat.length}`);
  }
  // a customer without a new message may be one an agent now holds (a person has it: the product rightly stays
  // quiet in state 3, where WeCom refuses API sends); any other is a silence
  const unanswered = sent.filter((s) => (final.get(s.customer)?.length ?? 0) <= s.before);
  if (unanswered.length > 0) {
    const held = new Set((await heldOf(sim, new Set(unanswered.map((s) => s.customer)))).map((s) => s.external_userid));
    const withAgent = unanswered.filter((s) => held.has(s.customer));
    console.log(`mixed without a reply: ${unanswered.length} (${withAgent.length} held by an agent, ${unanswered.length - withAgent.length} silent)`
      + (process.env.BENCH_DEBUG ? `: ${unanswered.slice(0, 20).map((s) => s.customer).join(' ')}` : ''));
  }
  const calls = (await sim.state()).callCounts;
  const delta = (path: string) => (calls[path] ?? 0) - (callsBefore[path] ?? 0);
  console.log(`mixed: ${rate}/s × ${seconds} s — kf/service_state/get ${delta('kf/service_state/get')}, kf/service_state/trans ${delta('kf/service_state/trans')}, kf/send_msg ${delta('kf/send_msg')}, send_msg_on_event ${delta('kf/send_msg_on_event')}`);
}
