/** @module drizzle-kit: `npm run db:generate` writes SQL migrations from the schema into server/db/migrations. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './server/db/schema/index.ts',
  out: './server/db/migrations',
});
