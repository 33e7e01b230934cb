/** @module The live-mode environment benchmarks give the product: a fake corp whose WeCom is the simulator. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_CORP = {
  CORP_ID: 'wwMoonshiftBench1',
  CORP_SECRET: 'bench-corp-secret',
  CB_TOKEN: 'benchToken',
  CB_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

/** The products' database folders, removed when the benchmark ends (each run's file is tens of MB). */
const dirs = new Set<string>();
process.once('exit', () => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });

export function liveEnv(simUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'moonshift-bench-'));
  dirs.add(dir);
  return {
    PORT: '0', DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    WECOM_SECRET: BENCH_CORP.CORP_SECRET, WECOM_CORP_ID: BENCH_CORP.CORP_ID, WECOM_AGENT_ID: '1000002',
    WECOM_CALLBACK_TOKEN: BENCH_CORP.CB_TOKEN, WECOM_ENCODING_AES_KEY: BENCH_CORP.CB_AES_KEY,
    WECOM_API_BASE: simUrl, SESSION_SECRET: 'bench-session-secret-0123456789abcdef', PUBLIC_BASE_URL: 'http://127.0.0.1',
    ...extra,
  };
}
