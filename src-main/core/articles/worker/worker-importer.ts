/**
 * Imports articles in a worker process, so a hostile or broken file can cost at most one time
 * limit and one memory limit, never the app or the CLI. One import runs at a time; the worker
 * is reused while imports keep coming, killed on a hang, replaced after a crash, and stopped
 * when idle. Every failure, the worker's own included, reaches the caller as an
 * ArticleImportError: the article is not imported and nothing else is lost.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkProcess } from '../../process/fork-process';
import type { ProcessExit, ProcessTransport } from '../../process/transport';
import { ArticleImportError, type Article } from '../article';
import { importErrors } from '../errors';
import type { ImportLimits } from '../limits';
import { isImportReply, MEMORY_GUARD_MARK, type ImportReply, type ImportRequest } from './protocol';

/** What the app, the CLI and the test bridge import through. */
export interface ArticleImporter {
  importFile(path: string): Promise<Article>;
  importBytes(name: string, bytes: Uint8Array): Promise<Article>;
  dispose(): Promise<void>;
}

export type ImportTransport = ProcessTransport<ImportRequest, ImportReply>;

/** The launcher applies these: the heap as a V8 flag, the resident memory through the worker's guard. */
export interface ImportWorkerMemory {
  heapMb: number;
  rssMb: number;
}

export type ImportWorkerLauncher = (memory: ImportWorkerMemory) => ImportTransport;

export interface WorkerImporterOptions {
  /** Starts a worker; default: a forked Node process (forkImportWorker). */
  launch?: ImportWorkerLauncher;
  /** Longest one import may take. Default 30 s. */
  timeoutMs?: number;
  /** JavaScript heap of the worker. Default 1,024 MB. */
  heapMb?: number;
  /** All memory of the worker. Default 1,536 MB. */
  rssMb?: number;
  /** An idle worker is stopped after this long. Default 10 s. */
  idleMs?: number;
  /** Per-format limits (the importer's defaults otherwise). */
  limits?: Partial<ImportLimits>;
}

export const DEFAULT_IMPORT_TIMEOUT_MS = 30_000;
export const DEFAULT_IMPORT_HEAP_MB = 1024;
export const DEFAULT_IMPORT_RSS_MB = 1536;
/** How long a killed worker may take to be reported gone. */
const KILL_GRACE_MS = 5_000;

/** One import's result, with what the worker measured (the fuzz report uses it). */
export type ImportOutcome = ({ article: Article } | { error: ArticleImportError }) & { peakRssBytes?: number };

type ImportJob = { type: 'import-path'; path: string } | { type: 'import-bytes'; name: string; bytes: Uint8Array };

interface RunningWorker {
  transport: ImportTransport;
  replies: Map<number, (reply: ImportReply) => void>;
  deaths: Map<number, (code: number | null, exit?: ProcessExit) => void>;
}

/** Forks the import worker beside this file with Node (tsx from source). */
export function forkImportWorker(memory: ImportWorkerMemory, script?: string): ImportTransport & { readonly pid: number | undefined } {
  return forkProcess<ImportRequest, ImportReply>({
    script: script ?? fileURLToPath(import.meta.url).replace(/worker-importer\.(ts|m?js)$/, 'import-worker.$1'),
    execArgv: [`--max-old-space-size=${memory.heapMb}`],
    env: { STEERLING_IMPORT_RSS_MB: String(memory.rssMb) },
    accepts: isImportReply,
    captureStderr: true,
    detached: true,
  });
}

export class WorkerArticleImporter implements ArticleImporter {
  private worker: RunningWorker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private readonly launch: ImportWorkerLauncher;
  private readonly timeoutMs: number;
  private readonly memory: ImportWorkerMemory;

  constructor(private readonly options: WorkerImporterOptions = {}) {
    this.launch = options.launch ?? ((memory) => forkImportWorker(memory));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS;
    this.memory = { heapMb: options.heapMb ?? DEFAULT_IMPORT_HEAP_MB, rssMb: options.rssMb ?? DEFAULT_IMPORT_RSS_MB };
  }

  /** The running worker's transport (tests check it is gone after a kill). */
  get currentTransport(): ImportTransport | undefined {
    return this.worker?.transport;
  }

  async importFile(path: string): Promise<Article> {
    return unwrap(await this.run({ type: 'import-path', path }));
  }

