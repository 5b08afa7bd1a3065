/**
 * The engine seen from the app: the same SummaryEngine interface as LocalEngine, but the model
 * lives in a worker process, so a native crash or an out-of-memory load cannot take the window
 * down. When the worker dies, calls in flight fail with EngineError('engine-crashed'), a new
 * worker starts and the last model is loaded again. A crash loop (several crashes within a
 * minute) stops the restarts until the user loads a model again. A worker that hangs is treated
 * the same way: a watchdog pings it while work is in flight, and one that answers nothing for
 * `hangTimeoutMs` (or runs an operation that reports nothing for `stallTimeoutMs`) is killed,
 * its calls fail with EngineError('engine-hung'), and it restarts with the model reloaded.
 */
import type { EngineState } from '../engine/types';
import {
  EngineError,
  type LoadModelOptions,
  type ModelInfo,
  type SummaryEngine,
  type SummaryEvent,
  type SummaryRequest,
} from '../engine/types';
import { EventQueue } from '../engine/event-queue';
import { isEngineErrorCode, type HostToWorkerMessage, type WorkerToHostMessage } from './protocol';
import { checkWorkerMessage } from './protocol-schemas';
import type { EngineTransport, EngineTransportFactory } from './transport';
import type { VectorBuilder, VectorBuildOptions, VectorBuildProgress, VectorBuildRequest, VectorBuildResult } from './vector-build';
import type { CompareEvent, CompareJob, EvaluationRunner, ScoreJob, SweepJob } from '../eval/runner';
import type { SummaryScores } from '../eval/score-types';
import type { SweepEvent } from '../eval/sweep/types';
import type { CalibrateEvent, CalibrateJob } from '../eval/calibrate';
import type { ProbeEvent, ProbeJob } from '../eval/probe';
import { routeEvalReply, scoresOf } from './eval-client';
import { isEvalReply, type EvalRequestMessage, type EvalStreamEvent } from './eval-protocol';

export interface EngineClientOptions {
  /** Crashes tolerated within `crashWindowMs` before restarts stop. Default 3. */
  maxCrashes?: number;
  crashWindowMs?: number;
  /** How long dispose waits for the worker to shut down cleanly before killing it. Default 5 s. */
  disposeTimeoutMs?: number;
  /** While work is in flight, a worker silent this long (not even answering a ping) is hung. Default 30 s; 0: never. */
  hangTimeoutMs?: number;
  /**
   * A summary, evaluation or vector build with no event for this long is hung, even if the worker
   * still answers pings (a native call that never returns). Default 10 minutes; 0: never. Loads
   * report no progress, so only `hangTimeoutMs` applies to them.
   */
  stallTimeoutMs?: number;
}

type Pending =
  | { kind: 'load'; resolve: (model: ModelInfo) => void; reject: (error: EngineError) => void }
  | { kind: 'summarize'; queue: EventQueue<SummaryEvent> }
  | { kind: 'dispose'; resolve: () => void }
  | { kind: 'eval'; queue: EventQueue<EvalStreamEvent> }
  | {
      kind: 'vector';
      resolve: (result: VectorBuildResult) => void;
      reject: (error: EngineError) => void;
      onProgress?: (progress: VectorBuildProgress) => void;
    };

interface WorkerHandle {
  transport: EngineTransport;
  /** Resolves when the worker (and any automatic model reload) is ready; rejects if it dies first. */
  ready: Promise<void>;
  exited: Promise<void>;
  alive: boolean;
}

const CRASH_MESSAGE =
  'The summary engine stopped unexpectedly (often because the model ran out of memory).';

