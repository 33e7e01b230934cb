CREATE TABLE "inbound_history" (
	"open_kfid" text NOT NULL,
	"hour_start" bigint NOT NULL,
	"count" bigint NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "inbound_history_open_kfid_hour_start_pk" PRIMARY KEY("open_kfid","hour_start")
);
