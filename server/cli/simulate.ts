/**
 * @module `npm run --silent cli -- simulate --at <ISO-8601 with offset> [--agent-status <status>]`:
 * stdin JSONL `{"text","customer"?}` → stdout JSONL `{"text","intent","window","next_open","actions","trace_ms"}`.
 * A fresh in-memory database with the demo configuration; consecutive lines of one customer form one
 * conversation; the clock starts at `--at` and moves one second per line (so repeats and bursts count).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DecisionSandbox } from '../core/engine/sandbox';
import { AgentStatus } from '../../shared/domain/vocabulary';
import { createIntentClassifier } from '../core/intent/create-classifier';

const Line = z.object({ text: z.string(), customer: z.string().min(1).max(64).optional() });
const USAGE = 'usage: simulate --at <ISO-8601 with offset, e.g. 2026-10-02T10:00:00+08:00> [--agent-status online|busy|dnd|moon|offline] < messages.jsonl';

export function parseSimulateArgs(args: string[]): { at: number; agentStatus?: AgentStatus } {
  const { values } = parseArgs({ args, options: { at: { type: 'string' }, 'agent-status': { type: 'string' } }, strict: true });
  if (!values.at || !/([+-]\d{2}:?\d{2}|Z)$/.test(values.at) || Number.isNaN(Date.parse(values.at))) {
    throw new Error(`--at must be an ISO-8601 instant with an offset\n${USAGE}`);
  }
  const status = values['agent-status'];
  if (status !== undefined && !AgentStatus.safeParse(status).success) throw new Error(`--agent-status must be one of ${AgentStatus.options.join(', ')}`);
  return { at: Date.parse(values.at), agentStatus: status as AgentStatus | undefined };
}

export async function run(args: string[]): Promise<number> {
  let opts: ReturnType<typeof parseSimulateArgs>;
  try {
    opts = parseSimulateArgs(args);
  } catch (err) {
    process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const sandbox = await DecisionSandbox.open({ at: opts.at, agentStatus: opts.agentStatus, intent: createIntentClassifier() });
  let n = 0;
  try {
    for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      n++;
      if (raw.trim() === '') continue;
      let line: z.infer<typeof Line>;
      try {
        line = Line.parse(JSON.parse(raw));
      } catch {
        process.stdout.write(`${JSON.stringify({ error: 'expected a JSON object {"text": string, "customer"?: string}', line: n })}\n`);
        continue;
      }
      const r = await sandbox.send(line.customer ?? 'wmSimCustomer', line.text);
      sandbox.clock.advance(1000);
      process.stdout.write(`${JSON.stringify({
        text: line.text, intent: r.intent, window: r.trace.facts.window, next_open: r.nextOpenAt,
        actions: r.actions.map(({ ruleId, ...a }) => ({ ...a, rule: ruleId })),
        trace_ms: Math.round(r.traceMs * 1000) / 1000,
      })}\n`);
    }
  } finally {
    sandbox.close();
  }
  return 0;
}
