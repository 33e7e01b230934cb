/**
 * @module `npm start` twice on one demo database: the second run's simulator starts with an empty message log, so
 * the pull cursor kept from the first run must not hide its messages — the demo answers after a restart too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProduct, type TestProduct } from '../support/product';

const dir = mkdtempSync(join(tmpdir(), 'moonshift-restart-'));
let p: TestProduct | undefined;
afterEach(async () => { await p?.stop(); p = undefined; rmSync(dir, { recursive: true, force: true }); });

async function answered(product: TestProduct, externalUserid: string): Promise<string[]> {
  await product.sim.customerSend({ external_userid: externalUserid, msgtype: 'text', content: '在吗，想问下发票怎么开' });
  await product.travel!.settle();
  return (await product.sim.inbox({ external_userid: externalUserid })).map((i) => i.text);
}

describe('the demo after a restart on the same database', () => {
  it('answers a customer in the second run as in the first', async () => {
    const env = { DATABASE_PATH: join(dir, 'moonshift.db') };
    p = await startProduct(env);
    for (let i = 1; i <= 3; i++) expect((await answered(p, `wmFirstRun${i}`)).length).toBeGreaterThan(0);
    await p.stop(); // its own temp folder goes; the database in `dir` stays
    p = await startProduct(env);
    expect((await answered(p, 'wmSecondRun1')).length).toBeGreaterThan(0);
  });
});
