import { afterEach, describe, expect, it } from 'vitest';
import type { SafetySwitches } from '../../../server/app/start';
import { KINDS, scenarioOrder, SoakDriver } from './driver';
import { startSoakProduct, type SoakProduct } from './support';

/**
 * SOAK_SEED (a number, or `random`), SOAK_PER_KIND (scenarios of each kind, default 20 ≈ a minute),
 * SOAK_DISABLE=state-refresh,outbox-order (switch a mechanism off to see the soak catch it).
 */
const SEED = process.env.SOAK_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.SOAK_SEED ?? 20261125);
const PER_KIND = Number(process.env.SOAK_PER_KIND ?? 20);
const DISABLED = new Set((process.env.SOAK_DISABLE ?? '').split(',').filter(Boolean));
const WEDNESDAY_10 = '2026-11-25T10:00:00+08:00';

let s: SoakProduct | undefined;
afterEach(async () => { await s?.stop(); s = undefined; });

describe('never silent: seeded no-silence soak through the real server and the strict simulator', () => {
  it('answers every customer message truthfully — or a person who can answer has it — whatever the session state, the statuses or a passing fault', async () => {
    const switches: SafetySwitches = { stateRefresh: !DISABLED.has('state-refresh'), outboxOrder: !DISABLED.has('outbox-order') };
    s = await startSoakProduct(WEDNESDAY_10, switches);
    await s.setStatus('zhangsan', 'online');
    await s.setStatus('lisi', 'online');
    const driver = new SoakDriver(s, SEED);
    for (const kind of scenarioOrder(KINDS, PER_KIND, SEED + 1)) await driver.run(kind);
    console.log(driver.report());
    for (const f of driver.failures.slice(0, 8)) console.log(`  ✗ seed ${f.seed} step ${f.step} ${f.kind} ${f.customer} "${f.text}" at ${f.at}: ${f.why}`);
    expect(Math.min(...driver.byKind.values())).toBeGreaterThanOrEqual(Math.min(20, PER_KIND));
    expect(driver.failures, `no-silence soak failed — rerun with SOAK_SEED=${SEED}`).toEqual([]);
  }, 30 * 60_000);
});
