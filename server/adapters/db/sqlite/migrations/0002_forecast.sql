CREATE TABLE `inbound_history` (
	`open_kfid` text NOT NULL,
	`hour_start` integer NOT NULL,
	`count` integer NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`open_kfid`, `hour_start`)
);
