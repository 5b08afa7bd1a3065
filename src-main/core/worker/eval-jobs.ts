/**
 * The worker's side of `score`, `compare`, `sweep`, `probe` and `calibrate`: runs each on the in-process evaluation
 * runner, next to the loaded model, and streams its events to the host. Shares the worker's map
 * of running requests, so `cancel` and `dispose` stop evaluations like summaries.
 */
import { EvalError } from '../eval/errors';
import { localEvaluationRunner } from '../eval/local-runner';
import type { EvaluationRunner } from '../eval/runner';
import type { PairLibrary } from '../steering/pair-library';
import { PairLibraryStore } from '../steering/pair-library-store';
import type { LocalEngine } from '../engine/local-engine';
import { EngineError } from '../engine/types';
import type { EvalReplyMessage, EvalRequestMessage, EvalStreamEvent } from './eval-protocol';

export interface EvalJobsOptions {
  engine: LocalEngine;
  post(message: EvalReplyMessage): void;
  /** The worker's running requests by id: cancel aborts through it. */
  running: Map<number, AbortController>;
  /** Why the model cannot be used now (a load, a summary), or null when it can. */
  busy(): string | null;
  libraries?: () => Promise<readonly PairLibrary[]>;
}

function errorReply(id: number, error: unknown): EvalReplyMessage {
  if (error instanceof EvalError || error instanceof EngineError) {
    return { type: 'eval-error', id, name: error.name, code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'eval-error', id, name: 'EvalError', code: 'generation-failed', message: `The evaluation failed: ${message}` };
}

/** The libraries the worker's steering provider uses too: built-in plus STEERLING_PAIR_LIBRARY_DIR. */
function librariesFromEnv(env: NodeJS.ProcessEnv = process.env): (() => Promise<readonly PairLibrary[]>) | undefined {
  const directory = env.STEERLING_PAIR_LIBRARY_DIR?.trim();
  if (!directory) return undefined;
  const store = new PairLibraryStore(directory);
  return async () => (await store.list()).libraries;
}

export function createEvalJobs(options: EvalJobsOptions): { run(message: EvalRequestMessage): Promise<void> } {
  const runner: EvaluationRunner = localEvaluationRunner(options.engine, options.libraries ?? librariesFromEnv());

  function events(message: EvalRequestMessage, signal: AbortSignal): AsyncIterable<EvalStreamEvent> {
    switch (message.type) {
      case 'score':
        return (async function* () {
          yield { type: 'scores' as const, scores: await runner.score(message.request, signal) };
        })();
      case 'compare':
        return runner.compare(message.request, signal);
      case 'sweep':
        return runner.sweep(message.request, signal);
      case 'probe':
        return runner.probe(message.request, signal);
      case 'calibrate':
        return runner.calibrate(message.request, signal);
    }
  }

  return {
    async run(message) {
      const { id } = message;
      const busy = options.busy();
      if (busy) {
        options.post({ type: 'eval-error', id, name: 'EvalError', code: 'busy', message: busy });
        return;
      }
      const abort = new AbortController();
      options.running.set(id, abort);
      try {
        for await (const event of events(message, abort.signal)) options.post({ type: 'eval-event', id, event });
        options.post({ type: 'eval-end', id });
      } catch (error) {
        options.post(errorReply(id, error));
      } finally {
        options.running.delete(id);
      }
    },
  };
}
