/** @module drizzle-kit: `npm run db:generate` writes SQL migrations from the schema into server/adapters/db/sqlite/migrations. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './server/adapters/db/sqlite/schema/index.ts',
  out: './server/adapters/db/sqlite/migrations',
});
