/**
 * One summary job at a time: start, stream, stop. Events can arrive before `summary.start`
 * answers with the job id; the job follower holds them until the id is known and replays them.
 */
import type { Article } from '../../src-main/ipc/contract';
import type { SamplingSettings, SummaryMode, SummaryStats } from '../../src-main/ipc/contract';
import type { HistoryRecord } from '../../src-main/ipc/contract';
import type { SteeringSettings } from '../../src-main/ipc/contract';
import type { EventPayloads } from '../../src-main/ipc/contract';
import { ApiError, invoke, toApiError } from '../lib/api';
import { isBusy, onJobEvents, type JobEvent } from '../lib/job-events';
import { JobFollower } from '../lib/job-follower';

export type SummaryPhase = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'error';

export interface SummaryRequestInput {
  article: Article;
  mode: SummaryMode;
  style?: string;
  sampling: SamplingSettings;
  /** Steered mode only. */
  steering?: SteeringSettings;
}

type SummaryEvent = JobEvent<'summary', 'progress' | 'text' | 'done' | 'error'>;

class SummaryStore {
  phase = $state<SummaryPhase>('idle');
  text = $state('');
  articleTitle = $state('');
  /** The summarised article's text, to tell whether the article now loaded is another one. */
  articleText = $state.raw('');
  progress = $state.raw<Omit<EventPayloads['summary.progress'], 'jobId'> | null>(null);
  stats = $state.raw<SummaryStats | null>(null);
  record = $state.raw<HistoryRecord | null>(null);
  cancelled = $state(false);
  /** Pieces of text received so far (one per generated token, bar split characters) and the most the request allows. */
  tokens = $state(0);
  maxTokens = $state(0);
  error = $state.raw<ApiError | null>(null);

  #job = new JobFollower<SummaryEvent>({
    belongs: (event, jobId) => event.payload.jobId === jobId,
    apply: (event) => this.#apply(event),
  });

  get busy(): boolean {
    return isBusy(this.phase);
  }

  /** Subscribes to the job events; returns the unsubscribe function. */
  connect(): () => void {
    return onJobEvents('summary', ['progress', 'text', 'done', 'error'], (event) => this.#job.receive(event));
  }

  async start(input: SummaryRequestInput): Promise<void> {
    if (this.busy) return;
    this.phase = 'starting';
    this.text = '';
    this.articleTitle = input.article.title;
    this.articleText = input.article.text;
    this.tokens = 0;
    this.maxTokens = input.sampling.maxTokens;
    this.progress = null;
    this.stats = null;
    this.record = null;
    this.cancelled = false;
    this.error = null;
    try {
      const request = {
        article: input.article,
        mode: input.mode,
        ...(input.style ? { style: input.style } : {}),
        sampling: input.sampling,
        ...(input.steering ? { steering: input.steering } : {}),
      };
      await this.#job.start(() => invoke('summary.start', request), {
        idOf: (answer) => answer.jobId,
        started: () => {
          if (this.phase === 'starting') this.phase = 'running';
        },
      });
    } catch (error) {
      this.phase = 'error';
      this.error = toApiError(error);
    }
  }

  /** Back to no summary shown (another article and settings were brought in). */
  clear(): void {
    if (this.busy) return;
    this.phase = 'idle';
    this.text = '';
    this.articleTitle = '';
    this.articleText = '';
    this.progress = null;
    this.stats = null;
    this.record = null;
    this.cancelled = false;
    this.error = null;
  }

  async stop(): Promise<void> {
    const jobId = this.#job.id;
    if (!jobId || (this.phase !== 'running' && this.phase !== 'starting')) return;
    this.phase = 'stopping';
    try {
      await invoke('summary.cancel', { jobId });
    } catch (error) {
      // The job may have finished meanwhile; its own done/error event settles the phase.
      if (this.phase === 'stopping') {
        this.phase = 'error';
        this.error = toApiError(error);
      }
    }
  }

  #apply(event: SummaryEvent): void {
    switch (event.kind) {
      case 'progress':
        this.progress = { stage: event.payload.stage, done: event.payload.done, total: event.payload.total };
        break;
      case 'text':
        this.text += event.payload.text;
        this.tokens += 1;
        break;
      case 'done':
        // The saved record holds the final text; streamed pieces may have been trimmed.
        this.text = event.payload.record.output || this.text;
        this.record = event.payload.record;
        this.stats = event.payload.stats;
        this.cancelled = event.payload.cancelled;
        this.progress = null;
        this.phase = 'done';
        break;
      case 'error':
        this.error = new ApiError(event.payload.code, event.payload.message);
        this.progress = null;
        this.phase = 'error';
        break;
    }
  }
}

export const summary = new SummaryStore();
