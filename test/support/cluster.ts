/**
 * @module A cluster for a test file: the standalone simulator (`npm run sim`) and N live-mode instances of the
 * product (`npm run serve`) on one fresh PostgreSQL database, the simulator's callbacks spread over them as a load
 * balancer would (SIM_CALLBACK_URLS). `kill(i)` SIGKILLs an instance's process group (no goodbye, transactions
 * cut); `restart(i)` starts it again on its port. `count(sql)` reads a number from the shared database.
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SimControlClient } from '../../server/wecom-sim/control-client';
import { spawnScript, type Spawned } from './spawned';
import { createTestDatabase } from './pg-database';

export interface Cluster {
  ctl: SimControlClient;
  simUrl: string;
  /** Base URL of instance `i` (the same across a restart). */
  url(i: number): string;
  instances: Spawned[];
  db: pg.Client;
  count(sql: string, params?: unknown[]): Promise<number>;
  kill(i: number): Promise<void>;
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  corp: Record<string, string>;
  instances?: number;
  /** More of the simulator's environment (e.g. SIM_TOKEN_TTL_S). */
  simEnv?: Record<string, string>;
  /** More of each instance's environment (e.g. ADMIN_USERIDS). */
  serveEnv?: Record<string, string>;
}

/** A port nobody listens on now (the instances must be named to the simulator before they start). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startCluster(pgUrl: string, o: ClusterOptions): Promise<Cluster> {
  const database = await createTestDatabase(pgUrl);
  const dir = mkdtempSync(join(tmpdir(), 'moonshift-cluster-'));
  const ports = await Promise.all(Array.from({ length: o.instances ?? 2 }, () => freePort()));
  const url = (i: number) => `http://127.0.0.1:${ports[i]!}`;
  const instances: Spawned[] = [];
  const db = new pg.Client({ connectionString: database.url });
  let sim: Spawned | undefined;
  const stop = async () => {
    await db.end().catch(() => undefined);
    for (const s of instances) s.stop();
    sim?.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const started = await spawnScript('sim', {
      ...o.corp, ...o.simEnv, SIM_PORT: '0', SIM_CALLBACK_URLS: ports.map((_, i) => `${url(i)}/wecom/callback`).join(','),
    }, /WeCom simulator:\s+(\S+)/);
    sim = started;
    const serve = (i: number) => spawnScript('serve', {
      ...o.corp, PORT: String(ports[i]), DATABASE_URL: database.url, LOG_LEVEL: 'warn', WECOM_API_BASE: started.match, WECOM_OAUTH_BASE: started.match,
      SESSION_SECRET: 'cluster-test-session-secret-0123456789', PUBLIC_BASE_URL: url(i), WEB_DIST: join(dir, 'no-web'), ...o.serveEnv,
    }, /Health:\s+(\S+)/, 120_000);
    instances.push(...await Promise.all(ports.map((_, i) => serve(i))));
    await db.connect();
    return {
      ctl: new SimControlClient(started.match), simUrl: started.match, url, instances, db,
      count: async (sql, params) => Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n),
      async kill(i) {
        const child = instances[i]!.child;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid!, 'SIGKILL');
        await exited;
        if (child.signalCode !== 'SIGKILL') throw new Error(`instance ${i} ended with ${child.signalCode ?? child.exitCode}, not SIGKILL`);
      },
      async restart(i) { instances[i] = await serve(i); },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
