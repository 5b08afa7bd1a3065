/**
 * Batches: many articles summarised one after another with one mode and one set of settings.
 * Each article is a summary job of its own (SummaryJobs.runNow, under the item's id), so its
 * progress, text and saving to the history are exactly a single summary's; the batch adds the
 * queue: each item's state, cancelling one or all, and going on after a failure.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Article } from '../core/articles/article';
import type { EventPayloads, IpcErrorPayload, ParsedArgs } from '../ipc/contract';
import { toIpcErrorPayload } from '../ipc/ipc-error';
import { RunningJobs } from './running-jobs';
import type { SummaryJobs } from './summary-jobs';
import type { Emit } from './channel-types';

export type BatchStartArgs = ParsedArgs<'batch.start'>;
export type BatchItemState = EventPayloads['batch.item']['state'];

export interface BatchJobsDeps {
  summaries: SummaryJobs;
  /** Reads one article file (a path the request checks already allowed). */
  importFile(path: string): Promise<Article>;
  emit: Emit;
}

interface Item {
  itemId: string;
  name: string;
  path: string;
  controller: AbortController;
}

const CANCELLED: IpcErrorPayload = { code: 'summary.cancelled', message: 'Cancelled before it started.' };

export class BatchJobs {
  private readonly running = new RunningJobs();
  private readonly items = new Map<string, Item[]>();

  constructor(private readonly deps: BatchJobsDeps) {}

  /** Queues every file at once (each `waiting`) and starts the first on a later turn. */
  start(args: BatchStartArgs): { batchId: string; items: { itemId: string; name: string }[] } {
    const batchId = randomUUID();
    const items = args.files.map((path) => ({ itemId: randomUUID(), name: basename(path), path, controller: new AbortController() }));
    this.items.set(batchId, items);
    this.running.start(batchId, (signal) => this.run(batchId, items, args, signal).finally(() => this.items.delete(batchId)));
    return { batchId, items: items.map(({ itemId, name }) => ({ itemId, name })) };
  }

  get activeCount(): number {
    return this.running.size;
  }

  /** One item (waiting or running), or the whole batch; how many items that stopped. */
  cancel(batchId: string, itemId?: string): number {
    const items = this.items.get(batchId);
    if (!items) return 0;
    const chosen = itemId === undefined ? items : items.filter((item) => item.itemId === itemId);
    let stopped = 0;
    for (const item of chosen) {
      if (item.controller.signal.aborted) continue;
      item.controller.abort();
      stopped++;
    }
    if (itemId === undefined) this.running.cancel(batchId);
    return stopped;
  }

  /** Stops every batch; what finished is in the history already, the running item saves its text. */
  cancelAll(): Promise<void> {
    return this.running.cancelAll();
  }

  private async run(batchId: string, items: Item[], args: BatchStartArgs, batchSignal: AbortSignal): Promise<void> {
    const { emit } = this.deps;
    const counts = { done: 0, failed: 0, cancelled: 0 };
    const report = (item: Item, state: BatchItemState, details: Partial<EventPayloads['batch.item']> = {}) => {
      if (state === 'done' || state === 'failed' || state === 'cancelled') counts[state]++;
      emit('batch.item', { batchId, itemId: item.itemId, name: item.name, state, ...details });
    };
    for (const item of items) report(item, 'waiting');
    for (const item of items) {
      const signal = AbortSignal.any([batchSignal, item.controller.signal]);
      if (signal.aborted) {
        report(item, 'cancelled', CANCELLED);
        continue;
      }
      report(item, 'summarising');
      let article: Article;
      try {
        article = await this.deps.importFile(item.path);
      } catch (error) {
        report(item, 'failed', toIpcErrorPayload(error));
        continue;
      }
      const { mode, style, sampling, steering } = args;
      const outcome = await this.deps.summaries.runNow(item.itemId, { article, mode, style, sampling, steering }, signal);
      if ('record' in outcome) {
        const { record } = outcome;
        report(item, record.cancelled ? 'cancelled' : 'done', { title: record.article.title, recordId: record.id });
      } else {
        report(item, signal.aborted ? 'cancelled' : 'failed', { title: article.title, ...outcome.error });
      }
    }
    emit('batch.done', { batchId, ...counts });
  }
}
