import { afterAll, beforeAll, beforeEach, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { ManualClock } from '../../../server/app/clock';
import { adoptUnscheduled, getJob, PROFILE_SYNC_JOB, syncOrderingKey, TARGET } from '../../../server/core/profile-sync/queue';
import { STATUS_TITLE } from '../../../server/core/walls/copy';
import { waitFor } from '../../support/wait';
import { jobs, wecomSyncJobs } from '../../../server/adapters/db/sqlite/schema/index';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { OPEN_AT, setSetting } from '../../support/pages';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { setAgentStatus } from '../../../server/core/services/set-agent-status';
import type { AgentStatus } from '../../../shared/domain/vocabulary';

const DEBOUNCE = 200;
let p: TestProduct;
let admin: string;
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock: new ManualClock(Date.parse(OPEN_AT)) });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p.stop(); });
beforeEach(async () => {
  await setSetting(p, SETTINGS.profileSync, { debounceMs: DEBOUNCE, retryBaseMs: 50 });
  await p.sim.clearFaults();
});

const member = async (userid: string) => (await p.sim.state()).members.find((m) => m.userid === userid)!;
interface Diag {
  jobs: { target: string; status: string; requests: number; attempts: number; errcode: number | null; lastRequest: unknown }[];
  attempts: { target: string; api: string; errcode: number; coalesced: number }[];
}
const diagnostics = async () => (await (await fetch(`${p.url}/api/admin/diagnostics/wecom-sync`, { headers: { cookie: admin } })).json()) as Diag;
/** The target's record row (status, requests). */
const syncRecord = (target: string) => p.deps.shared.uow.read((q) => getJob(q, target));
/** The target's `profile.sync` jobs on the one queue. */
const syncJobs = (target: string) => p.deps.db.select().from(jobs)
  .where(and(eq(jobs.kind, PROFILE_SYNC_JOB), eq(jobs.orderingKey, syncOrderingKey(target)))).all();

