/**
 * The batch queue: several articles (dropped together, or opened together from the file manager)
 * summarised one after another with the settings of the moment. Each item's state comes from
 * `batch.item`, its progress from the `summary.progress` events of its own job id. Events can
 * arrive before `batch.start` answers with the ids; the job follower holds and replays them.
 */
import type { ChosenFile, EventPayloads } from '../../src-main/ipc/contract';
import { invoke, on, toApiError, type ApiError } from '../lib/api';
import { JobFollower } from '../lib/job-follower';
import { settings } from './settings.svelte';
import { steering } from './steering.svelte';

export type BatchItemState = EventPayloads['batch.item']['state'];

export interface BatchItem {
  itemId: string;
  name: string;
  state: BatchItemState;
  title?: string;
  recordId?: string;
  message?: string;
  progress: { done: number; total: number } | null;
}

type BatchEvent = { event: 'batch.item'; payload: EventPayloads['batch.item'] } | { event: 'summary.progress'; payload: EventPayloads['summary.progress'] };

class BatchStore {
  batchId = $state<string | null>(null);
  items = $state<BatchItem[]>([]);
  error = $state.raw<ApiError | null>(null);
  readonly active = $derived(this.items.some((item) => item.state === 'waiting' || item.state === 'summarising'));
  /** Follows the batch on screen; each item's own summary job is found by its id among the items. */
  #job = new JobFollower<BatchEvent>({
    belongs: (event, batchId) => event.event !== 'batch.item' || event.payload.batchId === batchId,
    apply: (event) => this.#apply(event),
  });

  connect(): () => void {
    const offs = [
      on('batch.item', (payload) => this.#job.receive({ event: 'batch.item', payload })),
      on('summary.progress', (payload) => this.#job.receive({ event: 'summary.progress', payload })),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Queues the files with the current mode and settings. */
  async start(files: ChosenFile[]): Promise<void> {
    this.error = null;
    try {
      const request = {
        files: files.map((file) => file.handle),
        mode: settings.mode,
        style: settings.mode === 'prompted' || (settings.mode === 'steered' && steering.prompt === 'styled') ? settings.style : undefined,
        sampling: settings.requestSampling(),
        steering: settings.mode === 'steered' ? steering.request() : undefined,
      };
      await this.#job.start(() => invoke('batch.start', request), {
        idOf: (started) => started.batchId,
        started: (started) => {
          this.batchId = started.batchId;
          this.items = started.items.map((item) => ({ ...item, state: 'waiting', progress: null }));
        },
      });
    } catch (error) {
      this.error = toApiError(error);
      // The queue on screen, if any, goes on.
      this.#job.follow(this.batchId);
    }
  }

  /** One item, or every item still waiting or running. */
  async cancel(itemId?: string): Promise<void> {
    if (!this.batchId) return;
    await invoke('batch.cancel', itemId ? { batchId: this.batchId, itemId } : { batchId: this.batchId }).catch((error: unknown) => {
      this.error = toApiError(error);
    });
  }

  /** Asks for several article files and queues them. */
  async choose(): Promise<void> {
    try {
      const files = await invoke('dialog.openArticles', {});
      if (files.length > 0) await this.start(files);
    } catch (error) {
      this.error = toApiError(error);
    }
  }

  /** History ids of the summaries this batch finished. */
  get finishedIds(): string[] {
    return this.items.filter((item) => item.state === 'done' && item.recordId).map((item) => item.recordId!);
  }

  /** Takes a finished queue off the screen; its summaries stay in the history. */
  clear(): void {
    if (this.active) return;
    this.batchId = null;
    this.items = [];
    this.error = null;
  }

  #apply({ event, payload }: BatchEvent): void {
    const itemId = event === 'batch.item' ? payload.itemId : payload.jobId;
    const item = this.items.find((candidate) => candidate.itemId === itemId);
    if (!item) return;
    if (event === 'summary.progress') {
      item.progress = { done: payload.done, total: payload.total };
      return;
    }
    item.state = payload.state;
    item.title = payload.title ?? item.title;
    item.recordId = payload.recordId ?? item.recordId;
    item.message = payload.message;
  }
}

export const batch = new BatchStore();
