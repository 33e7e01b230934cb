/**
 * @module The end-to-end benchmark's mixed scenario, in open hours with two agents online: a third of the
 * customers are returning ones whose sessions an agent ended earlier (so Moonshift's picture is "ended" and the
 * state refresh runs before their message is stored), a third are new customers handed over to an agent after
 * the welcome, and a third write to a second account (team) whose calendar is closed — night customers. Each
 * kind's first reply is timed from the customer's send to its arrival in the simulator's inbox.
 */
import type { SimControlClient } from '../../../server/wecom-sim/control-client';
import type { InboxItem } from '../../../server/wecom-sim/state';
import { fmt, percentile } from './processes';

export const MIXED_OPEN = '2026-11-25T10:00:00+08:00';
export const CLOSED_KF = 'wkMoonshiftClosed01';
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

/** Setup (not timed): `n` customers talk to an agent, who then ends each session in the WeCom client. */
async function prepareReturning(sim: SimControlClient, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `wmReturn${String(i).padStart(6, '0')}`);
  await pool(ids, 32, (c) => sim.customerSend({ external_userid: c, nickname: `回头客${c.slice(-4)}`, msgtype: 'text', content: '你好' }));
  const deadline = Date.now() + 120_000;
  for (;;) {
    const held = (await sim.state()).sessions.filter((s) => ids.includes(s.external_userid) && s.service_state === 3);
    if (held.length === ids.length || Date.now() > deadline) {
      await pool(held, 32, (s) => sim.agentSession({ external_userid: s.external_userid, userid: s.servicer_userid, action: 'end' }));
      break;
    }
    await pause(500);
  }
  await sim.waitCallbacks();
  await pause(3_000); // let the product pull the session_status_change events (it sees the sessions ended)
  return ids;
}

export async function runMixed(sim: SimControlClient, rate: number, seconds: number, toSim: (wall: number) => number): Promise<void> {
  const perKind = Math.max(1, Math.round((rate * seconds) / 3));
  const returning = await prepareReturning(sim, perKind);
  const counts = await inboxes(sim);
  const callsBefore = (await sim.state()).callCounts;
  const sent: Sent[] = [];
  const inflight = new Set<Promise<unknown>>();
  const started = Date.now();
  const tickMs = 3_000 / rate;
  for (let i = 0; i < perKind; i++) {
    const due = started + i * tickMs;
    if (due > Date.now()) await pause(due - Date.now());
    const batch: [Kind, string, string | undefined][] = [
      ['returning', returning[i]!, undefined], ['transfer', `wmOpenNew${String(i).padStart(6, '0')}`, undefined], ['night', `wmClosed${String(i).padStart(6, '0')}`, CLOSED_KF],
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
  const deadline = Date.now() + 90_000;
  let final = await inboxes(sim);
  while (sent.some((s) => (final.get(s.customer)?.length ?? 0) <= s.before) && Date.now() < deadline) {
    await pause(500);
    final = await inboxes(sim);
  }
  for (const kind of ['returning', 'transfer', 'night'] as Kind[]) {
    const mine = sent.filter((s) => s.kind === kind);
    const lat = mine.flatMap((s) => {
      const first = (final.get(s.customer) ?? []).slice(s.before)[0];
      return first ? [first.atMs - toSim(s.at)] : [];
    }).sort((a, b) => a - b);
    console.log(`mixed ${kind.padEnd(9)}: ${mine.length} messages  p50 ${fmt(percentile(lat, 50), 0)} ms  p99 ${fmt(percentile(lat, 99), 0)} ms  no reply ${mine.length - lat.length}`);
  }
  const calls = (await sim.state()).callCounts;
  const delta = (path: string) => (calls[path] ?? 0) - (callsBefore[path] ?? 0);
  console.log(`mixed: ${rate}/s × ${seconds} s — kf/service_state/get ${delta('kf/service_state/get')}, kf/service_state/trans ${delta('kf/service_state/trans')}, kf/send_msg ${delta('kf/send_msg')}, send_msg_on_event ${delta('kf/send_msg_on_event')}`);
}
