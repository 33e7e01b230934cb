/** @module drizzle-kit for the PostgreSQL mirror: `npm run db:generate` writes its SQL migrations into server/adapters/db/pg/migrations. */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/adapters/db/pg/schema/index.ts',
  out: './server/adapters/db/pg/migrations',
});
