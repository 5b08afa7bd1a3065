/**
 * An in-process SummaryEngine that plays a script of events. The real engine has its own
 * integration tests; here the subject is the backend around it, so the engine's output must be
 * known exactly.
 */
import path from 'node:path';
import type { EngineState } from '../../../src-main/ipc/contract';
import {
  EngineError,
  type LoadModelOptions,
  type ModelInfo,
  type SummaryEngine,
  type SummaryEvent,
  type SummaryRequest,
  type SummaryStats,
} from '../../../src-main/core/engine/types';

export type Script = (request: SummaryRequest, signal: AbortSignal | undefined) => AsyncIterable<SummaryEvent>;

export const SCRIPTED_STATS: SummaryStats = {
  promptTokens: 321,
  outputTokens: 17,
  timeToFirstTokenMs: 12.5,
  totalMs: 250,
  chunks: 2,
};

/** Map/reduce progress, two text pieces, then done: what a long-article summary looks like. */
export const twoChunkScript: Script = async function* () {
  yield { type: 'progress', stage: 'map', done: 1, total: 2 };
  yield { type: 'progress', stage: 'map', done: 2, total: 2 };
  yield { type: 'progress', stage: 'reduce', done: 1, total: 1 };
  yield { type: 'text', text: 'Thou art ' };
  yield { type: 'text', text: 'summarised.' };
  yield { type: 'done', output: 'Thou art summarised.', stats: SCRIPTED_STATS, cancelled: false };
};

/** Resolves once the signal aborts (or at once when already aborted). */
export function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export class ScriptedEngine implements SummaryEngine {
  model: ModelInfo | null = null;
  readonly requests: SummaryRequest[] = [];
  readonly loads: { path: string; options?: LoadModelOptions }[] = [];
  disposed = false;
  private readonly stateListeners = new Set<(state: EngineState) => void>();

  constructor(public script: Script = twoChunkScript) {}

  async loadModel(modelPath: string, options?: LoadModelOptions): Promise<ModelInfo> {
    this.loads.push({ path: modelPath, options });
    if (!modelPath.endsWith('.gguf')) {
      throw new EngineError('model-load-failed', `"${path.basename(modelPath)}" is not a GGUF model file.`);
    }
    this.model = {
      id: path.basename(modelPath, '.gguf'),
      path: modelPath,
      architecture: 'llama',
      nLayer: 4,
      nEmbd: 64,
      contextSize: options?.contextSize ?? 2048,
      gpu: false,
    };
    return this.model;
  }

  currentModel(): ModelInfo | null {
    return this.model;
  }

  summarize(request: SummaryRequest, signal?: AbortSignal): AsyncIterable<SummaryEvent> {
    this.requests.push(request);
    return this.script(request, signal);
  }

  onState(listener: (state: EngineState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  emitState(state: EngineState): void {
    for (const listener of this.stateListeners) listener(state);
  }

  get stateListenerCount(): number {
    return this.stateListeners.size;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}
