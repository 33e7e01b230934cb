ALTER TABLE `customers` ADD `note` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `note_updated_by` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `note_updated_at` integer;