/**
 * @module Starts the whole product in-process for a browser test: demo mode (no WECOM_SECRET), random ports,
 * a fresh SQLite file in a temp dir, the web pages served from the Vite build in dist/web.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMoonshift } from '../../../server/app/start';

export interface RunningProduct {
  /** base URL of the server, e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  /** base URL of the WeCom simulator */
  simUrl: string;
  /** The running product's parts (database, clock, config), for setting up what a page then shows. */
  deps: Awaited<ReturnType<typeof startMoonshift>>['deps'];
  close(): Promise<void>;
}

export async function startProduct(env: Record<string, string | undefined> = {}): Promise<RunningProduct> {
  if (!existsSync(resolve('dist/web/demo/index.html'))) {
    throw new Error('dist/web is missing: run `npx vite build` (npm run test:browser does it) before the browser tests');
  }
  const dir = await mkdtemp(join(tmpdir(), 'moonshift-browser-'));
  try {
    const running = await startMoonshift({
      PORT: '0',
      SIM_PORT: '0',
      DATABASE_PATH: join(dir, 'moonshift.db'),
      LOG_LEVEL: 'warn',
      ...env,
    });
    if (!running.simUrl) {
      await running.close();
      throw new Error('startMoonshift did not start the WeCom simulator: is WECOM_SECRET set in the environment?');
    }
    return {
      url: running.url.replace(/\/$/, ''),
      simUrl: running.simUrl.replace(/\/$/, ''),
      deps: running.deps,
      async close() {
        try {
          await running.close();
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
