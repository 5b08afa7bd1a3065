/** Public surface of core/eval: scores, compare and sweep. README.md, "How Steerling scores a summary", says what each score means. */
export { EvalError, type EvalErrorCode } from './errors';
export { evalModelOf, type EvalModel, type HasLoadedModel } from './eval-model';
export { MIN_LOG_PROB, scoreLogProbs, type LogProbOptions, type LogProbResult } from './logprob';
export { archaicScore, ARCHAIC_LEXICON, type ArchaicMarker, type ArchaicMarkerKind, type ArchaicScore } from './style/archaic';
export { contrastPromptsFor, contrastPromptsFromPairs, contrastScore, type ContrastPrompts, type ContrastScore } from './style/contrast';
export { contentScores, rougeL, rougeN, rougeScores, type ContentScores, type RougeScore, type RougeScores } from './content/rouge';
export { factsScore, type FactKind, type FactMention, type FactsScore } from './content/facts';
export { perplexityOf, type PerplexityScore } from './fluency/perplexity';
export { judgeSummary, type JudgeResult } from './judge/judge';
export { JUDGE_CRITERIA, parseJudgeAnswer, scoreOf, type JudgeCriterion, type JudgeRating, type JudgeVerdict } from './judge/parse';
export { judgePrompt, loadJudgeRubric, type JudgeRubric, type JudgeSubject } from './judge/rubric';
export { scoreSummary, type ScoreInput, type ScoreOptions, type ScoreTarget, type SummaryScores } from './scores';
export { PLAIN_STYLE_LABEL, scoreTargetFor } from './target';
export { collectSummary, type CollectedSummary, type SummaryConfig } from './summarise';
export {
  articleFingerprint,
  runComparison,
  validateCompareRequest,
  type CompareConfig,
  type CompareOptions,
  type CompareProgress,
  type CompareRequest,
  type ComparisonResult,
  type ComparisonRow,
} from './compare';
export { describeConfig, renderComparisonMarkdown } from './compare-markdown';
export { runSweep, type SweepOptions } from './sweep';
export { BEST_RULE, CONTENT_SHARE_OF_PROMPTED, describeBest, pickBest } from './sweep-best';
export { SWEEP_CSV_COLUMNS, csvField, sweepToCsv } from './sweep-csv';
export { readCheckpoint, sweepPaths, type SweepCheckpoint, type SweepPaths } from './sweep-files';
export { cellKey, gridOf, MAX_SWEEP_CELLS, validateSweepSpec } from './sweep-grid';
export type {
  BestPick,
  CellCoordinates,
  ScoredText,
  StyleScoreName,
  SweepBaselines,
  SweepCell,
  SweepEvent,
  SweepResult,
  SweepSpec,
  SweepTiming,
} from './sweep-types';
export {
  defaultCompareStyle,
  isEvaluationRunner,
  type CompareEvent,
  type CompareJob,
  type EvaluationRunner,
  type ScoreJob,
  type SweepJob,
} from './runner';
export { createLocalEvaluationRunner, localEvaluationRunner, type LocalRunnerOptions } from './local-runner';
export {
  SweepStore,
  type SavedSweep,
  type SweepBestSummary,
  type SweepEntry,
  type SweepListing,
  type SweepRequestRecord,
  type SweepStatus,
} from './sweep-store';
export { defaultPresetName, PresetStore, PRESETS_FORMAT, presetInputSchema, type Preset, type PresetInput, type SavedPreset } from './presets';
