DROP INDEX "outbox_conversation";--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "session_started_at" bigint;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "state_checked_at" bigint;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "state_stale" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "unanswered_since" bigint;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "recalled_at" bigint;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "decision_id" bigint;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "msg_code" text;--> statement-breakpoint
CREATE INDEX "outbox_conversation_order" ON "outbox" USING btree ("conversation_id","status","created_at");