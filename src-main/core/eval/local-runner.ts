/**
 * The EvaluationRunner in the process that holds the model: the CLI's, the engine worker's, and
 * the tests'. One evaluation at a time, because scoring and generation share the engine's one
 * sequence; a second one is refused with EvalError('busy') rather than queued behind a long sweep.
 */
import { EventQueue } from '../engine/event-queue';
import type { SummaryEngine } from '../engine/types';
import { builtinLibrary, type PairLibrary } from '../steering/pair-library';
import { runComparison } from './compare/compare';
import { EvalError } from './errors';
import { evalModelOf, type EvalModel, type HasLoadedModel } from './eval-model';
import { defaultCompareStyle, type CompareEvent, type CompareJob, type EvaluationRunner, type ScoreJob, type SweepJob } from './runner';
import { scoreSummary, type SummaryScores } from './scores';
import { runSweep } from './sweep/sweep';
import { runCalibration, type CalibrateEvent, type CalibrateJob, type CalibrationResult } from './calibrate';
import { runProbe, type ProbeEvent, type ProbeJob, type ProbeResult } from './probe';
import type { RawContinuer } from '../engine/raw-continuation';
import type { SweepEvent, SweepResult } from './sweep/types';
import { scoreTargetFor } from './target';

export interface LocalRunnerOptions {
  engine: SummaryEngine;
  /**
   * The loaded model for model scores; throws EvalError('no-model') while none is loaded. Absent:
   * text scores only (an engine without native model access).
   */
  model?: () => EvalModel;
  /** Libraries that style references resolve against; default the built-in one. */
  libraries?: () => Promise<readonly PairLibrary[]>;
}

const MODEL_SCORES_SKIPPED = 'Model scores: no model is loaded, so contrast, perplexity and judge ratings were not computed.';

export function createLocalEvaluationRunner(options: LocalRunnerOptions): EvaluationRunner {
  const { engine } = options;
  let active: string | null = null;

  const acquire = (what: string): (() => void) => {
    if (active) throw new EvalError('busy', `A ${active} is already running on this model. Wait for it to finish or cancel it first.`);
    active = what;
    return () => {
      active = null;
    };
  };
  const libraries = async (): Promise<readonly PairLibrary[]> => (options.libraries ? options.libraries() : [builtinLibrary()]);
  /** Generation needs the model anyway, so compare and sweep fail at once without one. */
  const requiredModel = (): EvalModel | undefined => options.model?.();
  const optionalModel = (): EvalModel | undefined => {
    try {
      return options.model?.();
    } catch (error) {
      if (error instanceof EvalError && error.code === 'no-model') return undefined;
      throw error;
    }
  };

  /** Raw continuations need an engine that offers them (LocalEngine). */
  const rawContinuer = (): RawContinuer => {
    const candidate = engine as SummaryEngine & Partial<RawContinuer>;
    if (typeof candidate.continueText !== 'function') throw new EvalError('invalid-request', 'This engine cannot continue raw text.');
    if (!engine.currentModel()) throw new EvalError('no-model', 'No model is loaded. Load a model first.');
    return candidate as RawContinuer;
  };

  return {
    async score(job: ScoreJob, signal?: AbortSignal): Promise<SummaryScores> {
      const release = acquire('scoring');
      try {
        if (!job.output.trim()) throw new EvalError('invalid-request', 'There is no text to score.');
        if (!job.article.text.trim()) throw new EvalError('invalid-request', 'The article to score against has no text.');
        const target = scoreTargetFor(job.style, await libraries());
        const model = optionalModel();
        const scores = await scoreSummary(
          { output: job.output, article: job.article, plainSummary: job.plainSummary, target },
          { model, judge: job.judge, signal },
        );
        if (scores.judge?.cancelled || signal?.aborted) throw new EvalError('cancelled', 'Scoring was cancelled.');
        if (!model) scores.problems.push(MODEL_SCORES_SKIPPED);
        return scores;
      } finally {
        release();
      }
    },

    async *compare(job: CompareJob, signal?: AbortSignal): AsyncGenerator<CompareEvent, void, void> {
      const release = acquire('comparison');
      // Stops the comparison when the reader stops early, so the model is free when this returns.
      const stop = new AbortController();
      const combined = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
      const queue = new EventQueue<CompareEvent>();
      let running: Promise<void> = Promise.resolve();
      try {
        const model = requiredModel();
        const target = job.target ?? scoreTargetFor(defaultCompareStyle(job), await libraries());
        const { style: _style, resume, target: _target, ...request } = job;
        running = runComparison(
          { ...request, target },
          { engine, model, signal: combined, resume, onProgress: (progress) => queue.push({ type: 'progress', progress }) },
        ).then(
          (result) => {
            queue.push({ type: 'done', result });
            queue.end();
          },
          (error: unknown) => queue.fail(error),
        );
        yield* queue.drain();
      } finally {
        stop.abort();
        await running;
        release();
      }
    },

    async *probe(job: ProbeJob, signal?: AbortSignal): AsyncGenerator<ProbeEvent, ProbeResult, void> {
      const release = acquire('probe');
      try {
        return yield* runProbe(rawContinuer(), job, signal);
      } finally {
        release();
      }
    },

    async *calibrate(job: CalibrateJob, signal?: AbortSignal): AsyncGenerator<CalibrateEvent, CalibrationResult, void> {
      const release = acquire('calibration');
      try {
        const continuer = rawContinuer();
        const info = engine.currentModel();
        if (!info) throw new EvalError('no-model', 'No model is loaded. Load a model before calibrating.');
        const model = requiredModel();
        const target = scoreTargetFor(job.pairId ?? job.style, await libraries());
        return yield* runCalibration(job, { engine: continuer, nLayer: info.nLayer, model, contrast: target.contrast, signal });
      } finally {
        release();
      }
    },

    async *sweep(job: SweepJob, signal?: AbortSignal): AsyncGenerator<SweepEvent, SweepResult | undefined, void> {
      const release = acquire('sweep');
      try {
        const model = requiredModel();
        return yield* runSweep(job.spec, {
          engine,
          model,
          resultPath: job.resultPath,
          restart: job.restart,
          signal,
          libraries: await libraries(),
        });
      } finally {
        release();
      }
    },
  };
}

/** The runner over an engine with native model access (LocalEngine): all scores. */
export function localEvaluationRunner(
  engine: SummaryEngine & HasLoadedModel,
  libraries?: () => Promise<readonly PairLibrary[]>,
): EvaluationRunner {
  return createLocalEvaluationRunner({ engine, model: () => evalModelOf(engine), libraries });
}
