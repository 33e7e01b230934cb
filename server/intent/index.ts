/** @module Learning from agents: what the rest of the server uses (start-up, routes, the engine's keywords). */
export { IntentLearning, type IntentLearningOptions, type LearningStatus } from './learning';
export { acceptedKeywords, currentKeywords } from './suggestions';
export { correctIntent } from './correct-intent';
export { adminIntentRoutes } from './routes-admin';
export { sidebarIntentRoutes } from './routes-sidebar';
