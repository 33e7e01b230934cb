/**
 * @module PostgreSQL for test files: `pgTestUrl()` is the cluster the `unit-pg` project provides (null when
 * none: the file's suites skip); `createTestDatabase` gives each file its own database (pg-template.ts).
 */
import { inject } from 'vitest';

export { createTestDatabase, type TestDatabase } from './pg-template';

declare module 'vitest' {
  export interface ProvidedContext { pgUrl: string | null }
}

export function pgTestUrl(): string | null {
  return inject('pgUrl');
}
