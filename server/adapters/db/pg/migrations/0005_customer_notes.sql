ALTER TABLE "customers" ADD COLUMN "note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "note_updated_by" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "note_updated_at" bigint;