/**
 * The bridge's engine: the real one, in a forked worker process exactly as the CLI runs it, so
 * the browser sees the same restarts and errors as the app. One thread: the test models are tiny,
 * so a second thread only adds synchronisation (measured on a 2-core machine: 300 tokens took 0.8 s
 * with one thread and 4.7 s with two), and the browser needs the other core.
 */
import { EngineClient } from '../../../src-main/core/worker/engine-client';
import { forkEngineTransport, type ForkEngineTransport } from '../../../src-main/core/worker/fork-transport';

export interface BridgeEngine {
  engine: EngineClient;
  /** The current worker's process id, so a test can make it crash. */
  workerPid(): number | undefined;
}

/** `env` reaches the worker, e.g. STEERLING_PAIR_LIBRARY_DIR so it steers with the data folder's libraries. */
export function createBridgeEngine(env: Record<string, string> = {}): BridgeEngine {
  const threads = 1;
  let current: ForkEngineTransport | undefined;
  const engine = new EngineClient(() => {
    current = forkEngineTransport({ threads, gpu: false, env });
    return current;
  });
  return { engine, workerPid: () => current?.pid };
}
