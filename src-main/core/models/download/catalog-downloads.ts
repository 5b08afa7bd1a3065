/**
 * The running catalog downloads of one model manager: at most one task per catalog entry, its
 * state as a writer sees it (downloading, paused, verifying, done, failed, cancelled), and events
 * for every change. Bytes and their safety are the downloader's job; this module only keeps
 * score and tells listeners.
 */
import { join } from 'node:path';
import { discardPartial } from './download-state';
import { ModelDownloadTask, type DownloadOutcome } from './download-task';
import type { DownloadEvent, RestartReason } from './downloader';
import { ModelDownloadError, formatBytes } from '../errors';
import { catalogDownloadOptions, recordCatalogDownload, type CatalogDownloadSettings } from '../install';
import { describeModelError } from '../manager-errors';
import type { DownloadStateName, DownloadView } from '../model-views';
import type { DownloadProgress } from './progress-meter';
import type { Catalog, CatalogEntry } from '../catalog';

export type ModelManagerEvent =
  | { type: 'progress'; id: string; bytes: number; total: number | null; speed: number; etaSeconds: number | null }
  | { type: 'state'; id: string; state: DownloadStateName; message?: string; code?: string };

interface ActiveDownload {
  entry: CatalogEntry;
  catalog: Catalog;
  task: ModelDownloadTask;
  url: string;
  state: DownloadStateName;
  message: string | null;
  progress: DownloadProgress | null;
  /** The current run's bookkeeping; resolves after its final state event. */
  settled: Promise<void>;
}

export interface CatalogDownloadsOptions {
  modelsDir: string;
  emit: (event: ModelManagerEvent) => void;
}

const CANCELLED_MESSAGE = 'The download was cancelled; the partly downloaded file is deleted.';

export class CatalogDownloads {
  private readonly active = new Map<string, ActiveDownload>();
  /** The last failure per entry, shown beside its partial file until the next try. */
  private readonly failures = new Map<string, { code: string; message: string }>();

  constructor(private readonly options: CatalogDownloadsOptions) {}

  ids(): string[] {
    return [...this.active.keys()];
  }

  view(id: string): DownloadView | null {
    const active = this.active.get(id);
    if (!active) return null;
    const { entry, progress } = active;
    const failure = this.failures.get(id);
    return {
      id: entry.id,
      catalogId: entry.id,
      fileName: entry.file,
      label: entry.label,
      state: active.state,
      bytes: progress?.bytes ?? 0,
      total: progress?.total ?? entry.sizeBytes,
      speed: active.state === 'downloading' ? (progress?.speed ?? 0) : 0,
      etaSeconds: active.state === 'downloading' ? (progress?.etaSeconds ?? null) : null,
      message: active.message,
      code: active.state === 'failed' ? (failure?.code ?? null) : null,
    };
  }

  failure(id: string): { code: string; message: string } | null {
    return this.failures.get(id) ?? null;
  }

  /** Starts or resumes; returns at once (progress and the outcome arrive as events). */
  start(entry: CatalogEntry, catalog: Catalog, settings: CatalogDownloadSettings): DownloadView {
    const running = this.active.get(entry.id);
    if (running && (running.state === 'downloading' || running.state === 'verifying')) return this.view(entry.id)!;
    this.failures.delete(entry.id);
    // A paused download restarts as a new task: the bytes are on disk, and the hub address or
    // token may have changed since.
    const active = this.create(entry, catalog, settings);
    this.active.set(entry.id, active);
    active.state = 'downloading';
    active.message = null;
    this.options.emit({ type: 'state', id: entry.id, state: 'downloading' });
    active.settled = active.task.start().then(
      (outcome) => this.finish(active, outcome),
      (error: unknown) => this.fail(active, error),
    );
    return this.view(entry.id)!;
  }

  /** Stops the transfer and keeps every byte; null when this entry is not downloading here. */
  async pause(id: string): Promise<DownloadView | null> {
    const active = this.active.get(id);
    if (!active) return null;
    await active.task.pause();
    await active.settled;
    return this.view(id) ?? null;
  }

  /** Stops a running or paused download and deletes its partial file; false when it had already finished. */
  async cancel(entry: CatalogEntry): Promise<boolean> {
    const active = this.active.get(entry.id);
    if (active?.task.state === 'completed') {
      // Every byte is in and being installed: too late to cancel, the model is simply installed.
      await active.settled;
      return false;
    }
    if (active) {
      await active.task.cancel();
      await active.settled;
      this.active.delete(entry.id);
    } else {
      await discardPartial(join(this.options.modelsDir, entry.file));
    }
    this.failures.delete(entry.id);
    this.options.emit({ type: 'state', id: entry.id, state: 'cancelled', message: CANCELLED_MESSAGE });
    return true;
  }

