/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/templates.ts. Schema: reply templates (the shared `Template`, stored whole as JSON). A template with an owner is
 * that agent's private quick reply; without one it belongs to the team (bot replies and sidebar modules).
 */
import { pgTable, text, bigint, index } from 'drizzle-orm/pg-core';
import type { TemplateKind } from '../../../../../shared/domain/vocabulary';

export const templates = pgTable('templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').$type<TemplateKind>().notNull(),
  /** JSON of the shared Template (id, name, kind, msgtype, body or menu). */
  definition: text('definition').notNull(),
  ownerUserid: text('owner_userid'),
  sortOrder: bigint('sort_order', { mode: 'number' }).notNull().default(0),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: text('updated_by'),
}, (t) => [index('templates_owner').on(t.ownerUserid, t.sortOrder)]);

