import { afterAll, beforeAll, beforeEach, describe, it, expect } from 'vitest';
import { ManualClock } from '../../../server/clock';
import { enqueueSync, TARGET } from '../../../server/profile-sync/queue';
import { ProfileSyncWorker } from '../../../server/profile-sync/worker';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { OPEN_AT, setSetting } from '../../support/pages';
import { SETTINGS } from '../../../server/config/catalogue';
import { waitFor } from '../../support/wait';
import { setAgentStatus } from '../../../server/services/set-agent-status';
import type { AgentStatus } from '../../../shared/domain/vocabulary';

let p: TestProduct;
let admin: string;
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock: new ManualClock(Date.parse(OPEN_AT)) });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p.stop(); });
beforeEach(async () => {
  setSetting(p, SETTINGS.profileSync, { debounceMs: 200, retryBaseMs: 50 });
  await p.sim.clearFaults();
});

const member = async (userid: string) => (await p.sim.state()).members.find((m) => m.userid === userid)!;
interface Diag {
  jobs: { target: string; status: string; requests: number; attempts: number; errcode: number | null; lastRequest: unknown }[];
  attempts: { target: string; api: string; errcode: number; coalesced: number }[];
}
const diagnostics = async () => (await (await fetch(`${p.url}/api/admin/diagnostics/wecom-sync`, { headers: { cookie: admin } })).json()) as Diag;

describe('profile card sync', () => {
  it('coalesces ten status flips in a burst into one user/update carrying the final status', async () => {
    const before = (await member('zhangsan')).update_count;
    const flips: AgentStatus[] = ['online', 'busy', 'moon', 'online', 'dnd', 'busy', 'online', 'moon', 'busy', 'dnd'];
    // one synchronous burst: ten HTTP round trips on a loaded machine could outlast the 200 ms debounce
    for (const s of flips) setAgentStatus({ ctx: p.deps, input: { userid: 'zhangsan', status: s, source: 'manual' } });
    await p.profileSync.idle();
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
  });

  it('retries with backoff after WeCom errors and records each result', async () => {
    await p.sim.setFaults({ nextErrors: [{ path: 'user/update', errcode: 60011, count: 2 }] });
    const before = (await member('lisi')).update_count;
    await p.setStatus('lisi', 'busy');
    await waitFor(async () => (await diagnostics()).jobs.find((j) => j.target === 'user:lisi' && j.status === 'sent'), { what: 'lisi synced', timeoutMs: 8000 });
    expect((await member('lisi')).update_count - before).toBe(1);
    const d = await diagnostics();
    expect(d.attempts.filter((a) => a.target === 'user:lisi').map((a) => a.errcode).reverse()).toEqual([60011, 60011, 0]);
    expect(d.jobs.find((j) => j.target === 'user:lisi')).toMatchObject({ attempts: 3, errcode: 0 });
  });

  it('gives up after maxAttempts and shows the failure in diagnostics (admins only)', async () => {
    setSetting(p, SETTINGS.profileSync, { debounceMs: 50, retryBaseMs: 20, maxAttempts: 2 });
    await p.sim.setFaults({ nextErrors: [{ path: 'user/update', errcode: 48002, count: 5 }] });
    await p.setStatus('wangwu', 'busy');
    const job = await waitFor(async () => (await diagnostics()).jobs.find((j) => j.target === 'user:wangwu' && j.status === 'failed'), { what: 'failed job', timeoutMs: 8000 });
    expect(job).toMatchObject({ attempts: 2, errcode: 48002 });
    const agent = await signIn(p.url, 'zhangsan');
    expect((await fetch(`${p.url}/api/admin/diagnostics/wecom-sync`, { headers: { cookie: agent } })).status).toBe(403);
  });

  it('does not call WeCom again when the profile already shows the status', async () => {
    await p.setStatus('zhangsan', 'online');
    await p.profileSync.idle();
    const before = (await member('zhangsan')).update_count;
    await p.setStatus('zhangsan', 'online');
    await p.profileSync.idle();
    expect((await member('zhangsan')).update_count).toBe(before);
  });
});

describe('duty 活码', () => {
  it('is created once and then follows whoever is on duty with one update_contact_way', async () => {
    await p.setStatus('zhangsan', 'online');
    await p.setStatus('lisi', 'online');
    await p.profileSync.idle();
    const s1 = await p.sim.state();
    const duty = s1.contactWays.filter((w) => w.state === 'moonshift_duty');
    expect(duty).toHaveLength(1);
    const updatesBefore = s1.contactWayUpdates;
    // zhangsan has been online longest: the code points at them; when they leave, it follows lisi.
    await p.setStatus('zhangsan', 'moon');
    await p.profileSync.idle();
    const s2 = await p.sim.state();
    expect(s2.contactWayUpdates - updatesBefore).toBe(1);
    expect(s2.contactWays.find((w) => w.config_id === duty[0]!.config_id)!.user).toEqual(['lisi']);
  });
});

describe('durability', () => {
  it('resumes a row left pending by a stopped worker when a new one starts', async () => {
    await p.profileSync.idle();
    await p.profileSync.stop();
    p.deps.db.$client.prepare("update agents set status = 'busy' where userid = 'lisi'").run();
    enqueueSync(p.deps.db, TARGET.user('lisi'), 'user_profile', p.deps.clock.now());
    const before = (await member('lisi')).update_count;
    const fresh = new ProfileSyncWorker(p.deps).start();
    try {
      await waitFor(async () => (await member('lisi')).update_count > before, { what: 'resumed sync' });
      await fresh.idle();
      expect(JSON.stringify((await member('lisi')).external_profile)).toContain('忙碌·稍后回复');
    } finally {
      await fresh.stop(); // last test of the file: the product's own worker stays stopped
    }
  });
});
