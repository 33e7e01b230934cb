/** @module Learning from agents: what the rest of the server uses (start-up, routes, the engine's keywords); its routes are in server/http/routes/intent-*.ts. */
export { IntentLearning, type IntentLearningOptions, type LearningStatus } from './learning';
export { loadTrainingExtras } from './catalog';
export { acceptedKeywords, currentKeywords } from './suggestions';
export { correctIntent } from './correct-intent';
