/**
 * Hosts the engine worker in an Electron utilityProcess: a native crash or an out-of-memory model
 * load kills that process, not the window. EngineClient owns the restart policy; this file only
 * adapts utilityProcess to the EngineTransport it restarts through.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import { isWorkerToHostMessage, type HostToWorkerMessage } from '../core/engine/process/protocol';
import type { EngineTransport } from '../core/engine/process/transport';

export interface EngineHostOptions {
  /** Built engine worker script (ESM), e.g. .vite/build/engine-worker.js. */
  workerPath: string;
  /** Extra environment for the worker, on top of this process's. */
  env?: Record<string, string>;
}

/**
 * Forks one engine worker. Messages sent before the process has spawned are queued, so the
 * client may talk to it at once; after exit they are dropped (the client already knows).
 */
export function forkUtilityEngineTransport(options: EngineHostOptions): EngineTransport {
  const child: UtilityProcess = utilityProcess.fork(options.workerPath, [], {
    serviceName: 'Steerling engine',
    stdio: 'inherit',
    env: { ...process.env, ...options.env } as Record<string, string>,
  });
  let state: 'starting' | 'running' | 'exited' = 'starting';
  const queued: HostToWorkerMessage[] = [];
  const exitListeners: ((code: number | null) => void)[] = [];
  let exitCode: number | null | undefined;

  child.once('spawn', () => {
    if (state !== 'starting') return;
    state = 'running';
    for (const message of queued.splice(0)) child.postMessage(message);
  });
  child.once('exit', (code) => {
    state = 'exited';
    queued.length = 0;
    exitCode = code;
    for (const listener of exitListeners) listener(code);
  });

  return {
    send(message) {
      if (state === 'running') child.postMessage(message);
      else if (state === 'starting') queued.push(message);
    },
    onMessage(listener) {
      child.on('message', (message: unknown) => {
        // The worker is our own code, but a malformed message must not reach the client's state.
        if (isWorkerToHostMessage(message)) listener(message);
      });
    },
    onExit(listener) {
      // A listener added after the process died still hears about it.
      if (exitCode !== undefined) listener(exitCode);
      else exitListeners.push(listener);
    },
    kill() {
      if (state !== 'exited') child.kill();
    },
  };
}
