-- Assignment reads every agent's load for each open-hours message: the sessions held (state 3, by servicer)
-- and the transfers planned and not yet made (pending outbox rows of one kind): a scan of every conversation,
-- and of every pending outbox row.
CREATE INDEX `conversations_state_servicer` ON `conversations` (`service_state`,`servicer_userid`);--> statement-breakpoint
CREATE INDEX `outbox_status_kind` ON `outbox` (`status`,`kind`);
