/**
 * Runs summary jobs in the background for the backend: one AbortController per job, engine events
 * forwarded as contract events, and every finished (or stopped) summary saved to history before
 * `summary.done` announces it, so what the writer sees is always what was kept.
 */
import { randomUUID } from 'node:crypto';
import type { SummaryEngine, SummaryEvent, SummaryRequest, SummaryStats } from '../core/engine/types';
import type { HistoryRecord, NewHistoryRecord } from '../core/history/record';
import type { IpcErrorPayload, ParsedArgs } from '../ipc/contract';
import { IpcError, toIpcErrorPayload } from '../ipc/ipc-error';
import { RunningJobs } from './running-jobs';
import type { Emit } from './channel-types';

export type SummaryStartArgs = ParsedArgs<'summary.start'>;

export interface SummaryJobsDeps {
  engine: SummaryEngine;
  emit: Emit;
  saveRecord(record: NewHistoryRecord): Promise<HistoryRecord>;
  hashText(text: string): string;
}

type DoneEvent = Extract<SummaryEvent, { type: 'done' }>;

/** How a summary ended: saved (finished, or stopped with text), or not saved and why. */
export type SummaryOutcome = { record: HistoryRecord } | { error: IpcErrorPayload };

/** Errors that mean the engine process went away under a summary, not that the request was wrong. */
const ENGINE_STOPS = new Set(['engine.engine-crashed', 'engine.engine-hung']);

export class SummaryJobs {
  private readonly running = new RunningJobs();

  constructor(private readonly deps: SummaryJobsDeps) {}

  /**
   * Returns the job id at once; the job itself starts on a later turn of the event loop so that
   * the id reaches the caller before the first event does.
   */
  start(args: SummaryStartArgs): string {
    const jobId = randomUUID();
    this.running.start(jobId, async (signal) => void (await this.run(jobId, args, signal)));
    return jobId;
  }

  /**
   * Writes one summary now, under `jobId`, with the same events and saving as a started job, and
   * resolves with how it ended: for jobs that run summaries one after another (batches).
   */
  runNow(jobId: string, args: SummaryStartArgs, signal: AbortSignal): Promise<SummaryOutcome> {
    return this.run(jobId, args, signal);
  }

  /** How many summaries are being written now (evaluations wait for the model to be free). */
  get activeCount(): number {
    return this.running.size;
  }

  /** true when the job was still running and has now been asked to stop. */
  cancel(jobId: string): boolean {
    return this.running.cancel(jobId);
  }

  /** Stops every job and waits until each has saved what it had and sent its last event. */
  cancelAll(): Promise<void> {
    return this.running.cancelAll();
  }

  private async run(jobId: string, args: SummaryStartArgs, signal: AbortSignal): Promise<SummaryOutcome> {
    const { engine, emit } = this.deps;
    const startedAt = performance.now();
    let firstTextAt: number | undefined;
    let output = '';
    let done: DoneEvent | undefined;
    const modelAtStart = engine.currentModel();
    try {
      const request: SummaryRequest = {
        article: { title: args.article.title, text: args.article.text },
        mode: args.mode,
        style: args.style,
        sampling: args.sampling,
        steering: args.steering,
      };
      for await (const event of engine.summarize(request, signal)) {
        if (event.type === 'text') {
          firstTextAt ??= performance.now();
          output += event.text;
          emit('summary.text', { jobId, text: event.text });
        } else if (event.type === 'progress') {
          const { stage, done: partsDone, total } = event;
          emit('summary.progress', { jobId, stage, done: partsDone, total });
        } else {
          done = event;
        }
      }
      if (!done) {
        if (!signal.aborted) {
          throw new IpcError('engine.generation-failed', 'The engine stopped before the summary was finished.');
        }
        done = this.stoppedEarly(output, startedAt, firstTextAt);
      }
    } catch (error) {
      if (!signal.aborted) {
        const failure = toIpcErrorPayload(error);
        // The engine died or hung mid-summary: keep what it had written, as a stopped summary.
        if (ENGINE_STOPS.has(failure.code) && output.trim() !== '') {
          const saved = await this.save(args, this.stoppedEarly(output, startedAt, firstTextAt), modelAtStart?.id).then(
            () => true,
            () => false,
          );
          if (saved) failure.message += ' What it had written so far is saved in the history.';
        }
        emit('summary.error', { jobId, ...failure });
        return { error: failure };
      }
      // Some engines answer an abort by throwing: keep what was written before the stop.
      done = this.stoppedEarly(output, startedAt, firstTextAt);
    }

    if (done.cancelled && done.output.trim() === '') {
      const stopped = {
        code: 'summary.cancelled',
        message: 'The summary was stopped before any text was written, so nothing was saved.',
      };
      emit('summary.error', { jobId, ...stopped });
      return { error: stopped };
    }
    try {
      const record = await this.save(args, done, modelAtStart?.id);
      emit('summary.done', { jobId, record, stats: done.stats, cancelled: done.cancelled });
      return { record };
    } catch (error) {
      const { code, message } = toIpcErrorPayload(error);
      const unsaved = { code, message: `The summary was written but could not be saved to the history: ${message}` };
      emit('summary.error', { jobId, ...unsaved });
      return { error: unsaved };
    }
  }

  private save(args: SummaryStartArgs, done: DoneEvent, modelAtStart: string | undefined): Promise<HistoryRecord> {
    const modelId = modelAtStart ?? this.deps.engine.currentModel()?.id ?? 'unknown model';
    return this.deps.saveRecord({
      article: {
        title: args.article.title,
        source: args.article.source,
        textHash: this.deps.hashText(args.article.text),
        text: args.article.text,
        wordCount: args.article.wordCount,
      },
      mode: args.mode,
      style: args.style ?? null,
      sampling: args.sampling,
      steering: args.steering ?? null,
      modelId,
      output: done.output,
      stats: done.stats,
      cancelled: done.cancelled,
    });
  }

  /** A done event for a job the engine ended by throwing on abort, from what was streamed. */
  private stoppedEarly(output: string, startedAt: number, firstTextAt: number | undefined): DoneEvent {
    const now = performance.now();
    const stats: SummaryStats = {
      promptTokens: 0,
      outputTokens: 0,
      timeToFirstTokenMs: firstTextAt === undefined ? 0 : firstTextAt - startedAt,
      totalMs: now - startedAt,
      chunks: 0,
    };
    return { type: 'done', output, stats, cancelled: true };
  }
}
