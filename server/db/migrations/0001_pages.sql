CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` integer NOT NULL,
	`external_userid` text NOT NULL,
	`customer_name` text NOT NULL,
	`mobile` text NOT NULL,
	`slot_start` integer NOT NULL,
	`slot_end` integer NOT NULL,
	`place` integer,
	`question` text NOT NULL,
	`status` text NOT NULL,
	`agent_userid` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_slot_place` ON `appointments` (`slot_start`,`place`) WHERE place is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_active_conversation` ON `appointments` (`conversation_id`) WHERE status in ('booked','rescheduled');--> statement-breakpoint
CREATE INDEX `appointments_customer` ON `appointments` (`external_userid`,`slot_start`);--> statement-breakpoint
CREATE INDEX `appointments_agent` ON `appointments` (`agent_userid`,`slot_start`);--> statement-breakpoint
CREATE TABLE `profile_walls` (
	`slug` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`config_id` text,
	`qr_code` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `profile_walls_target` ON `profile_walls` (`kind`,`target`);--> statement-breakpoint
CREATE TABLE `wecom_sync_attempts` (
	`id` integer PRIMARY KEY NOT NULL,
	`target` text NOT NULL,
	`api` text NOT NULL,
	`at` integer NOT NULL,
	`errcode` integer NOT NULL,
	`errmsg` text,
	`coalesced` integer NOT NULL,
	`request` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `wecom_sync_attempts_at` ON `wecom_sync_attempts` (`at`);--> statement-breakpoint
CREATE TABLE `wecom_sync_jobs` (
	`target` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`payload` text,
	`status` text NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_requested_at` integer NOT NULL,
	`last_requested_at` integer NOT NULL,
	`last_request` text,
	`last_sent` text,
	`errcode` integer,
	`errmsg` text,
	`sent_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `wecom_sync_jobs_status` ON `wecom_sync_jobs` (`status`);