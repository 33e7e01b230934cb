/**
 * @module Reads a stored decision's trace whole: the trace is stored without what the rule set of its version says
 * of itself (shared/engine/stored-trace.ts), and that version — kept, never changed — gives it back.
 */
import type { Queries } from '../ports/queries';
import { NotFoundError } from '../errors';
import { unpackTrace, type PackedTrace } from '../../../shared/engine/stored-trace';
import type { Trace } from '../../../shared/engine/index';
import type { OrgConfig } from './org-config';

export async function storedTraceIn(q: Queries, org: Pick<OrgConfig, 'ruleSetIn'>, row: { trace: string; ruleSetVersion: string }): Promise<Trace> {
  const stored = JSON.parse(row.trace) as Trace | PackedTrace;
  if (!('packed' in stored)) return stored;
  const compiled = await org.ruleSetIn(q, row.ruleSetVersion).then((a) => a.compiled, (err: unknown) => {
    if (err instanceof NotFoundError) return undefined; // named by ids and paths, rather than not at all
    throw err;
  });
  return unpackTrace(stored, compiled);
}
