/**
 * @module A decision sandbox: a fresh in-memory database with the demo corp and a given configuration
 * (calendar, rule set, templates), where customer messages run through the real storing transaction and
 * engine planner — no WeCom calls. Used by `cli simulate` and the admin "test this rule" API.
 */
import { eq } from 'drizzle-orm';
import { ManualClock } from '../../app/clock';
import { first } from '../ports/queries';
import { sqliteUnitOfWork, type SqliteUnitOfWork } from '../../adapters/db/sqlite/unit-of-work';
import { seedDemoIn } from '../../app/demo/seed';
import { DEMO_KF } from '../../app/demo/seed-data';
import { createLogger } from '../../app/log';
import { parseEnv } from '../../app/env';
import { storeSyncPage } from '../pipeline/store';
import { ensureOrgDefaultsIn } from './defaults';
import { OrgConfig } from './org-config';
import { SETTINGS } from '../config/catalogue';
import { calendarForIn } from '../config/calendar';
import { writeSettingIn } from '../config/settings';
import { createEnginePlanner } from './planner';
import { storedTraceIn } from './stored-trace';
import { toZonedIso, type CalendarConfig } from '../../../shared/calendar/index';
import type { AgentStatus } from '../../../shared/domain/vocabulary';
import type { PlannedAction, RuleSet, Trace } from '../../../shared/engine/index';
import type { IntentClassifier } from '../../../shared/intent/index';
import type { Template } from '../../../shared/templates/index';
import type { OutboxPayload } from '../pipeline/outbox-intent';

export interface SandboxConfig {
  at: number;
  agentStatus?: AgentStatus;
  calendar?: CalendarConfig;
  ruleSet?: RuleSet;
  templates?: Template[];
  intent: IntentClassifier;
}

export interface SandboxResult {
  msgid: string;
  intent: string;
  confidence: number;
  emotion: number;
  version: string;
  /** Next opening (ISO) when the window is not open. */
  nextOpenAt: string | null;
  actions: PlannedAction[];
  trace: Trace;
  outbox: OutboxPayload[];
  traceMs: number;
}

export class DecisionSandbox {
  readonly clock: ManualClock;
  /** The sandbox's unit of work, on its own migrated in-memory database. */
  readonly uow: SqliteUnitOfWork;
  private readonly org: OrgConfig;
  private readonly plan: ReturnType<typeof createEnginePlanner>;
  private seq = 0;

  private constructor(c: SandboxConfig) {
    this.clock = new ManualClock(c.at);
    this.uow = sqliteUnitOfWork(':memory:');
    this.org = new OrgConfig();
    const config = parseEnv({});
    this.plan = createEnginePlanner({ intent: c.intent, clock: this.clock, config, log: createLogger('silent'), org: this.org });
  }

  /** A sandbox with the demo corp and the given configuration, ready for `send`. */
  static async open(c: SandboxConfig): Promise<DecisionSandbox> {
    const s = new DecisionSandbox(c);
    try {
      await s.configure(c);
    } catch (err) {
      s.close();
      throw err;
    }
    return s;
  }

  private async configure(c: SandboxConfig): Promise<void> {
    const now = this.clock.now();
    await this.uow.run(async (tx) => {
      await seedDemoIn(tx, this.clock);
      const { templates, ruleSets, agents } = tx.t;
      for (const t of c.templates ?? []) {
        await tx.db.insert(templates).values({ id: t.id, name: t.name, kind: t.kind, definition: JSON.stringify(t), updatedAt: now });
      }
      await ensureOrgDefaultsIn(tx, now);
      if (c.calendar) await writeSettingIn(tx, SETTINGS.calendar, c.calendar, { at: now, by: 'sandbox' });
      if (c.ruleSet) {
        await tx.db.insert(ruleSets).values({ version: 'sandbox', status: 'published', body: JSON.stringify(c.ruleSet), createdAt: now, createdBy: 'sandbox' });
        await writeSettingIn(tx, SETTINGS.activeRuleSet, 'sandbox', { at: now, by: 'sandbox' });
      }
      if (c.agentStatus) await tx.db.update(agents).set({ status: c.agentStatus });
    });
  }

  /** A customer message at the sandbox clock's time (advance it between messages as needed). */
  async send(externalUserid: string, text: string): Promise<SandboxResult> {
    const msgid = `sim${++this.seq}`;
    const started = performance.now();
    await storeSyncPage({ shared: { uow: this.uow }, clock: this.clock }, DEMO_KF.open_kfid, [{
      msgid, open_kfid: DEMO_KF.open_kfid, external_userid: externalUserid, send_time: Math.floor(this.clock.now() / 1000),
      origin: 3, msgtype: 'text', text: { content: text },
    }], `c${this.seq}`, { plan: this.plan });
    const traceMs = performance.now() - started;
    return this.uow.read(async (q) => {
      const d = await first(q.db.select().from(q.t.decisions).where(eq(q.t.decisions.causeMsgid, msgid)).limit(1));
      if (!d) throw new Error('no decision was recorded');
      const trace = await storedTraceIn(q, this.org, d);
      const facts = JSON.parse(d.facts) as { nextOpenAt?: string | null; window: string };
      return {
        msgid, intent: trace.facts.intent, confidence: trace.facts.confidence, emotion: trace.facts.emotion, version: d.ruleSetVersion,
        nextOpenAt: facts.window === 'open' || !facts.nextOpenAt ? null : toZonedIso(Date.parse(facts.nextOpenAt), (await calendarForIn(q)).timeZone),
        actions: JSON.parse(d.actions) as PlannedAction[], trace,
        outbox: (await q.db.select({ payload: q.t.outbox.payload }).from(q.t.outbox).where(eq(q.t.outbox.causeMsgid, msgid)))
          .map((r) => JSON.parse(r.payload) as OutboxPayload),
        traceMs,
      };
    });
  }

  /** Ids of the active rule set's emergency rules (a fired one is the emergency flow, whatever it could send). */
  async emergencyRuleIds(): Promise<Set<string>> {
    const active = await this.uow.read((q) => this.org.ruleSetIn(q));
    return new Set(active.ruleSet.rules.filter((r) => r.emergency).map((r) => r.id));
  }

  close(): void {
    void this.uow.close(); // nothing is in flight once a caller closes it
  }
}
