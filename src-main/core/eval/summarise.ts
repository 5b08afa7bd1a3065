/**
 * One summary through any SummaryEngine (in-process or across the process boundary), collected
 * into its final text, with the time spent inside the engine measured separately from scoring.
 */
import type { SamplingSettings, SummaryEngine, SummaryMode, SummaryRequest, SummaryStats } from '../engine/types';
import type { SteeringSettings } from '../engine/steering-settings';

export interface SummaryConfig {
  mode: SummaryMode;
  style?: string;
  steering?: SteeringSettings;
}

export interface CollectedSummary {
  output: string;
  stats: SummaryStats;
  cancelled: boolean;
  /** Wall-clock milliseconds from the request to the done event. */
  generationMs: number;
}

export async function collectSummary(
  engine: SummaryEngine,
  article: { title: string; text: string },
  config: SummaryConfig,
  sampling: SamplingSettings,
  signal?: AbortSignal,
): Promise<CollectedSummary> {
  const request: SummaryRequest = { article, mode: config.mode, style: config.style, sampling, steering: config.steering };
  const started = performance.now();
  for await (const event of engine.summarize(request, signal)) {
    if (event.type === 'done') {
      return { output: event.output, stats: event.stats, cancelled: event.cancelled, generationMs: performance.now() - started };
    }
  }
  // An engine that ends without "done" was stopped from outside.
  return {
    output: '',
    stats: { promptTokens: 0, outputTokens: 0, timeToFirstTokenMs: 0, totalMs: 0, chunks: 0 },
    cancelled: true,
    generationMs: performance.now() - started,
  };
}
