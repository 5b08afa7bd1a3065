/**
 * How EngineClient talks to a worker process, whatever started it: Node's child_process.fork
 * (./fork-transport.ts, CLI and tests) or Electron's utilityProcess (src-main/electron/engine-host.ts).
 */
import type { HostToWorkerMessage, WorkerToHostMessage } from './protocol';

export interface EngineTransport {
  /** Messages sent before the process is up are delivered once it is; after exit they are dropped. */
  send(message: HostToWorkerMessage): void;
  onMessage(listener: (message: WorkerToHostMessage) => void): void;
  /** Called once when the process ends, also if it ended before the listener was added. */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process at once. */
  kill(): void;
}

/** Starts a fresh worker; EngineClient calls it again after a crash. */
export type EngineTransportFactory = () => EngineTransport;

export { forkEngineTransport, type ForkEngineTransport, type ForkEngineTransportOptions } from './fork-transport';
