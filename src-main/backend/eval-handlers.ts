/**
 * The evaluation channels of the contract (eval-contract.ts) on top of an EvaluationRunner: the
 * EngineClient in the app (evaluation runs in the engine worker, next to the model) or the
 * in-process runner over LocalEngine in the CLI. The model does one thing at a time, so one
 * evaluation runs at a time and none while a summary is being written.
 */
import path from 'node:path';
import type { SummaryEngine } from '../core/engine/types';
import { renderComparisonMarkdown } from '../core/eval/compare/markdown';
import { createLocalEvaluationRunner, localEvaluationRunner } from '../core/eval/local-runner';
import { PresetStore } from '../core/eval/presets';
import { isEvaluationRunner, type EvaluationRunner } from '../core/eval/runner';
import type { HasLoadedModel } from '../core/eval/eval-model';
import { PairLibraryStore } from '../core/steering/pair-library-store';
import { SweepStore } from '../core/eval/sweep/store';
import type { HistoryStore } from '../core/history';
import { writeFileAtomically } from '../core/history/atomic-write';
import { CompareJobs } from './compare-jobs';
import { IpcError } from '../ipc/ipc-error';
import { SweepJobs } from './sweep-jobs';
import { TuneJobs } from './tune-jobs';
import type { Emit, ChannelHandlers } from './channel-types';

export type EvalChannel =
  | 'eval.score'
  | 'eval.scoreText'
  | 'compare.start'
  | 'compare.cancel'
  | 'compare.get'
  | 'compare.list'
  | 'compare.export'
  | 'compare.delete'
  | 'sweep.start'
  | 'sweep.cancel'
  | 'sweep.list'
  | 'sweep.get'
  | 'sweep.export'
  | 'sweep.delete'
  | 'presets.save'
  | 'presets.list'
  | 'presets.delete'
  | 'probe.start'
  | 'probe.cancel'
  | 'calibrate.start'
  | 'calibrate.cancel';

export type EvalHandlers = ChannelHandlers<EvalChannel>;

export interface EvalServiceDeps {
  runner: EvaluationRunner;
  engine: SummaryEngine;
  emit: Emit;
  dataDir: string;
  history(): Promise<HistoryStore>;
  /** Summaries being written now. */
  summariesRunning(): number;
}

export interface EvalService {
  handlers: EvalHandlers;
  /** Why a summary cannot start now (an evaluation holds the model), or null. */
  busyReason(): string | null;
  cancelAll(): Promise<void>;
}

export function sweepsFolder(dataDir: string): string {
  return path.join(dataDir, 'sweeps');
}

export function presetsFile(dataDir: string): string {
  return path.join(dataDir, 'presets.json');
}

/**
 * The engine itself when it evaluates (EngineClient); else in-process over it: with model scores
 * when it exposes its model (LocalEngine), text scores only otherwise.
 */
export function defaultEvaluationRunner(engine: SummaryEngine, libraryDir: string): EvaluationRunner {
  if (isEvaluationRunner(engine)) return engine;
  const store = new PairLibraryStore(libraryDir);
  const libraries = async () => (await store.list()).libraries;
  const withModel = engine as SummaryEngine & Partial<HasLoadedModel>;
  if (typeof withModel.loadedModel === 'function') return localEvaluationRunner(withModel as SummaryEngine & HasLoadedModel, libraries);
  return createLocalEvaluationRunner({ engine, libraries });
}

