CREATE TABLE `intent_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`msgid` text NOT NULL,
	`text` text NOT NULL,
	`from_intent` text,
	`to_intent` text NOT NULL,
	`corrected_by` text NOT NULL,
	`corrected_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `intent_corrections_msgid` ON `intent_corrections` (`msgid`);--> statement-breakpoint
CREATE TABLE `intent_definitions` (
	`id` text PRIMARY KEY NOT NULL,
	`label_zh` text NOT NULL,
	`label_en` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `intent_examples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`intent` text NOT NULL,
	`text` text NOT NULL,
	`emotion` real,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `intent_examples_intent` ON `intent_examples` (`intent`);--> statement-breakpoint
CREATE TABLE `intent_keywords` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`intent` text NOT NULL,
	`keyword` text NOT NULL,
	`suggestion_id` integer,
	`added_by` text NOT NULL,
	`added_at` integer NOT NULL,
	FOREIGN KEY (`suggestion_id`) REFERENCES `keyword_suggestions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intent_keywords_keyword` ON `intent_keywords` (`keyword`);--> statement-breakpoint
CREATE TABLE `keyword_suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`phrase` text NOT NULL,
	`count` integer NOT NULL,
	`examples` text DEFAULT '[]' NOT NULL,
	`suggested_intent` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`mined_at` integer NOT NULL,
	`intent` text,
	`decided_by` text,
	`decided_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keyword_suggestions_phrase` ON `keyword_suggestions` (`phrase`);--> statement-breakpoint
CREATE INDEX `keyword_suggestions_status` ON `keyword_suggestions` (`status`);