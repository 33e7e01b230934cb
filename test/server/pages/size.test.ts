import { describe, it, expect } from 'vitest';
import { formatSizes, LIMIT, measurePageSizes } from '../../bench/pages-size.bench';

describe('public page weight', () => {
  it('loads at most 60 KB of gzipped JS on every public page (server-rendered: a few bytes)', async () => {
    const sizes = await measurePageSizes();
    console.log(formatSizes(sizes));
    expect(sizes).toHaveLength(5);
    for (const s of sizes) expect(s.jsGz).toBeLessThanOrEqual(LIMIT);
    expect(Math.max(...sizes.map((s) => s.jsGz))).toBeLessThan(1024);
  });
});
