/**
 * @module Test projects: `unit` (npm test, no browser), `unit-pg` (npm test: the `*.pg.test.ts` suites on a
 * PostgreSQL cluster, see test/support/pg-global-setup.ts), the zone-sensitive suites again under a server zone
 * west and one east of UTC (`tz-*`, also in npm test: dates must not depend on `TZ`), and `browser` (npm run
 * test:browser, Debian Chromium).
 */
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

/** Suites whose answers hang on local dates: calendar, engine (windows, holidays), status automation (shifts, check-ins). */
const ZONE_SENSITIVE = ['test/shared/calendar/**/*.test.ts', 'test/shared/engine/**/*.test.ts', 'test/server/engine/**/*.test.ts', 'test/server/status/**/*.test.ts'];
/** Each runs in its own worker processes, so the zone is set before any date is made. */
const serverZone = (name: string, TZ: string) => ({
  extends: true as const,
  test: { name, include: ZONE_SENSITIVE, exclude: ['test/**/*.pg.test.ts'], environment: 'node', env: { TZ }, testTimeout: 20_000, hookTimeout: 30_000 },
});

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/web/**', 'test/**/*.pg.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      serverZone('tz-los-angeles', 'America/Los_Angeles'),
      serverZone('tz-auckland', 'Pacific/Auckland'),
      {
        extends: true,
        test: {
          name: 'unit-pg',
          include: ['test/**/*.pg.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/pg-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: 'web',
          include: ['test/web/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
