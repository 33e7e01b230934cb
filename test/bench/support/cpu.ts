/**
 * @module CPU time of a benchmark child, on request: the parent asks over the IPC channel (`'cpu'`) and the
 * child answers with `process.cpuUsage()` in microseconds, so the benchmark can say how much CPU each process
 * spent per message (product, simulator, bare responder) and which one is the limit. The product child also
 * answers `'stages'` with its per-stage counters (server/core/pipeline/stages.ts) and `'queries'` with the SQL statements
 * and transactions it ran (on PostgreSQL each statement a round trip).
 */
export interface CpuSample { user: number; system: number }

/** SQL statements a product child ran so far, and how many of them began a transaction. */
export interface QueryCount { statements: number; transactions: number }

/**
 * Call once in a child started by `startChild`: answers the parent's CPU (and, given `stages`, stage; given
 * `queries`, the SQL statements and transactions so far) questions.
 */
export function answerCpuQuestions(stages?: () => unknown, queries?: () => QueryCount): void {
  process.on('message', (m) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
    if (m === 'stages') process.send?.({ stages: stages?.() ?? null });
    if (m === 'queries') process.send?.({ queries: queries?.() ?? null });
  });
  process.channel?.unref(); // the IPC channel alone must not keep the child alive
}

/** Total CPU milliseconds between two samples. */
export const cpuMs = (from: CpuSample, to: CpuSample): number => (to.user - from.user + to.system - from.system) / 1000;
