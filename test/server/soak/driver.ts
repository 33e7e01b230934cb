/**
 * @module The soak's driver: seeded, generated sequences of what happens at a 微信客服 desk — customers writing
 * (new and returning after WeCom's 48 h), agents changing status and 接待中, agents replying or ending sessions,
 * shift boundaries, WeCom faults (45009, -1, 40014, failed pulls, dropped callbacks) and forward clock jumps — each
 * followed by customer messages that the oracle judges. Counts per scenario kind and per outcome.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { seededRandom } from '../../../shared/domain/random';
import { DEMO_CALENDAR } from '../../../shared/calendar/index';
import { first } from '../../../server/core/ports/queries';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { judge, OUTCOMES, type Outcome, type Sent, type Verdict } from './oracle';
import { jump, settle, type SoakProduct } from './support';

export const KINDS = [
  'new_customer', 'returning_customer', 'agent_status', 'shift_boundary', 'fault_45009', 'fault_minus1', 'fault_40014',
  'fault_pull', 'dropped_callback', 'clock_jump',
] as const;
export type Kind = (typeof KINDS)[number];
/**
 * The kinds that do not jump the clock: time only passes as it would at a desk (seconds between a customer's
 * messages, the oracle's 10 s, the retries and pulls due on the way) — no 49 h return, no shift boundary, no jump.
 */
export const NO_JUMP_KINDS = KINDS.filter((k) => k !== 'returning_customer' && k !== 'shift_boundary' && k !== 'clock_jump');

const AGENTS = ['zhangsan', 'lisi', 'wangwu'] as const;
const STATUSES = ['online', 'online', 'busy', 'dnd', 'moon', 'offline'] as const;
const TEXTS = [
  '在吗', '你好', '我想咨询一下产品', '转人工', '人工客服', '紧急！设备坏了', '退款！马上！', '别烦我', '我要投诉', '帮助',
  '我想预约一下', '谢谢', '怎么不回我了', '我上周买的那台机器一直开不了机，客服电话也打不通，到底怎么办呀', '人呢',
];
const HOUR = 3_600_000;

