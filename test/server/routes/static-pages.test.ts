import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { staticPages } from '../../../server/http/routes/static';

let dir: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the web build served by the product', () => {
  it('without a build: pages answer 503 with the command to run, assets 404, and nothing is printed', async () => {
    const printed = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')];
    const app = staticPages(join(tmpdir(), 'moonshift-no-build-here'));
    const page = await app.request('/demo');
    expect(page.status).toBe(503);
    expect(await page.json()).toMatchObject({ error: { code: 'not_built' } });
    expect((await app.request('/assets/app.js')).status).toBe(404);
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
  });

  it('with a build: the page without caching and hashed assets cached for a year', async () => {
    dir = await mkdtemp(join(tmpdir(), 'moonshift-build-'));
    await mkdir(join(dir, 'demo'), { recursive: true });
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'demo/index.html'), '<!doctype html><title>demo</title>');
    await writeFile(join(dir, 'assets/app-1a2b.js'), 'console.log(1)');
    const app = staticPages(dir);
    const page = await app.request('/demo');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<title>demo</title>');
    const asset = await app.request('/assets/app-1a2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });
});
