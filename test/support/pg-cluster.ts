/**
 * @module A throw-away PostgreSQL cluster for tests and CI: `initdb` in a temp dir (as the `postgres` user
 * when we are root: initdb refuses root), started on an ephemeral loopback port with durability off, stopped
 * and deleted at the end. `.ci/run` starts one for the whole run through `pg-cluster-cli.ts`; `npm test`
 * starts one in the `unit-pg` project's global setup when `TEST_PG_URL` does not name one already.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  url: string;
  dir: string;
}

/** Directory of the PostgreSQL server binaries, or null when none is installed. */
export function findPgBin(): string | null {
  const candidates = [process.env.PG_BIN];
  try { candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()); } catch { /* not installed */ }
  candidates.push('/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin');
  return candidates.find((d): d is string => !!d && existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function run(bin: string, args: string[], user: { uid: number; gid: number } | undefined): { ok: boolean; out: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8', ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found (install postgresql, or set PG_BIN)');
  const user = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'moonshift-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const init = run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], user);
  if (!init.ok) { rmSync(dir, { recursive: true, force: true }); throw new Error(`initdb failed: ${init.out}`); }
  let last = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const opts = `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
    const started = run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start'], user);
    if (started.ok) return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir };
    last = started.out; // most likely the port was taken between probing and binding: try another
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`pg_ctl start failed: ${last}`);
}

export function stopPgCluster(dir: string): void {
  const bin = findPgBin();
  if (bin && existsSync(join(dir, 'data'))) run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], postgresUser());
  rmSync(dir, { recursive: true, force: true });
}
