/** @module Schema: reply templates (the engine's `Template`; body stored as JSON). */
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import type { TemplateKind } from '../../../shared/domain/vocabulary';

export const templates = sqliteTable('templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').$type<TemplateKind>().notNull(),
  /** JSON of the shared Template body (msgtype + text or menu). */
  body: text('body').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
