/**
 * Runs the engine worker with Node's child_process.fork (CLI, tests, the browser test bridge).
 * From source (this file is .ts) the worker is the sibling engine-worker.ts, run through tsx;
 * a built app passes the built worker's path.
 */
import { fileURLToPath } from 'node:url';
import { forkProcess, type ForkedProcess } from '../process/fork-process';
import type { GpuMode } from '../engine/llama';
import { isWorkerToHostMessage, type HostToWorkerMessage, type WorkerToHostMessage } from './protocol';
import type { EngineTransport } from './transport';

export interface ForkEngineTransportOptions {
  /** Built worker script (.js/.mjs). Default: the engine-worker beside this file. */
  workerPath?: string;
  /** Threads for the worker's contexts (sets STEERLING_THREADS). */
  threads?: number;
  /** false for CPU only (sets STEERLING_GPU=off). */
  gpu?: GpuMode;
  /** Extra environment on top of this process's. */
  env?: NodeJS.ProcessEnv;
}

export interface ForkEngineTransport extends EngineTransport {
  /** The worker's process id (undefined if it failed to spawn). */
  readonly pid: number | undefined;
}

function defaultWorker(): string {
  return fileURLToPath(import.meta.url).replace(/fork-transport\.(ts|m?js)$/, 'engine-worker.$1');
}

export function forkEngineTransport(options: ForkEngineTransportOptions = {}): ForkEngineTransport {
  const env: NodeJS.ProcessEnv = { ...options.env };
  if (options.threads !== undefined) env.STEERLING_THREADS = String(options.threads);
  if (options.gpu === false) env.STEERLING_GPU = 'off';
  const child: ForkedProcess<HostToWorkerMessage, WorkerToHostMessage> = forkProcess({
    script: options.workerPath ?? defaultWorker(),
    env,
    accepts: isWorkerToHostMessage,
  });
  return child;
}
