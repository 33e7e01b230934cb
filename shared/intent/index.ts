/** @module Public API of the intent and emotion classifier (pure TypeScript; runs in Node and the browser). */
export { DEFAULT_INTENT_PACK, FALLBACK_INTENT, type IntentDefinition } from './pack';
export { normalizeText, MAX_TEXT_LENGTH, type NormalizeOptions } from './normalize';
export { extractFeatures, type FeatureOptions, type Segmenter } from './features';
export { canonicalText, MASKS, type CanonicalOptions } from './canonical';
export {
  IntentModel, trainIntentModel, trainIntentModelSteps, DEFAULT_TRAIN_OPTIONS, MODEL_FORMAT,
  type SerializedIntentModel,
} from './model';
export { IntentClassifier, type ClassifyResult, type IntentClassifierInit } from './classifier';
export { emotionScore, blendEmotion, EMOTION_LEXICON, type EmotionCue, type EmotionResult } from './emotion';
export { matchKeywords, DEFAULT_KEYWORDS, type KeywordList, type KeywordMatch } from './keywords';
export {
  evaluate, percentile, summarizeLatency, type EvalRow, type EvalReport, type IntentMetrics, type ConfusionPair,
  type EmotionAgreement, type EvaluateOptions, type LatencySummary,
} from './metrics';
export { mineKeywordSuggestions, type KeywordSuggestion, type SuggestionInput, type SuggestOptions } from './suggest';
export {
  TRAIN_EXAMPLES, HELDOUT_EXAMPLES, HARD_HELDOUT_EXAMPLES, HARD_DEV_EXAMPLES, MESSAGE_KINDS, BUSINESSES, splitToExamples,
  type KindExample, type MessageKind, type Business,
} from './data/index';
export type { IntentExample, IntentPrediction, TrainOptions, TrainProgress, ExampleSource } from './types';
export {
  parseCsv, parseLabelledCsv, parseLabelledJsonl, parseLabelledSet, isInstant, type LabelledRow, type ParsedSet, type ParseProblem,
} from './dataset';
export { compareOnSet, compareOnSetAsync, type ComparisonReport, type CompareOptions, type SystemReport, type KindAccuracy } from './evaluation';
export { formatComparisonTable } from './evaluation-table';
export type { ConversationStep, ConversationsRun, FlowCheck } from './conversation-report';
