// The suggestions module owns the category and lead-unit suggester: its learner (features,
// naive Bayes, k-fold), the trained models with their evaluation, and the suggestion API.
export { CLASSIFY_HELP, runClassify } from './classify-cli.ts';
export {
  TextClassifier,
  crossValidate,
  trainClassifier,
  type Evaluation,
  type LabelledText,
  type Prediction,
  type TextClassifierModel,
} from './classifier.ts';
export { suggestionRoutes } from './suggestions.routes.ts';
export { suggest, warmModels, type Suggestions } from './suggest.ts';
export { requestTraining, retrainIfDue, trainPendingRun } from './use-cases/train-models.ts';
export type { SuggestionTables } from './suggestions.table.ts';
