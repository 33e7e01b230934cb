import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('npm start', () => {
  it('boots in demo mode on a fresh database and /healthz answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-start-'));
    const child = spawn('npm', ['start'], {
      env: { ...process.env, PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(dir, 'db.sqlite'), LOG_LEVEL: 'warn', WECOM_SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    try {
      const health = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up banner in 90 s:\n${out}`)), 90_000);
        child.stdout.on('data', () => {
          const m = /Health:\s+(\S+)/.exec(out);
          if (m?.[1]) { clearTimeout(timer); resolve(m[1]); }
        });
        child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`npm start exited with ${code}:\n${out}`)); });
      });
      expect(out).toContain('demo mode');
      const res = await fetch(health);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, mode: 'demo' });
      const demo = await fetch(health.replace('/healthz', '/demo'));
      expect(demo.status).toBe(200);
      expect(await demo.text()).toContain('<div id="app"');
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
