CREATE TABLE `faq_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`open_kfid` text,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`link` text,
	`intents` text DEFAULT '[]' NOT NULL,
	`keywords` text DEFAULT '[]' NOT NULL,
	`menu_id` text,
	`position` integer DEFAULT 0 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `faq_entries_team` ON `faq_entries` (`open_kfid`,`position`);--> statement-breakpoint
CREATE TABLE `faq_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`open_kfid` text,
	`conversation_id` integer,
	`entry_id` integer,
	`via` text NOT NULL,
	`text` text,
	`score` real
);
--> statement-breakpoint
CREATE INDEX `faq_events_entry` ON `faq_events` (`entry_id`,`at`);--> statement-breakpoint
CREATE INDEX `faq_events_via_at` ON `faq_events` (`via`,`at`);