  async importBytes(name: string, bytes: Uint8Array): Promise<Article> {
    return unwrap(await this.run({ type: 'import-bytes', name, bytes }));
  }

  /** Never rejects: every failure is an outcome. */
  run(job: ImportJob): Promise<ImportOutcome> {
    this.waiting++;
    clearTimeout(this.idleTimer);
    const result = this.queue.then(() => this.runNow(job));
    this.queue = result.finally(() => {
      this.waiting--;
      this.scheduleIdleStop();
    });
    return result;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    await this.stopWorker();
  }

  private runNow(job: ImportJob): Promise<ImportOutcome> {
    const name = basename(job.type === 'import-path' ? job.path : job.name);
    if (this.disposed) return Promise.resolve({ error: importErrors.crashed(name, 'Steerling is shutting down') });
    let worker: RunningWorker;
    try {
      worker = this.startedWorker();
    } catch (error) {
      return Promise.resolve({ error: importErrors.crashed(name, `it could not start: ${(error as Error).message}`) });
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      let timedOut = false;
      let timer: NodeJS.Timeout;
      const finish = (outcome: ImportOutcome) => {
        clearTimeout(timer);
        worker.replies.delete(id);
        worker.deaths.delete(id);
        resolve(outcome);
      };
      timer = setTimeout(() => {
        timedOut = true;
        // The outcome follows the exit, so when the caller hears of it the worker is gone. The
        // second timer keeps this process alive until then and answers if the exit never comes.
        timer = setTimeout(() => finish({ error: importErrors.timedOut(name, this.timeoutSeconds) }), KILL_GRACE_MS);
        worker.transport.kill();
      }, this.timeoutMs);
      worker.replies.set(id, (reply) => {
        // Parsers leave garbage the heap keeps until its limit; a fresh process gives it back.
        if (reply.rssBytes > (this.memory.rssMb * 1024 * 1024) / 2) void this.stopWorker();
        finish(
          reply.type === 'article'
            ? { article: reply.article, peakRssBytes: reply.peakRssBytes }
            : { error: new ArticleImportError(reply.code, reply.message), peakRssBytes: reply.peakRssBytes },
        );
      });
      worker.deaths.set(id, (code, exit) => finish({ error: this.deathError(name, timedOut, code, exit) }));
      worker.transport.send({ ...job, id, limits: this.options.limits ?? {} } as ImportRequest);
    });
  }

  private get timeoutSeconds(): number {
    return Math.round(this.timeoutMs / 100) / 10;
  }

  private deathError(name: string, timedOut: boolean, code: number | null, exit?: ProcessExit): ArticleImportError {
    if (timedOut) return importErrors.timedOut(name, this.timeoutSeconds);
    const said = exit?.stderrTail ?? '';
    if (said.includes(MEMORY_GUARD_MARK)) return importErrors.outOfMemory(name, this.memory.rssMb);
    // V8 says so on stderr and aborts the process when the heap limit is reached.
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(said) || exit?.signal === 'SIGABRT' || code === 134) {
      return importErrors.outOfMemory(name, this.memory.heapMb);
    }
    return importErrors.crashed(name, exit?.signal ? `signal ${exit.signal}` : `exit code ${code}`);
  }

  private startedWorker(): RunningWorker {
    if (this.worker) return this.worker;
    const transport = this.launch(this.memory);
    const worker: RunningWorker = { transport, replies: new Map(), deaths: new Map() };
    transport.onMessage((reply) => worker.replies.get(reply.id)?.(reply));
    transport.onExit((code, exit) => {
      if (this.worker === worker) this.worker = undefined;
      for (const died of [...worker.deaths.values()]) died(code, exit);
    });
    this.worker = worker;
    return worker;
  }

  private scheduleIdleStop(): void {
    if (this.waiting > 0 || !this.worker) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stopWorker(), this.options.idleMs ?? 10_000);
    this.idleTimer.unref();
  }

  private stopWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    this.worker = undefined;
    return new Promise((resolve) => {
      // Also keeps this process alive until the exit is seen: the worker itself does not.
      const grace = setTimeout(resolve, KILL_GRACE_MS);
      worker.transport.onExit(() => {
        clearTimeout(grace);
        resolve();
      });
      worker.transport.kill();
    });
  }
}

function unwrap(outcome: ImportOutcome): Article {
  if ('error' in outcome) throw outcome.error;
  return outcome.article;
}
