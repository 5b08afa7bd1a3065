/**
 * Starts a worker script in an Electron utilityProcess: a crash, a hang or an out-of-memory
 * there kills that process, not the window. Shared by the engine and the article importer.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import { tailKeeper, type ProcessExit, type ProcessTransport } from '../core/process/transport';

export interface UtilityProcessOptions<Receive> {
  /** Built worker script (ESM), e.g. .vite/build/engine-worker.js. */
  script: string;
  serviceName: string;
  /** Extra environment for the worker, on top of this process's. */
  env?: Record<string, string>;
  /** Extra Node flags, e.g. a heap limit. */
  execArgv?: string[];
  /** Drops anything else the worker posts. */
  accepts: (message: unknown) => message is Receive;
  /** Keep stderr (its tail reaches onExit) instead of passing it through. */
  captureStderr?: boolean;
}

/**
 * Messages sent before the process has spawned are queued, so the caller may talk to it at
 * once; after exit they are dropped (the caller hears about the exit).
 */
export function forkUtilityProcess<Send, Receive>(options: UtilityProcessOptions<Receive>): ProcessTransport<Send, Receive> {
  const child: UtilityProcess = utilityProcess.fork(options.script, [], {
    serviceName: options.serviceName,
    stdio: options.captureStderr ? ['ignore', 'inherit', 'pipe'] : 'inherit',
    execArgv: options.execArgv,
    env: { ...process.env, ...options.env } as Record<string, string>,
  });
  const stderr = tailKeeper();
  child.stderr?.on('data', (chunk: Buffer) => stderr.add(chunk));
  let state: 'starting' | 'running' | 'exited' = 'starting';
  const queued: Send[] = [];
  const exitListeners: ((code: number | null, exit?: ProcessExit) => void)[] = [];
  let ended: { code: number | null; exit: ProcessExit } | undefined;

  child.once('spawn', () => {
    if (state !== 'starting') return;
    state = 'running';
    for (const message of queued.splice(0)) child.postMessage(message);
  });
  child.once('exit', (code) => {
    state = 'exited';
    queued.length = 0;
    ended = { code, exit: { signal: null, stderrTail: stderr.text() } };
    for (const listener of exitListeners) listener(code, ended.exit);
  });

  return {
    send(message) {
      if (state === 'running') child.postMessage(message);
      else if (state === 'starting') queued.push(message);
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => {
        // The worker is our own code, but a malformed message must not reach the caller's state.
        if (options.accepts(message)) listener(message);
      });
    },
    onExit(listener) {
      // A listener added after the process died still hears about it.
      if (ended) listener(ended.code, ended.exit);
      else exitListeners.push(listener);
    },
    kill() {
      if (state !== 'exited') child.kill();
    },
  };
}
