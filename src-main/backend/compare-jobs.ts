/**
 * Comparison jobs for the backend: each runs on the evaluation runner (in the engine's process),
 * forwards its progress as `compare.progress`, and is saved in the history as one item before
 * `compare.done` announces it, also when it was cancelled part-way, so it can be resumed.
 */
import { randomUUID } from 'node:crypto';
import type { ComparisonResult } from '../core/eval/compare/types';
import { validateCompareRequest } from '../core/eval/compare/compare';
import type { EvaluationRunner } from '../core/eval/runner';
import { hashText, type HistoryStore } from '../core/history';
import type { ComparisonRecord } from '../core/history/comparison-record';
import type { ParsedArgs } from '../ipc/contract';
import { IpcError, toIpcErrorPayload } from '../ipc/ipc-error';
import { RunningJobs } from './running-jobs';
import type { Emit } from './channel-types';

export type CompareStartArgs = ParsedArgs<'compare.start'>;

export interface CompareJobsDeps {
  runner: EvaluationRunner;
  emit: Emit;
  history(): Promise<HistoryStore>;
  modelId(): string;
}

export class CompareJobs {
  private readonly running = new RunningJobs();

  constructor(private readonly deps: CompareJobsDeps) {}

  get activeCount(): number {
    return this.running.size;
  }

  /** Checks the request (and the comparison to resume), then returns the job id; events follow. */
  async start(args: CompareStartArgs): Promise<string> {
    validateCompareRequest(args);
    const resume = args.resumeId ? await this.resumable(args) : undefined;
    const jobId = randomUUID();
    this.running.start(jobId, (signal) => this.run(jobId, args, resume, signal));
    return jobId;
  }

  cancel(jobId: string): boolean {
    return this.running.cancel(jobId);
  }

  cancelAll(): Promise<void> {
    return this.running.cancelAll();
  }

  private async resumable(args: CompareStartArgs): Promise<ComparisonRecord> {
    const saved = (await this.deps.history()).comparisons.get(args.resumeId!);
    if (!saved) throw new IpcError('compare.not-found', 'That comparison is no longer in the history; it may have been deleted.');
    if (saved.article.textHash !== hashText(args.article.text)) {
      throw new IpcError('eval.resume-mismatch', `The saved comparison is of another article ("${saved.article.title}"). Open that article to continue it, or start a new comparison.`);
    }
    if (JSON.stringify(saved.result.sampling) !== JSON.stringify(args.sampling)) {
      throw new IpcError('eval.resume-mismatch', 'The saved comparison used other sampling settings (seed, temperature, length…), so it cannot be continued with these. Use its settings, or start a new comparison.');
    }
    return saved;
  }

  private async run(jobId: string, args: CompareStartArgs, resume: ComparisonRecord | undefined, signal: AbortSignal): Promise<void> {
    const { emit } = this.deps;
    const modelId = this.deps.modelId();
    let result: ComparisonResult | undefined;
    try {
      const events = this.deps.runner.compare(
        {
          article: { title: args.article.title, text: args.article.text },
          configs: args.configs,
          sampling: args.sampling,
          judge: args.judge,
          style: args.style,
          resume: resume?.result,
        },
        signal,
      );
      for await (const event of events) {
        if (event.type === 'progress') emit('compare.progress', { ...event.progress, jobId });
        else result = event.result;
      }
      if (!result) throw new IpcError('compare.failed', 'The comparison stopped without a result.');
    } catch (error) {
      emit('compare.error', { jobId, ...toIpcErrorPayload(error) });
      return;
    }
    if (result.rows.length === 0 && !resume) {
      emit('compare.error', {
        jobId,
        code: 'compare.cancelled',
        message: 'The comparison was stopped before any configuration finished, so nothing was saved.',
      });
      return;
    }
    try {
      const store = await this.deps.history();
      const { article } = args;
      const saved = resume
        ? store.comparisons.update(resume.id, result, modelId)
        : store.comparisons.add({
            article: { title: article.title, source: article.source, textHash: hashText(article.text), text: article.text, wordCount: article.wordCount },
            modelId,
            result,
          });
      emit('compare.done', { jobId, comparisonId: saved.id, result, cancelled: signal.aborted && !result.complete });
    } catch (error) {
      const { code, message } = toIpcErrorPayload(error);
      emit('compare.error', { jobId, code, message: `The comparison finished but could not be saved to the history: ${message}` });
    }
  }
}
