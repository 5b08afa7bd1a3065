/**
 * Hosts the engine worker in an Electron utilityProcess: a native crash or an out-of-memory model
 * load kills that process, not the window. EngineClient owns the restart policy; this file only
 * adapts utilityProcess to the EngineTransport it restarts through.
 */
import { isWorkerToHostMessage, type HostToWorkerMessage, type WorkerToHostMessage } from '../core/worker/protocol';
import type { EngineTransport } from '../core/worker/transport';
import { forkUtilityProcess } from './utility-process';

export interface EngineHostOptions {
  /** Built engine worker script (ESM), e.g. .vite/build/engine-worker.js. */
  workerPath: string;
  /** Extra environment for the worker, on top of this process's. */
  env?: Record<string, string>;
}

/** Forks one engine worker; the client may talk to it at once. */
export function forkUtilityEngineTransport(options: EngineHostOptions): EngineTransport {
  return forkUtilityProcess<HostToWorkerMessage, WorkerToHostMessage>({
    script: options.workerPath,
    serviceName: 'Steerling engine',
    env: options.env,
    accepts: isWorkerToHostMessage,
  });
}
