/**
 * @module Starts the whole product for a test: a real SQLite file in a temp dir, the server and the WeCom
 * simulator on free ports talking real HTTP, and a control client for the simulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMoonshift, type StartOptions } from '../../server/app/start';
import { shiftedClock } from '../../server/app/clock';
import { SimControlClient } from '../../server/wecom-sim/control-client';

/** Tests run at a known instant unless they pass a clock: a workday night (Thu 2026-11-26 22:00 Beijing). */
export const TEST_NIGHT = '2026-11-26T22:00:00+08:00';

export async function startProduct(env: Record<string, string> = {}, opts: StartOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'moonshift-test-'));
  const clock = opts.clock ?? shiftedClock(TEST_NIGHT);
  const app = await startMoonshift({ PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(dir, 'moonshift.db'), LOG_LEVEL: 'silent', ...env }, { ...opts, clock });
  const sim = new SimControlClient(app.simUrl!);
  return {
    ...app,
    dir,
    clock,
    sim,
    async setStatus(userid: string, status: string) {
      const res = await fetch(`${app.url}/api/agents/${userid}/status`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }),
      });
      if (!res.ok) throw new Error(`set status failed: ${res.status} ${await res.text()}`);
    },
    async stop() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestProduct = Awaited<ReturnType<typeof startProduct>>;
