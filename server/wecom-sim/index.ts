/**
 * @module Public entry of the WeCom simulator: `createSimulator`, `startSimulator` (serves it over HTTP
 * with @hono/node-server) and the types and defaults callers need.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createSimulator, type Simulator } from './app';
import type { SimOptions } from './options';

export { createSimulator, type Simulator } from './app';
export { SimOptionsSchema, DEFAULT_SEED, UNKNOWN_DEFAULTS, WECOM_LIMITS, type SimOptions, type ResolvedOptions } from './options';
export type { SimControl } from './control';
export type { SimSnapshot } from './snapshot';
export type { InboxItem, SimState } from './state';
export { SimControlClient, SimControlError } from './control-client';

export interface RunningSimulator extends Simulator {
  /** Base URL, e.g. `http://127.0.0.1:8788` (use it as WECOM_API_BASE without `/cgi-bin`). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve a simulator on `port` (0 = any free port) and `hostname` (default 127.0.0.1). */
export async function startSimulator(options: SimOptions & { port?: number; hostname?: string } = {}): Promise<RunningSimulator> {
  const { port = 0, hostname = '127.0.0.1', ...rest } = options;
  const sim = createSimulator(rest);
  return await new Promise<RunningSimulator>((resolve, reject) => {
    const server = serve({ fetch: sim.app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        ...sim,
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: async () => {
          await sim.control.stopCallbacks();
          await new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
        },
      });
    });
    server.once('error', reject);
  });
}
