/** @module Runs an npm script as its own process group for a test and waits for a line of its banner. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Spawned { child: ChildProcess; output(): string; stop(): void }

/** Starts `npm run <script>` with `env`; resolves with the first match of `banner` in its stdout. */
export async function spawnScript(script: string, env: Record<string, string>, banner: RegExp, timeoutMs = 60_000): Promise<Spawned & { match: string }> {
  const child = spawn('npm', ['run', '--silent', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr!.on('data', (b: Buffer) => { out += b.toString(); });
  const stop = () => { if (child.pid && child.exitCode === null) { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ } } };
  try {
    const match = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm run ${script}: no banner in ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const look = () => { const m = banner.exec(out); if (m?.[1]) { clearTimeout(timer); resolve(m[1]); } };
      child.stdout!.on('data', look);
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`npm run ${script} exited with ${code}:\n${out}`)); });
    });
    return { child, match, output: () => out, stop };
  } catch (err) {
    stop();
    throw err;
  }
}
