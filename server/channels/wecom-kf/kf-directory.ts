/**
 * @module Live mode's 微信客服 directory from WeCom: the accounts this app manages (`kf/account/list`, paged by
 * 100) and each account's servicers with their 接待中 / 停止接待 status (`kf/servicer/list`, WECOM.md §3.6), read at
 * start (each instance, before its catch-up pull) and then by a recurring job on the one queue every `everyMs`
 * (`DIRECTORY_JOB`: one read per period cluster-wide, not one per instance). Accounts are upserted with their names; servicers are upserted (a person new
 * to Moonshift becomes an agent, named from `user/get`, status 离线) and a servicer WeCom no longer lists loses
 * the account (and with it the sight of its conversations, `server/core/access/viewer.ts`). Department servicers
 * (`department_id`) cannot be expanded without the contacts API and are skipped. A failed read changes nothing.
 */
import { and, eq, notInArray } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Tx } from '../../core/ports/unit-of-work';
import { invalidateDutyIn } from '../../core/duty/on-duty';
import type { KfAccountInfo, ServicerInfo } from './types';
import type { ProductJobs } from '../../app/jobs-runtime';
import { handleRecurring, type Recurring } from '../../core/jobs/recurring';

/** The recurring directory read's job kind. */
export const DIRECTORY_JOB = 'wecom.directory';

/** `db`: the synchronous store whose duty memo a stored directory drops (and the recurring job's scheduler). */
type Deps = Pick<CoreDeps, 'wecom' | 'clock' | 'log' | 'shared'>;

/** kf/account/list answers at most 100 per page (WECOM.md §3.6). */
const PAGE = 100;

export interface DirectoryResult { accounts: number; servicers: number }

interface Directory { accounts: KfAccountInfo[]; servicers: Map<string, ServicerInfo[]>; newAgents: Map<string, string> }

export class KfDirectorySync {
  private running: Promise<DirectoryResult | undefined> | undefined;
  private readonly recurring: Recurring;
  /** The first read (at start); resolves when it has been stored or has failed. */
  ready: Promise<DirectoryResult | undefined> = Promise.resolve(undefined);

  /** Registers the recurring read on `jobs` (before the runner starts). */
  constructor(private readonly d: Deps, jobs: ProductJobs, everyMs = 10 * 60_000) {
    this.recurring = handleRecurring(jobs, d, {
      name: DIRECTORY_JOB, everyMs, leaseMs: 5 * 60_000,
      call: () => this.fetch(),
      run: async (tx, dir) => {
        if (!dir) return 'nothing read';
        const r = await this.store(tx, dir);
        return `${r.accounts} accounts, ${r.servicers} servicers`;
      },
    });
  }

  /** Reads the directory now and makes sure the recurring read is scheduled. */
  start(): this {
    this.ready = this.d.shared.uow.run((tx) => this.recurring.ensureIn(tx)).then(() => this.sync());
    return this;
  }

  /** Waits for a read of this instance in flight (the recurring one stops with the job queue). */
  stop(): Promise<unknown> {
    return this.running ?? Promise.resolve();
  }

  /** One read of the whole directory (single-flight); undefined when WeCom could not be read (logged). */
  sync(): Promise<DirectoryResult | undefined> {
    this.running ??= this.read().catch((err: unknown) => {
      this.d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'kf directory sync failed; kept what we had');
      return undefined;
    }).finally(() => { this.running = undefined; });
    return this.running;
  }

  private async read(): Promise<DirectoryResult> {
    const dir = await this.fetch();
    return this.d.shared.uow.run((tx) => this.store(tx, dir));
  }

  /** Everything from WeCom, nothing stored yet (the recurring job's network step). */
  private async fetch(): Promise<Directory> {
    const accounts: KfAccountInfo[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = (await this.d.wecom.listKfAccounts(offset, PAGE)).account_list;
      accounts.push(...page);
      if (page.length < PAGE) break;
    }
    const servicers = new Map<string, ServicerInfo[]>();
    for (const a of accounts) servicers.set(a.open_kfid, (await this.d.wecom.listServicers(a.open_kfid)).servicer_list);
    const people = new Set([...servicers.values()].flat().flatMap((s) => (s.userid ? [s.userid] : [])));
    return { accounts, servicers, newAgents: await this.namesOfNewAgents([...people]) };
  }

  /** Names of servicers who are not agents yet (user/get; the userid when WeCom will not say). */
  private async namesOfNewAgents(userids: string[]): Promise<Map<string, string>> {
    const known = new Set((await this.d.shared.uow.read(({ db, t }) => db.select({ u: t.agents.userid }).from(t.agents))).map((a) => a.u));
    const names = new Map<string, string>();
    for (const u of userids.filter((x) => !known.has(x))) {
      names.set(u, await this.d.wecom.getUser(u).then((r) => r.name || u, () => u));
    }
    return names;
  }

  /** Stores what was read in the caller's transaction; the duty memo is dropped after commit. */
  private async store(tx: Tx, { accounts, servicers, newAgents }: Directory): Promise<DirectoryResult> {
    const now = this.d.clock.now();
    const { agents, kfAccounts, kfServicers } = tx.t;
    for (const [userid, name] of newAgents) {
      await tx.db.insert(agents).values({ userid, name, statusChangedAt: now, createdAt: now }).onConflictDoNothing();
    }
    for (const a of accounts) {
      await tx.db.insert(kfAccounts).values({ openKfid: a.open_kfid, name: a.name, createdAt: now })
        .onConflictDoUpdate({ target: kfAccounts.openKfid, set: { name: a.name } });
      const listed = (servicers.get(a.open_kfid) ?? []).filter((s): s is ServicerInfo & { userid: string } => !!s.userid);
      for (const s of listed) {
        // a plain upsert: a 95014 remembered for this person stays (an inactive member is listed yet cannot receive)
        const wecomStatus = s.status === 1 ? 1 : 0;
        await tx.db.insert(kfServicers).values({ openKfid: a.open_kfid, userid: s.userid, wecomStatus, updatedAt: now })
          .onConflictDoUpdate({ target: [kfServicers.openKfid, kfServicers.userid], set: { wecomStatus, updatedAt: now } });
      }
      await tx.db.delete(kfServicers).where(and(eq(kfServicers.openKfid, a.open_kfid),
        ...(listed.length > 0 ? [notInArray(kfServicers.userid, listed.map((s) => s.userid))] : [])));
    }
    invalidateDutyIn(tx); // duty is memoised per second: the new servicers are seen once committed
    const { log } = this.d;
    tx.afterCommit(() => {
      log.info({ accounts: accounts.length }, 'kf directory read from WeCom');
    });
    return { accounts: accounts.length, servicers: [...servicers.values()].reduce((n, l) => n + l.length, 0) };
  }
}
