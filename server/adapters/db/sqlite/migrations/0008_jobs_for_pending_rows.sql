-- Upgrade in place to the one job queue: every pending durable timer and outbox row of a database written before it
-- gets its job (the rows stay the record; the job is their scheduling). Outbox rows keep their conversation's order.
INSERT INTO `jobs` (`kind`, `key`, `payload`, `run_at`, `created_at`, `updated_at`)
SELECT 'timer', 'timer:' || `id`, json_object('timerId', `id`), `due_at`, `armed_at`, `armed_at` FROM `timers`
WHERE `status` = 'pending' ORDER BY `id`
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO `jobs` (`kind`, `key`, `ordering_key`, `payload`, `run_at`, `created_at`, `updated_at`)
SELECT 'outbox.send', `msgid`, 'conv:' || `conversation_id`, json_object('msgid', `msgid`), `next_attempt_at`, `created_at`, `updated_at`
FROM `outbox` WHERE `status` = 'pending' ORDER BY `created_at`, `rowid`
ON CONFLICT DO NOTHING;
