/**
 * A download a window or CLI can pause, resume and cancel. Pausing stops the transfer and keeps
 * every byte; resuming continues with a Range request; cancelling deletes the partial file.
 */
import { discardPartial } from './download-state';
import { downloadModel, type DownloadModelOptions, type DownloadResult } from './downloader';
import { ModelDownloadError } from '../errors';

export type DownloadTaskState = 'idle' | 'downloading' | 'paused' | 'completed' | 'failed' | 'cancelled';

export type DownloadOutcome = { status: 'completed'; result: DownloadResult } | { status: 'paused' };

const PAUSE = Symbol('pause');
const CANCEL = Symbol('cancel');

export class ModelDownloadTask {
  private controller: AbortController | null = null;
  private running: Promise<DownloadOutcome> | null = null;
  private currentState: DownloadTaskState = 'idle';

  constructor(private readonly options: Omit<DownloadModelOptions, 'signal'>) {}

  get state(): DownloadTaskState {
    return this.currentState;
  }

  /** Starts or resumes. Resolves `paused` after pause(); rejects with ModelDownloadError otherwise. */
  start(): Promise<DownloadOutcome> {
    if (this.running) return this.running;
    if (this.currentState === 'completed' || this.currentState === 'cancelled') {
      return Promise.reject(new ModelDownloadError('cancelled', `This download is already ${this.currentState}.`));
    }
    const controller = new AbortController();
    this.controller = controller;
    this.currentState = 'downloading';
    this.running = this.run(controller).finally(() => {
      this.running = null;
      this.controller = null;
    });
    return this.running;
  }

  resume(): Promise<DownloadOutcome> {
    return this.start();
  }

  /** Stops the transfer, keeping the partial file; resolves once it has stopped. */
  async pause(): Promise<void> {
    const running = this.running;
    if (!running || !this.controller) return;
    this.controller.abort(PAUSE);
    await running.catch(() => undefined);
  }

  /** Stops the transfer and deletes the partial file. */
  async cancel(): Promise<void> {
    const running = this.running;
    this.controller?.abort(CANCEL);
    if (running) await running.catch(() => undefined);
    await discardPartial(this.options.dest);
    this.currentState = 'cancelled';
  }

  private async run(controller: AbortController): Promise<DownloadOutcome> {
    try {
      const result = await downloadModel({ ...this.options, signal: controller.signal });
      this.currentState = 'completed';
      return { status: 'completed', result };
    } catch (error) {
      if (controller.signal.reason === PAUSE && error instanceof ModelDownloadError && error.code === 'cancelled') {
        this.currentState = 'paused';
        return { status: 'paused' };
      }
      if (controller.signal.reason === CANCEL) {
        this.currentState = 'cancelled';
        throw new ModelDownloadError('cancelled', 'The download was cancelled; the partly downloaded file is deleted.', { cause: error });
      }
      this.currentState = 'failed';
      throw error;
    }
  }
}
