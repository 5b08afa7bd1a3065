/**
 * Sweep jobs for the backend: each runs on the evaluation runner with its files in
 * `<dataDir>/sweeps/<id>/` (core/eval/sweep/store.ts), forwards baselines and cells as events, and keeps the
 * sweep's entry up to date so the list shows progress, the end state and the best cell.
 */
import { describeBest } from '../core/eval/sweep/best';
import type { EvaluationRunner } from '../core/eval/runner';
import type { SweepEntry, SweepRequestRecord } from '../core/eval/sweep/entry';
import { gridOf, validateSweepSpec } from '../core/eval/sweep/grid';
import type { SweepStore } from '../core/eval/sweep/store';
import type { SweepResult, SweepSpec } from '../core/eval/sweep/types';
import type { ParsedArgs } from '../ipc/contract';
import type { SweepDetail, SweepListItem } from '../ipc/eval-contract';
import { IpcError, toIpcErrorPayload } from '../ipc/ipc-error';
import { RunningJobs } from './running-jobs';
import type { Emit } from './channel-types';

export type SweepStartArgs = ParsedArgs<'sweep.start'>;

export interface SweepJobsDeps {
  runner: EvaluationRunner;
  store: SweepStore;
  emit: Emit;
  modelId(): string;
}

function specOf(args: SweepStartArgs): SweepSpec {
  return {
    article: { title: args.article.title, text: args.article.text },
    sampling: args.sampling,
    style: args.style,
    pairId: args.pairId,
    vectorPath: args.vectorPath,
    methods: args.methods,
    layers: args.layers,
    coefficients: args.coefficients,
    layerSpan: args.layerSpan,
    samples: args.samples,
    styleScore: args.styleScore,
    judge: args.judge,
  };
}

function requestOf(args: SweepStartArgs): SweepRequestRecord {
  const { resumeId: _resumeId, article, ...settings } = args;
  const { title, text, source, wordCount, format } = article;
  return { article: { title, text, source, wordCount, format }, ...settings };
}

function bestSummary(result: SweepResult): SweepEntry['best'] {
  const cell = result.best.cell;
  if (!cell) return null;
  const { key, method, layerStart, layerEnd, coefficient, styleScore, contentScore } = cell;
  return { key, method, layerStart, layerEnd, coefficient, styleScore, contentScore };
}

export class SweepJobs {
  private readonly running = new RunningJobs();

  constructor(private readonly deps: SweepJobsDeps) {}

  get activeCount(): number {
    return this.running.size;
  }

  /** Checks the grid, saves the sweep's entry (new, or the resumed one), then returns its id; events follow. */
  async start(args: SweepStartArgs): Promise<string> {
    const spec = specOf(args);
    validateSweepSpec(spec);
    const { store } = this.deps;
    const request = requestOf(args);
    const grid = { total: gridOf(spec).length, title: args.article.title, style: args.style, pairId: args.pairId, vectorPath: args.vectorPath, methods: args.methods, layers: args.layers, coefficients: args.coefficients };
    let sweepId: string;
    if (args.resumeId) {
      sweepId = args.resumeId;
      await store.entry(sweepId);
      if (this.running.has(sweepId)) throw new IpcError('eval.busy', 'That sweep is already running.');
      await store.saveRequest(sweepId, request);
      await store.update(sweepId, { ...grid, status: 'running', message: undefined, modelId: this.deps.modelId() });
    } else {
      sweepId = await store.newId();
      const now = new Date().toISOString();
      await store.create(
        { id: sweepId, createdAt: now, updatedAt: now, ...grid, modelId: this.deps.modelId(), status: 'running', done: 0, best: null },
        request,
      );
    }
    this.running.start(sweepId, (signal) => this.run(sweepId, spec, signal));
    return sweepId;
  }

  cancel(sweepId: string): boolean {
    return this.running.cancel(sweepId);
  }

  cancelAll(): Promise<void> {
    return this.running.cancelAll();
  }

  /** A saved entry as the list shows it: one saved as running that runs nowhere here is interrupted. */
  listItem(entry: SweepEntry): SweepListItem {
    const running = this.running.has(entry.id);
    return { ...entry, status: entry.status === 'running' && !running ? 'interrupted' : entry.status, running };
  }

  async list(): Promise<{ items: SweepListItem[]; unreadable: { id: string; message: string }[] }> {
    const listing = await this.deps.store.list();
    return { items: listing.items.map((entry) => this.listItem(entry)), unreadable: listing.unreadable };
  }

  async get(sweepId: string): Promise<SweepDetail> {
    const saved = await this.deps.store.get(sweepId);
    const progress = saved.checkpoint ? { baselines: saved.checkpoint.baselines, cells: saved.checkpoint.cells } : null;
    return { entry: this.listItem(saved.entry), request: saved.request, result: saved.result, progress };
  }

  async delete(sweepId: string): Promise<void> {
    if (this.running.has(sweepId)) throw new IpcError('eval.busy', 'That sweep is running; cancel it before deleting it.');
    await this.deps.store.delete(sweepId);
  }

  private async run(sweepId: string, spec: SweepSpec, signal: AbortSignal): Promise<void> {
    const { emit, store } = this.deps;
    let result: SweepResult | undefined;
    try {
      for await (const event of this.deps.runner.sweep({ spec, resultPath: store.resultPath(sweepId) }, signal)) {
        if (event.type === 'baseline') emit('sweep.baseline', { sweepId, which: event.which, baseline: event.baseline, skipped: event.skipped });
        else if (event.type === 'cell') {
          // The entry first, so a list asked for on this event already shows the cell.
          if (!event.skipped) await store.update(sweepId, { done: event.done, total: event.total });
          emit('sweep.cell', { sweepId, cell: event.cell, skipped: event.skipped, done: event.done, total: event.total });
        } else result = event.result;
      }
      if (!result) throw new IpcError('sweep.failed', 'The sweep stopped without a result.');
    } catch (error) {
      const payload = toIpcErrorPayload(error);
      await store.update(sweepId, { status: 'failed', message: payload.message }).catch(() => undefined);
      emit('sweep.error', { sweepId, ...payload });
      return;
    }
    const cancelled = signal.aborted && !result.complete;
    const reason = describeBest(result.best, result.styleScore);
    const done = result.cells.filter((cell) => !cell.error).length;
    const status = result.complete ? 'complete' : cancelled ? 'cancelled' : 'incomplete';
    try {
      await store.update(sweepId, { status, done, total: result.total, best: bestSummary(result), bestReason: reason });
    } catch (error) {
      emit('sweep.error', { sweepId, ...toIpcErrorPayload(error) });
      return;
    }
    emit('sweep.done', { sweepId, best: result.best, reason, complete: result.complete, cancelled, result });
  }
}