describe('profile card sync', () => {
  it('coalesces ten status flips in a burst into one profile.sync job and one user/update carrying the final status', async () => {
    const before = (await member('zhangsan')).update_count;
    const jobsBefore = syncJobs(TARGET.user('zhangsan')).length;
    const flips: AgentStatus[] = ['online', 'busy', 'moon', 'online', 'dnd', 'busy', 'online', 'moon', 'busy', 'dnd'];
    for (const s of flips) {
      await setAgentStatus({ ctx: p.deps, input: { userid: 'zhangsan', status: s, source: 'manual' } });
      await p.travel!.advance(DEBOUNCE / 4); // each change inside the quiet period of the one before
    }
    // the request was written with the change: nothing has been sent while the changes kept coming
    expect((await member('zhangsan')).update_count).toBe(before);
    const pending = syncJobs(TARGET.user('zhangsan')).slice(jobsBefore);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ status: 'pending', runAt: p.deps.clock.now() - DEBOUNCE / 4 + DEBOUNCE });
    await p.travel!.advance(DEBOUNCE);
    const m = await member('zhangsan');
    expect(m.update_count - before).toBe(1);
    const attr = (m.external_profile as { external_attr: { type: number; name: string; web: { url: string; title: string } }[] }).external_attr[0]!;
    expect(attr).toMatchObject({ type: 1, name: '服务状态', web: { title: '休息中·可预约回电' } });
    expect([...attr.web.title].length).toBeLessThanOrEqual(12);
    expect(attr.web.url).toMatch(/\/w\/[A-Za-z0-9_-]{22}$/);
    expect(attr.web.url).not.toContain('zhangsan');
    const d = await diagnostics();
    expect(d.jobs.find((j) => j.target === 'user:zhangsan')).toMatchObject({ status: 'sent', requests: 10, errcode: 0 });
    expect(d.attempts.filter((a) => a.target === 'user:zhangsan')).toEqual([expect.objectContaining({ api: 'user/update', errcode: 0, coalesced: 10 })]);
    expect(syncJobs(TARGET.user('zhangsan')).slice(jobsBefore).map((j) => j.status)).toEqual(['done']);
  });

  it('sends a change made after the send again, with the newer state', async () => {
    await p.setStatus('zhangsan', 'online');
    await p.travel!.advance(DEBOUNCE);
    const before = (await member('zhangsan')).update_count;
    await p.setStatus('zhangsan', 'busy');
    await p.travel!.advance(DEBOUNCE);
    const m = await member('zhangsan');
    expect(m.update_count - before).toBe(1);
    expect(JSON.stringify(m.external_profile)).toContain('忙碌·稍后回复');
  });

  it('does not lose a change made while the sync is calling WeCom: a follow-up job sends the newer state', async () => {
    await p.setStatus('zhangsan', 'online');
    await p.travel!.advance(DEBOUNCE);
    const before = (await member('zhangsan')).update_count;
    await p.setStatus('zhangsan', 'busy');
    await p.sim.setFaults({ latencyMs: 300 }); // WeCom answers slowly: the call is in flight while the agent changes again
    const first = p.travel!.advance(DEBOUNCE);
    await waitFor(async () => (await syncRecord(TARGET.user('zhangsan')))?.status === 'running', { what: 'the sync calling WeCom' });
    await setAgentStatus({ ctx: p.deps, input: { userid: 'zhangsan', status: 'dnd', source: 'manual' } });
    await first;
    const titles = async () => JSON.stringify((await member('zhangsan')).external_profile);
    expect((await member('zhangsan')).update_count - before).toBe(1);
    expect(await titles()).toContain(STATUS_TITLE.busy); // what the state was when the call was built
    expect(syncJobs(TARGET.user('zhangsan')).map((j) => j.status).slice(-2)).toEqual(['done', 'pending']);
    await p.travel!.advance(DEBOUNCE);
    expect((await member('zhangsan')).update_count - before).toBe(2);
    expect(await titles()).toContain(STATUS_TITLE.dnd);
    expect(await syncRecord(TARGET.user('zhangsan'))).toMatchObject({ status: 'sent', requests: 1 });
  });

  it('retries a retryable WeCom error (45009, -1) by the kind\'s policy and records each result', async () => {
    await p.sim.setFaults({ nextErrors: [{ path: 'user/update', errcode: 45009, count: 1 }, { path: 'user/update', errcode: -1, count: 1 }] });
    const before = (await member('lisi')).update_count;
    await p.setStatus('lisi', 'busy');
    await p.travel!.advance(DEBOUNCE + 1_000); // the quiet period, then 50 ms and 100 ms backoff
    expect((await member('lisi')).update_count - before).toBe(1);
    const d = await diagnostics();
    expect(d.attempts.filter((a) => a.target === 'user:lisi').map((a) => a.errcode).reverse()).toEqual([45009, -1, 0]);
    expect(d.jobs.find((j) => j.target === 'user:lisi')).toMatchObject({ status: 'sent', attempts: 3, errcode: 0 });
  });

  it('does not retry a final errcode (48002): one attempt, the failure in diagnostics (admins only)', async () => {
    await p.sim.setFaults({ nextErrors: [{ path: 'user/update', errcode: 48002, count: 5 }] });
    await p.setStatus('wangwu', 'busy');
    await p.travel!.advance(DEBOUNCE + 10_000);
    const d = await diagnostics();
    expect(d.jobs.find((j) => j.target === 'user:wangwu')).toMatchObject({ status: 'failed', attempts: 1, errcode: 48002 });
    expect(d.attempts.filter((a) => a.target === 'user:wangwu').map((a) => a.errcode)).toEqual([48002]);
    const agent = await signIn(p.url, 'zhangsan');
    expect((await fetch(`${p.url}/api/admin/diagnostics/wecom-sync`, { headers: { cookie: agent } })).status).toBe(403);
  });

  it('gives up on a retryable error after maxAttempts and shows the failure in diagnostics', async () => {
    await setSetting(p, SETTINGS.profileSync, { debounceMs: DEBOUNCE, retryBaseMs: 20, maxAttempts: 2 });
    await p.sim.setFaults({ nextErrors: [{ path: 'user/update', errcode: -1, count: 5 }] });
    await p.setStatus('wangwu', 'dnd');
    await p.travel!.advance(DEBOUNCE + 10_000);
    expect((await diagnostics()).jobs.find((j) => j.target === 'user:wangwu')).toMatchObject({ status: 'failed', attempts: 2, errcode: -1 });
    await p.sim.clearFaults();
  });

  it('does not call WeCom again when the profile already shows the status', async () => {
    await p.setStatus('zhangsan', 'online');
    await p.travel!.advance(DEBOUNCE);
    const before = (await member('zhangsan')).update_count;
    await p.setStatus('zhangsan', 'online');
    await p.travel!.advance(DEBOUNCE);
    expect((await member('zhangsan')).update_count).toBe(before);
  });
});