export function createEvalService(deps: EvalServiceDeps): EvalService {
  const { runner, engine } = deps;
  const modelId = () => engine.currentModel()?.id ?? 'unknown model';
  const compares = new CompareJobs({ runner, emit: deps.emit, history: deps.history, modelId });
  const sweepStore = new SweepStore(sweepsFolder(deps.dataDir));
  const sweeps = new SweepJobs({ runner, store: sweepStore, emit: deps.emit, modelId });
  const presets = new PresetStore(presetsFile(deps.dataDir));
  const tunes = new TuneJobs({ runner, presets, emit: deps.emit, modelId });
  /** Scorings running, and comparisons or sweeps between their check and their job. */
  let claimed = 0;

  const evaluating = () => compares.activeCount + sweeps.activeCount + tunes.activeCount + claimed > 0;
  /** Before any evaluation: the model must be loaded and free. */
  const claimModel = async <T>(what: string, needsModel: boolean, work: () => Promise<T>): Promise<T> => {
    if (needsModel && !engine.currentModel()) throw new IpcError('engine.no-model', `No model is loaded. Load a model before ${what}.`);
    if (evaluating()) throw new IpcError('eval.busy', 'Another comparison, sweep or scoring is using the model. Wait for it to finish or cancel it first.');
    if (deps.summariesRunning() > 0) throw new IpcError('eval.busy', `A summary is being written. Wait for it or cancel it before ${what}.`);
    claimed++;
    try {
      return await work();
    } finally {
      claimed--;
    }
  };
  // Without a model the text scores still come (the runner says which were skipped).
  const score = (job: Parameters<EvaluationRunner['score']>[0]) => claimModel('scoring', false, () => runner.score(job));
  const comparison = async (id: string) => {
    const saved = (await deps.history()).comparisons.get(id);
    if (!saved) throw new IpcError('compare.not-found', 'That comparison is no longer in the history; it may have been deleted.');
    return saved;
  };

  const handlers: EvalHandlers = {
    'eval.score': async ({ recordId, style, judge }) => {
      const store = await deps.history();
      const record = store.get(recordId);
      if (!record) throw new IpcError('history.not-found', 'That summary is no longer in the history; it may have been deleted.');
      const target = style ?? record.steering?.pairId ?? record.style ?? undefined;
      const plain = record.mode === 'plain' ? null : store.findPlainSummary(record.article.textHash);
      const scores = await score({
        output: record.output,
        article: { title: record.article.title, text: record.article.text },
        plainSummary: plain?.output ?? null,
        style: target,
        judge,
      });
      return { recordId, scores, style: target ?? null, plainRecordId: plain?.id ?? null };
    },
    'eval.scoreText': async ({ output, article, plainSummary, style, judge }) => ({
      scores: await score({ output, article, plainSummary, style, judge }),
      style: style ?? null,
      plainRecordId: null,
    }),
    'compare.start': async (args) => ({ jobId: await claimModel('comparing', true, () => compares.start(args)) }),
    'compare.cancel': async ({ jobId }) => ({ cancelled: compares.cancel(jobId) }),
    'compare.get': ({ id }) => comparison(id),
    'compare.list': async ({ query, limit, offset }) => (await deps.history()).comparisons.list({ query: query?.trim() || undefined, limit, offset }),
    'compare.export': async ({ id, path: target }) => {
      const data = Buffer.from(renderComparisonMarkdown((await comparison(id)).result), 'utf8');
      return { path: await writeFileAtomically(target, data), bytes: data.length };
    },
    'compare.delete': async ({ ids }) => ({ deleted: (await deps.history()).comparisons.delete(ids) }),
    'sweep.start': async (args) => ({ sweepId: await claimModel('sweeping', true, () => sweeps.start(args)) }),
    'sweep.cancel': async ({ sweepId }) => ({ cancelled: sweeps.cancel(sweepId) }),
    'sweep.list': () => sweeps.list(),
    'sweep.get': ({ sweepId }) => sweeps.get(sweepId),
    'sweep.export': ({ sweepId, format, path: target }) => sweepStore.exportTo(sweepId, format, path.resolve(target)),
    'sweep.delete': async ({ sweepId }) => {
      await sweeps.delete(sweepId);
      return { sweepId };
    },
    'presets.save': ({ pairId, preset }) => presets.save(pairId, preset),
    'presets.list': async ({ pairId }) => ({ items: await presets.list(pairId) }),
    'presets.delete': async ({ pairId, id }) => ({ deleted: await presets.delete(pairId, id) }),
    'probe.start': async (args) => ({ jobId: await claimModel('probing', true, async () => tunes.startProbe(args)) }),
    'probe.cancel': async ({ jobId }) => ({ cancelled: tunes.cancel(jobId) }),
    'calibrate.start': async (args) => ({ jobId: await claimModel('calibrating', true, async () => tunes.startCalibration(args)) }),
    'calibrate.cancel': async ({ jobId }) => ({ cancelled: tunes.cancel(jobId) }),
  };

  return {
    handlers,
    busyReason: () => (evaluating() ? 'A comparison, sweep or scoring is using the model. Wait for it to finish or cancel it first.' : null),
    async cancelAll() {
      await Promise.all([compares.cancelAll(), sweeps.cancelAll(), tunes.cancelAll()]);
    },
  };
}
