/**
 * Runs the engine worker with Node's child_process.fork (CLI, tests, the browser test bridge).
 * From source (this file is .ts) the worker is the sibling engine-worker.ts, run through tsx;
 * a built app passes the built worker's path.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { GpuMode } from '../llama';
import { isWorkerToHostMessage, type WorkerToHostMessage } from './protocol';
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

function defaultWorker(): { path: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    return { path: here.replace(/fork-transport\.ts$/, 'engine-worker.ts'), execArgv: ['--import', tsx] };
  }
  const built = here.replace(/fork-transport\.(m?js)$/, 'engine-worker.$1');
  return { path: built, execArgv: [] };
}

export function forkEngineTransport(options: ForkEngineTransportOptions = {}): ForkEngineTransport {
  const worker = options.workerPath
    ? { path: options.workerPath, execArgv: options.workerPath.endsWith('.ts') ? defaultWorker().execArgv : [] }
    : defaultWorker();
  if (!existsSync(worker.path)) throw new Error(`The engine worker script is missing: ${worker.path}`);

  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.threads !== undefined) env.STEERLING_THREADS = String(options.threads);
  if (options.gpu === false) env.STEERLING_GPU = 'off';

  const child: ChildProcess = fork(worker.path, [], {
    execArgv: worker.execArgv,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  let exitCode: number | null | undefined;
  const exitListeners: ((code: number | null) => void)[] = [];
  const exited = (code: number | null) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    for (const listener of exitListeners.splice(0)) listener(code);
  };
  child.once('exit', (code) => exited(code));
  // A failed spawn emits 'error' and maybe no 'exit'.
  child.once('error', () => exited(child.exitCode ?? null));

  return {
    get pid() {
      return child.pid;
    },
    send(message) {
      if (exitCode === undefined && child.connected) child.send(message);
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => {
        if (isWorkerToHostMessage(message)) listener(message as WorkerToHostMessage);
      });
    },
    onExit(listener) {
      if (exitCode !== undefined) listener(exitCode);
      else exitListeners.push(listener);
    },
    kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
    },
  };
}
