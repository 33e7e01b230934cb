/**
 * @module `npm run --silent cli -- doctor [--write]`: the real-corp setup check (server/core/doctor/run.ts) with the
 * configured secrets; one JSON line per capability on stdout; exit 1 when a required capability fails. In demo mode
 * (no WECOM_SECRET) it runs against an embedded simulator seeded as the demo corp.
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../app/clock';
import { DEMO_SIM_SEED } from '../app/demo/seed-data';
import { doctorExitCode, runDoctor } from '../core/doctor/run';
import { parseEnv, type Config } from '../app/env';
import { createLogger } from '../app/log';
import { createWecomClient } from '../channels/wecom-kf/client';
import { startSimulator } from '../wecom-sim/index';

/** Runs the check for a parsed configuration; `apiBase` overrides where WeCom is (the demo's embedded simulator). */
export async function doctorFor(config: Config, write: boolean, apiBase = config.wecom.apiBase) {
  const wecom = createWecomClient({
    apiBase, corpId: config.wecom.corpId, agentId: config.wecom.agentId, secrets: config.wecom.secrets,
    clock: systemClock, log: createLogger('silent'), attempts: 2, backoffMs: 200,
  });
  return runDoctor({ wecom, secrets: config.wecom.secrets, write, now: systemClock.now() });
}

export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let write: boolean;
  try {
    write = parseArgs({ args, options: { write: { type: 'boolean', default: false } }, strict: true }).values.write;
  } catch (err) {
    process.stderr.write(`doctor: ${err instanceof Error ? err.message : String(err)}\nusage: doctor [--write]\n`);
    return 2;
  }
  const config = parseEnv(env);
  const sim = config.mode === 'demo'
    ? await startSimulator({
      corpId: config.wecom.corpId, corpSecret: config.wecom.secrets.main, agentId: config.wecom.agentId,
      secrets: config.wecom.secrets.contact ? { contact: config.wecom.secrets.contact } : {}, seed: DEMO_SIM_SEED,
    })
    : undefined;
  try {
    const lines = await doctorFor(config, write, sim?.url);
    for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
    return doctorExitCode(lines);
  } finally {
    await sim?.close();
  }
}
