/**
 * @module Two in-process test instances as one cluster (`StartOptions.join`): the second uses the first's
 * simulator and takes part in its time travel, so both read one clock and a settle waits for the second
 * instance's pulls and jobs too; once closed it no longer takes part. (One SQLite file here; the PostgreSQL
 * soak runs the same pair on one PostgreSQL database.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../server/app/clock';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { startProduct, type TestProduct } from '../../support/product';

const WED_10 = '2026-11-25T10:00:00+08:00';
const started: TestProduct[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const p of started.splice(0).reverse()) await p.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function pair(): Promise<[TestProduct, TestProduct]> {
  dir = mkdtempSync(join(tmpdir(), 'moonshift-join-'));
  const env = { DATABASE_PATH: join(dir, 'shared.db') };
  const a = await startProduct(env, { clock: new ManualClock(Date.parse(WED_10)) });
  started.push(a);
  const b = await startProduct(env, { join: { travel: a.travel!, simUrl: a.simUrl! } });
  started.push(b);
  return [a, b];
}

const replies = async (p: TestProduct, customer: string) => (await p.sim.inbox({ external_userid: customer, open_kfid: DEMO_KF.open_kfid }))
  .filter((m) => m.sender === 'send_msg' || m.sender === 'send_msg_on_event');

describe('a test instance joined to another\'s simulator and time travel', () => {
  it('shares the clock and the simulator, and a settle waits for the work the joined instance took', async () => {
    const [a, b] = await pair();
    expect(b.travel).toBe(a.travel);
    expect(b.simUrl).toBe(a.simUrl);
    await a.travel!.advance(90_000);
    expect(b.deps.clock.now()).toBe(a.deps.clock.now());
    expect(b.deps.clock.now()).toBe(Date.parse(WED_10) + 90_000);

    // only the joined instance gets callbacks: its pull, decision and send are what the settle waits for
    await a.sim.setCallback({ urls: [`${b.url}/wecom/callback`] });
    const customer = 'wmJoinedCustomer01';
    await a.sim.customerSend({ external_userid: customer, open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: '你好，在吗' });
    await a.travel!.settle();
    expect(b.inbound.lastCallbackAt(DEMO_KF.open_kfid)).toBeDefined();
    expect(a.inbound.lastCallbackAt(DEMO_KF.open_kfid)).toBeUndefined();
    expect(await replies(a, customer)).not.toHaveLength(0);
  }, 60_000);

  it('leaves the time travel when it closes: the first instance goes on alone', async () => {
    const [a, b] = await pair();
    await b.stop();
    started.pop();
    await a.sim.setCallback({ urls: [`${a.url}/wecom/callback`] });
    const customer = 'wmJoinedCustomer02';
    await a.sim.customerSend({ external_userid: customer, open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: '你好，在吗' });
    await a.travel!.advance(10_000);
    expect(await replies(a, customer)).not.toHaveLength(0);
  }, 60_000);
});
