DROP INDEX `outbox_conversation`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `decision_id` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `msg_code` text;--> statement-breakpoint
CREATE INDEX `outbox_conversation_order` ON `outbox` (`conversation_id`,`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `session_started_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `state_checked_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `state_stale` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `unanswered_since` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `recalled_at` integer;