/** @module All tables, one file per domain. */
export * from './kf';
export * from './agents';
export * from './conversations';
export * from './outbox';
export * from './callbacks';
export * from './templates';
export * from './access';
export * from './rules';
export * from './settings';
export * from './customers';
export * from './probes';
export * from './intent';
export * from './pages';
export * from './signals';
export * from './duty';
export * from './timers';
export * from './shifts';