describe('duty 活码', () => {
  it('is created once and then follows whoever is on duty with one update_contact_way', async () => {
    await p.setStatus('zhangsan', 'online');
    await p.setStatus('lisi', 'online');
    await p.travel!.advance(DEBOUNCE);
    const s1 = await p.sim.state();
    const duty = s1.contactWays.filter((w) => w.state === 'moonshift_duty');
    expect(duty).toHaveLength(1);
    const updatesBefore = s1.contactWayUpdates;
    // zhangsan has been online longest: the code points at them; when they leave, it follows lisi.
    await p.setStatus('zhangsan', 'moon');
    await p.travel!.advance(DEBOUNCE);
    const s2 = await p.sim.state();
    expect(s2.contactWayUpdates - updatesBefore).toBe(1);
    expect(s2.contactWays.find((w) => w.config_id === duty[0]!.config_id)!.user).toEqual(['lisi']);
  });
});

describe('durability', () => {
  it('gives a pending row left by the old in-memory debounce (no job) a job, and sends it', async () => {
    const now = p.deps.clock.now();
    p.deps.db.$client.prepare("update agents set status = 'busy' where userid = 'wangwu'").run();
    p.deps.db.insert(wecomSyncJobs).values({ target: TARGET.user('wangwu'), kind: 'user_profile', status: 'pending', requests: 1, attempts: 0,
      firstRequestedAt: now, lastRequestedAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: wecomSyncJobs.target, set: { status: 'pending', requests: 1, attempts: 0 } }).run();
    const jobsBefore = syncJobs(TARGET.user('wangwu')).length;
    expect(await adoptUnscheduled(p.deps.shared.uow, now)).toBe(1);
    expect(await adoptUnscheduled(p.deps.shared.uow, now)).toBe(0); // one job, however often it is called
    const before = (await member('wangwu')).update_count;
    p.jobs.wake();
    await p.jobs.idle();
    expect((await member('wangwu')).update_count - before).toBe(1);
    expect(syncJobs(TARGET.user('wangwu')).slice(jobsBefore).map((j) => j.status)).toEqual(['done']);
  });

  it('sends a change exactly once after the product closed before the send and reopened on the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-sync-crash-'));
    const env = { DATABASE_PATH: join(dir, 'moonshift.db') };
    const clock = new ManualClock(Date.parse(OPEN_AT));
    try {
      const first = await startProduct(env, { clock });
      await setSetting(first, SETTINGS.profileSync, { debounceMs: DEBOUNCE });
      await first.setStatus('lisi', 'busy');
      const sentByFirst = (await first.sim.state()).members.find((m) => m.userid === 'lisi')!.update_count;
      await first.stop(); // within the quiet period: nothing sent, nothing drained
      expect(sentByFirst).toBe(0);

      clock.advance(DEBOUNCE); // the process was down while the job fell due
      const second = await startProduct(env, { clock });
      try {
        await second.jobs.idle();
        await second.travel!.advance(DEBOUNCE); // and a little later: still one
        const m = (await second.sim.state()).members.find((x) => x.userid === 'lisi')!;
        expect(m.update_count).toBe(1);
        expect(JSON.stringify(m.external_profile)).toContain('忙碌·稍后回复');
        expect(second.deps.db.select().from(wecomSyncJobs).where(eq(wecomSyncJobs.target, TARGET.user('lisi'))).get()).toMatchObject({ status: 'sent' });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
