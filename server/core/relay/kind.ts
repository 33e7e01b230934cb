/**
 * @module The job kind that moves one planned relay (`relay_jobs` row) through WeCom: one job per row, enqueued
 * with it; its ordering key keeps one conversation's relays in the order they were planned.
 */
export const RELAY_JOB = 'relay.move';
