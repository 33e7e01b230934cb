-- Upgrade in place, the rest of the old queues (0008 did timers and the outbox): every pending relay (relay_jobs)
-- and duty-manager alert (manager_alerts) written by the loops before the job queue gets its job, keyed and
-- ordered exactly as the product enqueues them now (relay: `relay:<id>` per conversation; alert: `alert:<id>`
-- per recipient), due when the old loop would have taken it. The rows stay the record; a job that finds its row
-- settled does nothing.
INSERT INTO `jobs` (`kind`, `key`, `ordering_key`, `payload`, `run_at`, `created_at`, `updated_at`)
SELECT 'relay.move', 'relay:' || `id`, 'relay:' || `conversation_id`, json_object('relayJobId', `id`), `next_attempt_at`, `created_at`, `updated_at`
FROM `relay_jobs` WHERE `status` = 'pending' ORDER BY `id`
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO `jobs` (`kind`, `key`, `ordering_key`, `payload`, `run_at`, `created_at`, `updated_at`)
SELECT 'alerts.deliver', 'alert:' || `id`, 'alerts:' || `touser`, json_object('touser', `touser`), `created_at`, `created_at`, `created_at`
FROM `manager_alerts` WHERE `status` = 'pending' ORDER BY `id`
ON CONFLICT DO NOTHING;
