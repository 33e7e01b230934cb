CREATE TABLE `duty_channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`url` text,
	`config_id` text,
	`group_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `duty_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`rotation` text NOT NULL,
	`primary_userid` text,
	`backup_userid` text,
	`manager_userid` text,
	`manager_phone` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `manager_alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`touser` text NOT NULL,
	`conversation_id` integer,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`url` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`coalesced_into` integer,
	`errcode` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `manager_alerts_key` ON `manager_alerts` (`key`);--> statement-breakpoint
CREATE INDEX `manager_alerts_user_status` ON `manager_alerts` (`touser`,`status`,`sent_at`);--> statement-breakpoint
CREATE TABLE `relay_diagnostics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`conversation_id` integer,
	`actor` text,
	`target` text,
	`reason` text NOT NULL,
	`errcode` integer,
	`result` text NOT NULL,
	`night` integer DEFAULT false NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `relay_diagnostics_order` ON `relay_diagnostics` (`night`,`at`);--> statement-breakpoint
CREATE TABLE `relay_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`conversation_id` integer NOT NULL,
	`from_userid` text,
	`reason` text NOT NULL,
	`candidates` text NOT NULL,
	`next_index` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`to_userid` text,
	`night` integer DEFAULT false NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `relay_jobs_key` ON `relay_jobs` (`key`);--> statement-breakpoint
CREATE INDEX `relay_jobs_status` ON `relay_jobs` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `timers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`conversation_id` integer,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`armed_at` integer NOT NULL,
	`fired_at` integer,
	`outcome` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timers_pending_key` ON `timers` (`key`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `timers_status_due` ON `timers` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `timers_conversation` ON `timers` (`conversation_id`,`status`);