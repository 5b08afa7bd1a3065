/**
 * How EngineClient talks to a worker process, whatever started it: Node's child_process.fork
 * (./fork-transport.ts, CLI and tests) or Electron's utilityProcess (src-main/electron/engine-host.ts).
 */
import type { ProcessTransport } from '../process/transport';
import type { HostToWorkerMessage, WorkerToHostMessage } from './protocol';

export type EngineTransport = ProcessTransport<HostToWorkerMessage, WorkerToHostMessage>;

/** Starts a fresh worker; EngineClient calls it again after a crash. */
export type EngineTransportFactory = () => EngineTransport;