export class EngineClient implements SummaryEngine, VectorBuilder, EvaluationRunner {
  private worker: WorkerHandle | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private model: ModelInfo | null = null;
  private lastLoad: { path: string; options?: LoadModelOptions } | null = null;
  private state: EngineState = { state: 'starting' };
  private readonly listeners = new Set<(state: EngineState) => void>();
  private crashTimes: number[] = [];
  private stoppedRestarting: string | null = null;
  private disposed = false;
  /** When the current worker last said anything, and when each request last heard of its work. */
  private lastHeard = Date.now();
  private readonly lastProgress = new Map<number, number>();
  /** Why the watchdog killed the current worker; the exit that follows reports it. */
  private hungBecause: string | null = null;
  private readonly watchdog: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly createTransport: EngineTransportFactory,
    private readonly options: EngineClientOptions = {},
  ) {
    this.start(false);
    const timeouts = [this.options.hangTimeoutMs ?? 30_000, this.options.stallTimeoutMs ?? 600_000].filter((ms) => ms > 0);
    if (timeouts.length > 0) {
      this.watchdog = setInterval(() => this.watch(), Math.max(20, Math.min(...timeouts) / 4));
      this.watchdog.unref?.();
    }
  }

  /** Reports the current state at once, then every change. Returns an unsubscribe function. */
  onState(listener: (state: EngineState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  currentModel(): ModelInfo | null {
    return this.model;
  }

  async loadModel(path: string, options?: LoadModelOptions): Promise<ModelInfo> {
    this.ensureNotDisposed();
    // Loading a model is how a user retries after the engine gave up restarting.
    if (!this.worker) this.start(false);
    const worker = this.worker!;
    await worker.ready;
    return this.load(worker, path, options);
  }

  summarize(request: SummaryRequest, signal?: AbortSignal): AsyncIterable<SummaryEvent> {
    return this.stream(request, signal);
  }

  /** Builds and saves a steering vector in the worker, with its loaded model. */
  async buildVector(request: VectorBuildRequest, options: VectorBuildOptions = {}): Promise<VectorBuildResult> {
    this.ensureNotDisposed();
    const worker = this.worker;
    if (!worker) throw new EngineError('engine-crashed', `${this.stoppedRestarting ?? CRASH_MESSAGE} Load a model to start it again.`);
    await worker.ready;
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new EngineError('invalid-request', 'Building the vector was cancelled; nothing was saved.');
    const id = this.nextId++;
    const cancel = () => worker.transport.send({ type: 'cancel', id });
    try {
      return await new Promise<VectorBuildResult>((resolve, reject) => {
        this.pending.set(id, { kind: 'vector', resolve, reject, onProgress });
        this.lastProgress.set(id, Date.now());
        signal?.addEventListener('abort', cancel, { once: true });
        worker.transport.send({ type: 'buildVector', id, request });
        if (signal?.aborted) cancel();
      });
    } finally {
      signal?.removeEventListener('abort', cancel);
      this.pending.delete(id);
      this.lastProgress.delete(id);
    }
  }

  /** Scores, comparisons and sweeps run in the worker, where the model is (eval-protocol.ts). */
  score(request: ScoreJob, signal?: AbortSignal): Promise<SummaryScores> {
    return scoresOf(this.evaluate((id) => ({ type: 'score', id, request }), signal));
  }

  compare(request: CompareJob, signal?: AbortSignal): AsyncIterable<CompareEvent> {
    return this.evaluate((id) => ({ type: 'compare', id, request }), signal) as AsyncIterable<CompareEvent>;
  }

  sweep(request: SweepJob, signal?: AbortSignal): AsyncIterable<SweepEvent> {
    return this.evaluate((id) => ({ type: 'sweep', id, request }), signal) as AsyncIterable<SweepEvent>;
  }

  probe(request: ProbeJob, signal?: AbortSignal): AsyncIterable<ProbeEvent> {
    return this.evaluate((id) => ({ type: 'probe', id, request }), signal) as AsyncIterable<ProbeEvent>;
  }

  calibrate(request: CalibrateJob, signal?: AbortSignal): AsyncIterable<CalibrateEvent> {
    return this.evaluate((id) => ({ type: 'calibrate', id, request }), signal) as AsyncIterable<CalibrateEvent>;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const worker = this.worker;
    if (worker?.alive) {
      const id = this.nextId++;
      const replied = new Promise<void>((resolve) => this.pending.set(id, { kind: 'dispose', resolve }));
      worker.transport.send({ type: 'dispose', id });
      const timeout = this.options.disposeTimeoutMs ?? 5000;
      await Promise.race([Promise.race([replied, worker.exited]).then(() => worker.exited), delay(timeout)]);
      worker.transport.kill();
    }
    this.failAll(new EngineError('engine-crashed', 'The summary engine was shut down.'));
    this.listeners.clear();
  }

  private evaluate(message: (id: number) => EvalRequestMessage, signal?: AbortSignal): AsyncGenerator<EvalStreamEvent, void, void> {
    return this.queued<EvalStreamEvent>((queue) => ({ kind: 'eval', queue }), message, signal);
  }

  private stream(request: SummaryRequest, signal?: AbortSignal): AsyncGenerator<SummaryEvent, void, void> {
    return this.queued<SummaryEvent>((queue) => ({ kind: 'summarize', queue }), (id) => ({ type: 'summarize', id, request }), signal);
  }

  /** A request whose replies stream into a queue until its end; cancelled when the reader stops early. */
  private async *queued<T>(
    pending: (queue: EventQueue<T>) => Pending,
    message: (id: number) => HostToWorkerMessage,
    signal?: AbortSignal,
  ): AsyncGenerator<T, void, void> {
    this.ensureNotDisposed();
    const worker = this.worker;
    if (!worker) throw new EngineError('engine-crashed', `${this.stoppedRestarting ?? CRASH_MESSAGE} Load a model to start it again.`);
    await worker.ready;
    const id = this.nextId++;
    const queue = new EventQueue<T>();
    this.pending.set(id, pending(queue));
    this.lastProgress.set(id, Date.now());
    const cancel = () => worker.transport.send({ type: 'cancel', id });
    signal?.addEventListener('abort', cancel, { once: true });
    worker.transport.send(message(id));
    if (signal?.aborted) cancel();
    try {
      yield* queue.drain();
    } finally {
      signal?.removeEventListener('abort', cancel);
      // The consumer stopped reading before the end: stop the worker too.
      if (!queue.finished) cancel();
      this.pending.delete(id);
      this.lastProgress.delete(id);
    }
  }

  private load(worker: WorkerHandle, path: string, options?: LoadModelOptions): Promise<ModelInfo> {
    const id = this.nextId++;
    this.setState({ state: 'loading', path });
    return new Promise<ModelInfo>((resolve, reject) => {
      this.pending.set(id, {
        kind: 'load',
        resolve: (model) => {
          this.model = model;
          this.lastLoad = { path, options };
          this.setState({ state: 'ready', model });
          resolve(model);
        },
        reject: (error) => {
          if (worker.alive) this.setState({ state: 'ready', model: this.model });
          reject(error);
        },
      });
      worker.transport.send({ type: 'load', id, path, options });
    });
  }

  private start(reloadLastModel: boolean): void {
    this.stoppedRestarting = null;
    this.lastHeard = Date.now();
    this.setState({ state: 'starting' });
    let markReady!: () => void;
    let markDead!: (error: EngineError) => void;
    const started = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markDead = reject;
    });
    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => (markExited = resolve));

    let transport: EngineTransport;
    try {
      transport = this.createTransport();
    } catch (error) {
      this.worker = null;
      this.stoppedRestarting = `The summary engine could not start: ${(error as Error).message}`;
      this.setState({ state: 'crashed', message: this.stoppedRestarting, restarting: false });
      return;
    }
    const handle: WorkerHandle = { transport, ready: started, exited, alive: true };
    handle.ready = started.then(async () => {
      const last = this.lastLoad;
      if (reloadLastModel && last) {
        await this.load(handle, last.path, last.options).catch(() => undefined);
      } else {
        this.setState({ state: 'ready', model: this.model });
      }
    });
    handle.ready.catch(() => undefined);
    this.worker = handle;

    transport.onMessage((raw) => {
      if (this.worker === handle) this.lastHeard = Date.now();
      const checked = checkWorkerMessage(raw);
      if (!checked.ok) {
        this.refuse(checked.id, checked.problem);
        return;
      }
      const message = checked.message;
      if (message.type === 'state') markReady();
      else if (message.type !== 'pong') {
        if (this.lastProgress.has(message.id)) this.lastProgress.set(message.id, Date.now());
        this.receive(message);
      }
    });
    transport.onExit((code) => {
      handle.alive = false;
      markExited();
      markDead(new EngineError('engine-crashed', CRASH_MESSAGE));
      if (this.worker === handle) this.crashed(code);
    });
  }

  private receive(message: Exclude<WorkerToHostMessage, { type: 'state' }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'error') {
      const error = new EngineError(isEngineErrorCode(message.code) ? message.code : 'generation-failed', message.message);
      this.pending.delete(message.id);
      if (pending.kind === 'load') {
        if (message.model !== undefined) this.model = message.model;
        pending.reject(error);
      } else if (pending.kind === 'summarize') pending.queue.fail(error);
      else if (pending.kind === 'vector') pending.reject(error);
      else if (pending.kind === 'eval') pending.queue.fail(error);
      return;
    }
    if (pending.kind === 'eval') {
      if (isEvalReply(message) && routeEvalReply(message, pending.queue)) this.pending.delete(message.id);
      return;
    }
    if (pending.kind === 'vector') {
      if (message.type === 'vectorProgress') pending.onProgress?.(message.progress);
      else if (message.type === 'vectorBuilt') {
        this.pending.delete(message.id);
        pending.resolve(message.result);
      }
      return;
    }
    if (message.type === 'loaded' && pending.kind === 'load') {
      this.pending.delete(message.id);
      pending.resolve(message.model);
    } else if (message.type === 'disposed' && pending.kind === 'dispose') {
      this.pending.delete(message.id);
      pending.resolve();
    } else if (pending.kind === 'summarize' && (message.type === 'text' || message.type === 'progress' || message.type === 'done')) {
      const { id: _id, ...event } = message;
      pending.queue.push(event as SummaryEvent);
      if (message.type === 'done') pending.queue.end();
    }
  }

  private crashed(code: number | null): void {
    if (this.disposed) {
      this.failAll(new EngineError('engine-crashed', 'The summary engine was shut down.'));
      return;
    }
    const loadingWhenItDied = [...this.pending.values()].some((p) => p.kind === 'load');
    const hung = this.hungBecause;
    this.hungBecause = null;
    const detail = hung ? '' : code === null ? '' : ` (exit code ${code})`;
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < (this.options.crashWindowMs ?? 60_000));
    this.crashTimes.push(now);
    const restarting = this.crashTimes.length <= (this.options.maxCrashes ?? 3);
    const what = hung ? `The summary engine stopped responding (${hung}), so it was stopped` : `${CRASH_MESSAGE.slice(0, -1)}${detail}`;
    const message = restarting
      ? `${what}. It is restarting${this.lastLoad && !loadingWhenItDied ? ' and will reload your model' : ''}.`
      : `${what}, several times in a row, so it was not restarted.`;
    this.failAll(new EngineError(hung ? 'engine-hung' : 'engine-crashed', message));
    this.model = null;
    // A model that was loading when the process died is the likely cause: do not load it again by itself.
    if (loadingWhenItDied) this.lastLoad = null;
    this.setState({ state: 'crashed', message, restarting });
    if (restarting) {
      this.start(true);
    } else {
      this.worker = null;
      this.stoppedRestarting = message;
    }
  }

  /** A malformed message from the worker: the request it names (if any) stops with a clear error. */
  private refuse(id: number | null, problem: string): void {
    console.error(`steerling: the engine process sent ${problem}`);
    const pending = id === null ? undefined : this.pending.get(id);
    if (id === null || !pending) return;
    this.pending.delete(id);
    this.lastProgress.delete(id);
    const error = new EngineError('protocol-error', `The engine process sent ${problem}, so the request was stopped.`);
    if (pending.kind === 'load' || pending.kind === 'vector') pending.reject(error);
    else if (pending.kind === 'summarize' || pending.kind === 'eval') pending.queue.fail(error);
    else pending.resolve();
  }

  /** The watchdog's round: ping a busy worker, and stop one that hangs. */
  private watch(): void {
    const worker = this.worker;
    if (!worker?.alive || this.disposed || this.hungBecause) return;
    const now = Date.now();
    const busy = [...this.pending.values()].some((p) => p.kind !== 'dispose');
    if (!busy) {
      // Silence while idle is not a hang: the clock starts with the next piece of work.
      this.lastHeard = now;
      return;
    }
    const hangMs = this.options.hangTimeoutMs ?? 30_000;
    const stallMs = this.options.stallTimeoutMs ?? 600_000;
    if (hangMs > 0 && now - this.lastHeard > hangMs) {
      this.stopHungWorker(worker, `no answer for ${seconds(hangMs)}`);
      return;
    }
    if (stallMs > 0 && [...this.lastProgress.values()].some((at) => now - at > stallMs)) {
      this.stopHungWorker(worker, `no progress for ${seconds(stallMs)}`);
      return;
    }
    worker.transport.send({ type: 'ping', id: 0 });
  }

  private stopHungWorker(worker: WorkerHandle, reason: string): void {
    this.hungBecause = reason;
    // The exit this causes goes through crashed(): calls fail, the worker restarts, the model reloads.
    worker.transport.kill();
  }

  private failAll(error: EngineError): void {
    this.lastProgress.clear();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) {
      if (p.kind === 'load' || p.kind === 'vector') p.reject(error);
      else if (p.kind === 'summarize' || p.kind === 'eval') p.queue.fail(error);
      else p.resolve();
    }
  }

  private setState(state: EngineState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  private ensureNotDisposed(): void {
    if (this.disposed) throw new EngineError('engine-crashed', 'The summary engine was shut down.');
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

export type { HostToWorkerMessage, WorkerToHostMessage };
