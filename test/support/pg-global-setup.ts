/**
 * @module Global setup of the `unit-pg` project: the cluster the PostgreSQL suites use. `TEST_PG_URL` (set by
 * `.ci/run`) names one; otherwise a throw-away cluster is started for this run when PostgreSQL is installed.
 * Without one the PostgreSQL suites are skipped — unless `TEST_PG_REQUIRED=1` (CI), which makes it an error.
 */
import type { TestProject } from 'vitest/node';
import { findPgBin, startPgCluster, stopPgCluster } from './pg-cluster';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env.TEST_PG_URL;
  if (given) { project.provide('pgUrl', given); return undefined; }
  if (!findPgBin()) {
    if (process.env.TEST_PG_REQUIRED === '1') throw new Error('TEST_PG_REQUIRED=1 but no PostgreSQL: set TEST_PG_URL or install postgresql');
    console.warn('[unit-pg] no PostgreSQL installed and no TEST_PG_URL: the PostgreSQL suites are skipped');
    project.provide('pgUrl', null);
    return undefined;
  }
  const cluster = await startPgCluster();
  project.provide('pgUrl', cluster.url);
  return () => stopPgCluster(cluster.dir);
}
