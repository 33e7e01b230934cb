/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/shifts.ts. Schema: each agent's shift (a service calendar of their own; without a row the agent works the
 * organisation's hours) and the shift state last seen, so only a shift start or end changes a status.
 */
import { pgTable, text, bigint, boolean } from 'drizzle-orm/pg-core';

export const agentShifts = pgTable('agent_shifts', {
  userid: text('userid').primaryKey(),
  /** JSON CalendarConfig, or null = the organisation's calendar. */
  calendar: text('calendar'),
  /** Whether the agent was on shift at the last evaluation (null = never evaluated). */
  onShift: boolean('on_shift'),
  evaluatedAt: bigint('evaluated_at', { mode: 'number' }),
});