/** `perKind` scenarios of each kind, in a seeded random order. */
export function scenarioOrder(kinds: readonly Kind[], perKind: number, seed: number): Kind[] {
  const rand = seededRandom(seed);
  const out = kinds.flatMap((k) => Array<Kind>(perKind).fill(k));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface Failure { seed: number; step: number; kind: Kind; customer: string; text: string; at: string; why: string }

export class SoakDriver {
  readonly byKind = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  readonly byOutcome = new Map<Outcome, number>(OUTCOMES.map((o) => [o, 0]));
  readonly failures: Failure[] = [];
  private readonly rand: () => number;
  private readonly history = new Map<string, Sent[]>();
  private customers: string[] = [];
  private seq = 0;
  private step = 0;
  private kind: Kind = 'new_customer';

  constructor(private readonly s: SoakProduct, readonly seed: number) {
    this.rand = seededRandom(seed);
  }

  private pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.rand() * xs.length)]!; }
  private int(lo: number, hi: number): number { return lo + Math.floor(this.rand() * (hi - lo + 1)); }

  private newCustomer(): string {
    const id = `wmSoak${this.seed.toString(36)}x${(++this.seq).toString().padStart(5, '0')}`;
    this.customers.push(id);
    return id;
  }

  private recentCustomer(): string {
    return this.customers.length === 0 || this.rand() < 0.2 ? this.newCustomer() : this.pick(this.customers.slice(-12));
  }

  /** The customer writes (a menu click when offered one, sometimes an image); the oracle judges within 10 s. */
  async say(customer: string, text = this.pick(TEXTS)): Promise<void> {
    const { p } = this.s;
    const at = this.s.now();
    const menu = (await p.sim.inbox({ external_userid: customer })).flatMap((m) => (m.msgtype === 'msgmenu' ? [m] : []));
    const clickable = menu.flatMap((m) => ((m.content.list as { type: string; click?: { id: string } }[] | undefined) ?? []).filter((it) => it.type === 'click').map((it) => it.click!.id));
    const roll = this.rand();
    if (roll < 0.1 && clickable.length > 0) {
      const id = this.pick(clickable);
      await p.sim.customerSend({ external_userid: customer, msgtype: 'menu_click', menu_id: id });
      text = `[menu ${id}]`;
    } else if (roll < 0.15) {
      await p.sim.customerSend({ external_userid: customer, msgtype: 'image' });
      text = '[image]';
    } else {
      await p.sim.customerSend({ external_userid: customer, nickname: `客户${customer.slice(-3)}`, msgtype: 'text', content: text });
    }
    const sent: Sent = { text, at };
    this.history.set(customer, [...(this.history.get(customer) ?? []), sent]);
    // judged once the product has processed the message, and again 10 s later: the oracle must hold within 10 s
    await settle(this.s, at, 0);
    const early = await this.judgeNow(customer, sent);
    await settle(this.s, at);
    await this.record(customer, sent, early.outcome ? early : await this.judgeNow(customer, sent));
  }

  /** The product's side of the verdict, read through the unit of work (committed data, either engine). */
  private async judgeNow(customer: string, message: Sent): Promise<Verdict> {
    const { p } = this.s;
    const { armed, staff } = await p.deps.shared.uow.read(async ({ db, t: { conversations, timers, agents } }) => {
      const conv = await first(db.select({ id: conversations.id }).from(conversations)
        .where(and(eq(conversations.openKfid, DEMO_KF.open_kfid), eq(conversations.externalUserid, customer))).limit(1));
      const timer = conv && await first(db.select({ id: timers.id }).from(timers)
        .where(and(eq(timers.conversationId, conv.id), eq(timers.status, 'pending'), inArray(timers.kind, ['esc.unanswered', 'esc.silence', 'engine.follow_up']))).limit(1));
      return { armed: timer !== undefined, staff: await db.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents) };
    });
    return judge({
      customer, openKfid: DEMO_KF.open_kfid, message, history: this.history.get(customer) ?? [], inbox: await p.sim.inbox({ external_userid: customer }),
      sim: await p.sim.state(), agents: staff, escalationArmed: armed, calendar: DEMO_CALENDAR, now: this.s.now(),
    });
  }

  private async record(customer: string, message: Sent, verdict: Verdict): Promise<void> {
    if (verdict.outcome) {
      this.byOutcome.set(verdict.outcome, (this.byOutcome.get(verdict.outcome) ?? 0) + 1);
      return;
    }
    const pull = await this.s.p.deps.shared.uow.read(({ db, t: { syncCursors } }) => first(db.select().from(syncCursors)
      .where(eq(syncCursors.openKfid, DEMO_KF.open_kfid)).limit(1)));
    this.failures.push({
      seed: this.seed, step: this.step, kind: this.kind, customer, text: message.text,
      at: new Date(message.at).toISOString(),
      why: `${verdict.why}; last pull ${pull?.lastPullOk ? 'ok' : `failed (${pull?.lastError ?? '-'})`} ${((this.s.now() - (pull?.lastPullStartedAt ?? 0)) / 1000).toFixed(1)} s ago`,
    });
  }

  private async setStatus(userid: string, status: string): Promise<void> {
    await this.s.setStatus(userid, status);
    await settle(this.s, this.s.now(), 0);
  }

  /** A customer whose session a person holds in the simulator, if any. */
  private async heldCustomer(): Promise<{ customer: string; holder: string } | undefined> {
    const sessions = (await this.s.p.sim.state()).sessions.filter((x) => x.service_state === 3 && this.customers.includes(x.external_userid));
    const s = sessions.length ? this.pick(sessions) : undefined;
    return s && { customer: s.external_userid, holder: s.servicer_userid };
  }

  private async faulted(fault: Parameters<SoakProduct['p']['sim']['setFaults']>[0], customer = this.recentCustomer()): Promise<void> {
    await this.s.p.sim.setFaults(fault);
    await this.say(customer);
    await this.s.p.sim.clearFaults();
  }

  async run(kind: Kind): Promise<void> {
    this.kind = kind;
    this.step++;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    const { p } = this.s;
    switch (kind) {
      case 'new_customer': {
        const c = this.newCustomer();
        const burst = this.rand() < 0.25;
        const text = this.pick(TEXTS);
        for (let i = 0, n = burst ? 4 : this.int(1, 2); i < n; i++) {
          await this.say(c, burst ? text : undefined);
          await jump(this.s, this.int(5, 50) * 1000);
        }
        return;
      }
      case 'returning_customer': {
        const held = await this.heldCustomer();
        const c = held?.customer ?? this.recentCustomer();
        await jump(this.s, 49 * HOUR + this.int(0, 120) * 60_000);
        await this.say(c);
        if (this.rand() < 0.3) await this.say(c);
        return;
      }
      case 'agent_status': {
        const held = await this.heldCustomer();
        const who = held && this.rand() < 0.6 ? held.holder : this.pick(AGENTS);
        const roll = this.rand();
        if (roll < 0.6) await this.setStatus(who, this.pick(STATUSES));
        else if (roll < 0.8) {
          await p.sim.setServicerStatus({ userid: who, status: this.pick(['receiving', 'receiving', 'stopped', 'paused'] as const) });
          await settle(this.s, this.s.now(), 0);
        } else if (held) {
          // the agent answers, or ends the session, in the WeCom client
          if (this.rand() < 0.5) await p.sim.agentReply({ external_userid: held.customer, userid: held.holder, content: '您好，我来处理' });
          else await p.sim.agentSession({ external_userid: held.customer, userid: held.holder, action: 'end' });
          await settle(this.s, this.s.now(), 0);
        }
        await this.say(held && this.rand() < 0.7 ? held.customer : this.recentCustomer());
        return;
      }
      case 'shift_boundary': {
        const boundary = this.nextBoundary();
        await jump(this.s, Math.max(0, boundary - this.s.now() - this.int(5, 60) * 1000));
        const c = (await this.heldCustomer())?.customer ?? this.recentCustomer();
        await this.say(c);
        await jump(this.s, Math.max(0, boundary - this.s.now()) + this.int(1, 90) * 1000);
        await this.say(c, this.pick(['怎么不回我了', '在吗', '人呢']));
        return;
      }
      case 'fault_45009':
      case 'fault_minus1': {
        const errcode = kind === 'fault_45009' ? 45009 : -1;
        const path = this.pick(['kf/send_msg', 'kf/send_msg', 'kf/service_state/trans', 'kf/sync_msg', 'kf/service_state/get']);
        return this.faulted({ nextErrors: [{ path, errcode, count: this.int(1, 6) }] }, (await this.heldCustomer())?.customer);
      }
      case 'fault_40014':
        return this.faulted(this.rand() < 0.5 ? { revokeTokens: true }
          : { nextErrors: [{ path: this.pick(['kf/send_msg', 'kf/service_state/trans']), errcode: this.pick([40014, 42001]), count: 3 }] });
      case 'fault_pull':
        return this.faulted({ nextErrors: [{ path: 'kf/sync_msg', errcode: this.pick([-1, 45009]), count: this.int(4, 7) }] });
      case 'dropped_callback':
        return this.faulted({ dropCallbacks: 1 });
      case 'clock_jump': {
        await jump(this.s, this.pick([60_000, 10 * 60_000, 2 * HOUR, 9 * HOUR, 20 * HOUR]) + this.int(0, 600) * 1000);
        await this.say(this.recentCustomer());
        return;
      }
    }
  }

  /** The next shift boundary of the demo calendar after now (09:00, 13:00, 14:00 or 21:00 Beijing time). */
  private nextBoundary(): number {
    const now = this.s.now();
    const day = Math.floor((now + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
    const marks = [9, 13, 14, 21, 33].map((h) => day + h * HOUR);
    return marks.find((m) => m > now + 60_000) ?? day + 33 * HOUR;
  }

  report(): string {
    const kinds = [...this.byKind].map(([k, n]) => `${k} ${n}`).join(' · ');
    const outcomes = [...this.byOutcome].map(([o, n]) => `${o} ${n}`).join(' · ');
    return `soak seed ${this.seed}: ${this.step} scenarios\n  per kind: ${kinds}\n  per outcome: ${outcomes}\n  failures: ${this.failures.length}`;
  }
}
