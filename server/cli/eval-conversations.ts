/** @module Plain-text rendering of a conversation run (`eval --format table` on a set with conversation/at columns). */
import type { ConversationsRun, FlowCheck } from '../../shared/intent/index';

const flow = (name: string, f: FlowCheck): string => `${name}: fired ${f.fired}, on ${f.hits} of the ${f.expected} lines that call for it`;

export function formatConversations(run: ConversationsRun): string {
  const lines = ['', `Conversations (decision p50 / p99 ${run.decisionMs.p50.toFixed(2)} / ${run.decisionMs.p99.toFixed(2)} ms):`];
  for (const c of run.conversations) {
    lines.push(`  ${c.conversation}`);
    for (const s of c.steps) {
      lines.push(`    ${s.at}  ${s.window.padEnd(7)} ${s.correct ? '✓' : '✗'} ${s.intent}${s.correct ? '' : ` (gold ${s.gold})`}  → ${s.templates.join(', ') || 'none'}  | ${s.text}`);
    }
  }
  lines.push('', flow('emergency flow', run.flows.emergency));
  if (run.flows.annoyed) lines.push(flow('别烦我 flow', run.flows.annoyed));
  return `${lines.join('\n')}\n`;
}
