/**
 * @module Schema: each agent's shift (a service calendar of their own; without a row the agent works the
 * organisation's hours) and the shift state last seen, so only a shift start or end changes a status.
 */
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

export const agentShifts = sqliteTable('agent_shifts', {
  userid: text('userid').primaryKey(),
  /** JSON CalendarConfig, or null = the organisation's calendar. */
  calendar: text('calendar'),
  /** Whether the agent was on shift at the last evaluation (null = never evaluated). */
  onShift: integer('on_shift', { mode: 'boolean' }),
  evaluatedAt: integer('evaluated_at'),
});
