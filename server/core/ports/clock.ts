/**
 * @module The clock port: everything in the core that reads time takes it from here (epoch ms). The product's
 * `Clock` (server/app/clock.ts) has this shape; a controllable clock moved forward, followed by a `wake()` of the
 * job runner, makes due jobs run.
 */
export interface Clock {
  now(): number;
}
