CREATE TABLE `kf_accounts` (
	`open_kfid` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kf_servicers` (
	`open_kfid` text NOT NULL,
	`userid` text NOT NULL,
	`wecom_status` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`open_kfid`, `userid`),
	FOREIGN KEY (`open_kfid`) REFERENCES `kf_accounts`(`open_kfid`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sync_cursors` (
	`open_kfid` text PRIMARY KEY NOT NULL,
	`cursor` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	`last_pull_started_at` integer,
	`last_pull_ok` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `sync_cursors_pull` ON `sync_cursors` (`last_pull_started_at`);--> statement-breakpoint
CREATE TABLE `agent_status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`userid` text NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`source` text NOT NULL,
	`until` integer,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`userid`) REFERENCES `agents`(`userid`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `agent_status_history_user_at` ON `agent_status_history` (`userid`,`at`);--> statement-breakpoint
CREATE TABLE `agents` (
	`userid` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'offline' NOT NULL,
	`status_source` text DEFAULT 'system' NOT NULL,
	`status_until` integer,
	`status_changed_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`open_kfid` text NOT NULL,
	`external_userid` text NOT NULL,
	`service_state` integer DEFAULT 0 NOT NULL,
	`servicer_userid` text,
	`last_customer_at` integer,
	`last_human_at` integer,
	`last_bot_at` integer,
	`unanswered_count` integer DEFAULT 0 NOT NULL,
	`muted_until` integer,
	`tags` text DEFAULT '[]' NOT NULL,
	`notices_sent` text DEFAULT '[]' NOT NULL,
	`transfer_offer_sent_at` integer,
	`dedicated_manager` text,
	`main_intent` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_kf_customer` ON `conversations` (`open_kfid`,`external_userid`);--> statement-breakpoint
CREATE TABLE `messages` (
	`msgid` text PRIMARY KEY NOT NULL,
	`conversation_id` integer NOT NULL,
	`origin` integer NOT NULL,
	`msgtype` text NOT NULL,
	`content` text NOT NULL,
	`servicer_userid` text,
	`intent` text,
	`intent_confidence` real,
	`emotion` real,
	`send_time` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_conversation_time` ON `messages` (`conversation_id`,`send_time`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`msgid` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`conversation_id` integer NOT NULL,
	`cause_msgid` text,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`errcode` integer,
	`errmsg` text,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_status_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_conversation` ON `outbox` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `callback_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL,
	`msg_type` text NOT NULL,
	`event` text,
	`open_kfid` text,
	`raw` text NOT NULL,
	`ack_ms` real
);
--> statement-breakpoint
CREATE TABLE `templates` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`definition` text NOT NULL,
	`owner_userid` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE INDEX `templates_owner` ON `templates` (`owner_userid`,`sort_order`);--> statement-breakpoint
CREATE TABLE `admin_grants` (
	`userid` text PRIMARY KEY NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY NOT NULL,
	`conversation_id` integer NOT NULL,
	`cause_msgid` text,
	`trigger` text NOT NULL,
	`rule_set_version` text NOT NULL,
	`at` integer NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`actions` text NOT NULL,
	`trace` text NOT NULL,
	`facts` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `decisions_conversation` ON `decisions` (`conversation_id`,`at`);--> statement-breakpoint
CREATE TABLE `rule_sets` (
	`version` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`body` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`published_at` integer,
	`published_by` text
);
--> statement-breakpoint
CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`external_userid` text PRIMARY KEY NOT NULL,
	`nickname` text,
	`avatar` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`fetched_at` integer
);
--> statement-breakpoint
CREATE TABLE `probe_reports` (
	`id` integer PRIMARY KEY NOT NULL,
	`msgid` text NOT NULL,
	`conversation_id` integer NOT NULL,
	`at` integer NOT NULL,
	`steps` text NOT NULL,
	`decision` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `probe_reports_msgid_unique` ON `probe_reports` (`msgid`);--> statement-breakpoint
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
CREATE INDEX `keyword_suggestions_status` ON `keyword_suggestions` (`status`);--> statement-breakpoint
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
CREATE INDEX `wecom_sync_jobs_status` ON `wecom_sync_jobs` (`status`);--> statement-breakpoint
CREATE TABLE `servicer_signals` (
	`id` integer PRIMARY KEY NOT NULL,
	`open_kfid` text NOT NULL,
	`userid` text NOT NULL,
	`status` integer NOT NULL,
	`stop_type` integer,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `servicer_signals_user_at` ON `servicer_signals` (`userid`,`at`);--> statement-breakpoint
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
CREATE INDEX `timers_conversation` ON `timers` (`conversation_id`,`status`);--> statement-breakpoint
CREATE TABLE `agent_shifts` (
	`userid` text PRIMARY KEY NOT NULL,
	`calendar` text,
	`on_shift` integer,
	`evaluated_at` integer
);
