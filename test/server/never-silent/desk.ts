/**
 * @module Helpers for the never-silent suites: a desk (the real product and the strict simulator on one manual
 * clock, demo duty groups), a customer who writes and waits up to 10 s of simulated time, and the soak's oracle
 * to judge the result.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { DEMO_CALENDAR } from '../../../shared/calendar/index';
import { agents, conversations, outbox, timers, type Conversation } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import type { SafetySwitches } from '../../../server/app/start';
import type { InboxItem } from '../../../server/wecom-sim/state';
import { judge, type Sent, type Verdict } from '../soak/oracle';
import { jump, settle, startSoakProduct, type SoakProduct } from '../soak/support';

/** 2026-11-25 is a Wednesday: duty group 一组 (A 张三, B 李四, manager 王五). */
export const WED_10 = '2026-11-25T10:00:00+08:00';
export const WED_2059 = '2026-11-25T20:59:00+08:00';
export const WED_22 = '2026-11-25T22:00:00+08:00';

export class Desk {
  private readonly history = new Map<string, Sent[]>();
  private constructor(readonly s: SoakProduct) {}

  static async open(at: string, online: string[] = [], switches: SafetySwitches = {}): Promise<Desk> {
    const desk = new Desk(await startSoakProduct(at, switches));
    for (const u of online) await desk.s.p.setStatus(u, 'online');
    return desk;
  }

  get p() { return this.s.p; }
  /** The shared clock (product and simulator). */
  now(): number { return this.s.now(); }
  close(): Promise<void> { return this.s.p.stop(); }

  /** The customer writes text (or clicks a menu item); returns what arrived for them within 10 s. */
  async say(customer: string, text: string, menuId?: string): Promise<InboxItem[]> {
    const before = (await this.inbox(customer)).length;
    const at = this.now();
    await (menuId
      ? this.p.sim.customerSend({ external_userid: customer, msgtype: 'menu_click', menu_id: menuId })
      : this.p.sim.customerSend({ external_userid: customer, nickname: '小明', msgtype: 'text', content: text }));
    this.history.set(customer, [...(this.history.get(customer) ?? []), { text, at }]);
    await settle(this.s, at);
    return (await this.inbox(customer)).slice(before);
  }

  /** Let everything due within `ms` happen (the clock moves with it). */
  async wait(ms: number): Promise<void> { await settle(this.s, this.now(), ms); }
  async jump(ms: number): Promise<void> { await jump(this.s, ms); }
  async setStatus(userid: string, status: string): Promise<void> {
    await this.p.setStatus(userid, status);
    await settle(this.s, this.now(), 0);
  }

  inbox(customer: string): Promise<InboxItem[]> { return this.p.sim.inbox({ external_userid: customer }); }

  async session(customer: string) {
    return (await this.p.sim.state()).sessions.find((x) => x.external_userid === customer);
  }

  conversation(customer: string): Conversation {
    return this.p.deps.db.select().from(conversations)
      .where(and(eq(conversations.openKfid, DEMO_KF.open_kfid), eq(conversations.externalUserid, customer))).get()!;
  }

  outboxOf(customer: string) {
    return this.p.deps.db.select().from(outbox).where(eq(outbox.conversationId, this.conversation(customer).id))
      .orderBy(asc(outbox.createdAt), asc(sql`rowid`)).all();
  }

  async calls(path: string): Promise<number> { return (await this.p.sim.state()).callCounts[path] ?? 0; }

  /** The oracle's verdict on the customer's last message, now. */
  async verdict(customer: string): Promise<Verdict> {
    const history = this.history.get(customer) ?? [];
    const db = this.p.deps.db;
    const conv = this.conversation(customer);
    const armed = db.select({ id: timers.id }).from(timers).where(and(eq(timers.conversationId, conv.id), eq(timers.status, 'pending'))).get() !== undefined;
    return judge({
      customer, openKfid: DEMO_KF.open_kfid, message: history.at(-1)!, history, inbox: await this.inbox(customer), sim: await this.p.sim.state(),
      agents: db.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents).all(),
      escalationArmed: armed, calendar: DEMO_CALENDAR, now: this.now(),
    });
  }
}
