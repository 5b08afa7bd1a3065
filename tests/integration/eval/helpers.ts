import type { LoadModelOptions, ModelInfo, SummaryEngine, SummaryEvent, SummaryRequest } from '../../../src-main/core/engine/types';

export const THREADS = 1;

export const ARTICLE = {
  title: 'Council approves new bridge',
  text: 'The city council approved a new bridge on Tuesday.\n\nWork starts in March and should take two years, officials said.',
};

/**
 * The real engine behind a counter: every summarize call is recorded, and `abortOnCall` aborts the
 * given controller as call number N starts, which the engine sees as a cancel of that summary.
 */
export class CountingEngine implements SummaryEngine {
  readonly calls: SummaryRequest[] = [];
  abortOnCall: { call: number; controller: AbortController } | null = null;

  constructor(private readonly inner: SummaryEngine) {}

  loadModel(path: string, options?: LoadModelOptions): Promise<ModelInfo> {
    return this.inner.loadModel(path, options);
  }

  currentModel(): ModelInfo | null {
    return this.inner.currentModel();
  }

  summarize(request: SummaryRequest, signal?: AbortSignal): AsyncIterable<SummaryEvent> {
    this.calls.push(request);
    if (this.abortOnCall?.call === this.calls.length) this.abortOnCall.controller.abort();
    return this.inner.summarize(request, signal);
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }

  /** "plain", "prompted", or "actadd@2-2x4" for steered calls. */
  callNames(): string[] {
    return this.calls.map((r) =>
      r.mode === 'steered' && r.steering ? `${r.steering.method}@${r.steering.layerStart}-${r.steering.layerEnd}x${r.steering.coefficient}` : r.mode,
    );
  }
}