  /** Shutting down: every running download keeps its bytes for next time. */
  async pauseAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.pause(id)));
  }

  private create(entry: CatalogEntry, catalog: Catalog, settings: CatalogDownloadSettings): ActiveDownload {
    const active = {} as ActiveDownload;
    const options = catalogDownloadOptions(entry, this.options.modelsDir, {
      ...settings,
      onProgress: (progress) => this.onProgress(active, progress),
      onEvent: (event) => this.onDownloadEvent(active, event),
    });
    Object.assign(active, {
      entry,
      catalog,
      task: new ModelDownloadTask(options),
      url: options.url,
      state: 'downloading',
      message: null,
      progress: null,
      settled: Promise.resolve(),
    } satisfies ActiveDownload);
    return active;
  }

  private onProgress(active: ActiveDownload, progress: DownloadProgress): void {
    active.progress = progress;
    const { bytes, total, speed, etaSeconds } = progress;
    this.options.emit({ type: 'progress', id: active.entry.id, bytes, total, speed, etaSeconds });
    // Every byte is in: the downloader compares the checksum next, then the file is inspected.
    if (total !== null && bytes >= total && active.state === 'downloading') {
      this.setState(active, 'verifying', 'Checking the downloaded file…');
    }
  }

  private onDownloadEvent(active: ActiveDownload, event: DownloadEvent): void {
    switch (event.type) {
      case 'rehashing':
        if (active.state === 'downloading') {
          this.setState(active, 'verifying', `Checking the ${formatBytes(event.total)} downloaded earlier…`);
        }
        break;
      case 'resuming':
        this.setState(active, 'downloading', event.fromBytes > 0 ? `Continuing from ${formatBytes(event.fromBytes)}.` : null);
        break;
      case 'restarting':
        this.setState(active, 'downloading', restartMessage(event.reason));
        break;
      case 'retrying':
        this.setState(active, 'downloading', `Connection problem (${event.reason}); trying again in ${Math.ceil(event.delayMs / 1000)} s.`);
        break;
    }
  }

  private async finish(active: ActiveDownload, outcome: DownloadOutcome): Promise<void> {
    const { entry } = active;
    if (outcome.status === 'paused') {
      const bytes = active.progress?.bytes ?? 0;
      const total = active.progress?.total ?? null;
      const at = total ? `${formatBytes(bytes)} of ${formatBytes(total)}` : formatBytes(bytes);
      this.setState(active, 'paused', `Paused at ${at}; the part downloaded so far is kept.`);
      return;
    }
    this.setState(active, 'verifying', 'Checking the downloaded file…');
    try {
      await recordCatalogDownload(entry, this.options.modelsDir, outcome.result, active.url, active.catalog);
    } catch (error) {
      this.fail(active, error);
      return;
    }
    this.active.delete(entry.id);
    this.setState(active, 'done', `${entry.label} is installed.`);
  }

  private fail(active: ActiveDownload, error: unknown): void {
    // A cancel reports itself once the partial file is gone (see cancel()).
    if (active.task.state === 'cancelled' && error instanceof ModelDownloadError && error.code === 'cancelled') return;
    const failure = describeModelError(error);
    this.failures.set(active.entry.id, failure);
    // The partial file stays (unless the checksum failed): the next start continues it.
    this.active.delete(active.entry.id);
    active.state = 'failed';
    active.message = failure.message;
    this.options.emit({ type: 'state', id: active.entry.id, state: 'failed', message: failure.message, code: failure.code });
  }

  private setState(active: ActiveDownload, state: DownloadStateName, message: string | null): void {
    if (active.state === state && active.message === message) return;
    active.state = state;
    active.message = message;
    this.options.emit({ type: 'state', id: active.entry.id, state, ...(message ? { message } : {}) });
  }
}

function restartMessage(reason: RestartReason): string {
  switch (reason) {
    case 'file-changed':
      return 'The file on the server changed since the download began, so it starts again from the beginning.';
    case 'range-ignored':
    case 'range-not-satisfiable':
      return 'The server cannot continue the earlier download, so it starts again from the beginning.';
    case 'partial-corrupt':
    case 'no-state':
      return 'The part downloaded earlier could not be trusted, so the download starts again from the beginning.';
  }
}
