/**
 * @module Schema: reply templates (the shared `Template`, stored whole as JSON). A template with an owner is
 * that agent's private quick reply; without one it belongs to the team (bot replies and sidebar modules).
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import type { TemplateKind } from '../../../../../shared/domain/vocabulary';

export const templates = sqliteTable('templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').$type<TemplateKind>().notNull(),
  /** JSON of the shared Template (id, name, kind, msgtype, body or menu). */
  definition: text('definition').notNull(),
  ownerUserid: text('owner_userid'),
  sortOrder: integer('sort_order').notNull().default(0),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
}, (t) => [index('templates_owner').on(t.ownerUserid, t.sortOrder)]);

export type TemplateRow = typeof templates.$inferSelect;
