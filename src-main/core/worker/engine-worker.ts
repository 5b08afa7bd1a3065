/**
 * Entry of the engine child process: one LocalEngine speaking the protocol in ./protocol.ts.
 * Runs under Node's child_process.fork (process.send) and under Electron's utilityProcess
 * (process.parentPort); it checks which at runtime and never imports electron.
 *
 * Threads and GPU come from the environment (STEERLING_THREADS, STEERLING_GPU), set by the host,
 * as does the user pair-library folder for steering (STEERLING_PAIR_LIBRARY_DIR).
 */
import { toEngineError } from '../steering/engine-errors';
import { createSteeringProviderFromEnv } from '../steering/steering-provider';
import { libraryPromptStylesFromEnv } from '../steering/style-prompts';
import { LocalEngine } from '../engine/local-engine';
import { EngineError } from '../engine/types';
import { createEvalJobs } from './eval-jobs';
import type { HostToWorkerMessage, WorkerToHostMessage } from './protocol';
import { checkHostMessage } from './protocol-schemas';
import { buildVectorWithEngine } from './vector-build';

interface ParentChannel {
  post(message: WorkerToHostMessage): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (typeof process.send === 'function') {
    // When the host goes away, so do we: a stray engine would hold gigabytes of model memory.
    process.on('disconnect', () => process.exit(0));
    return {
      post: (message) => process.send?.(message),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('The engine worker must be started by Steerling (as a forked or utility process).');
}

function errorMessage(id: number, thrown: unknown): Extract<WorkerToHostMessage, { type: 'error' }> {
  const error = toEngineError(thrown);
  if (error instanceof EngineError) return { type: 'error', id, code: error.code, message: error.message };
  return { type: 'error', id, code: 'generation-failed', message: `The engine failed: ${(error as Error)?.message ?? String(error)}` };
}

const parent = connectToParent();
const engine = new LocalEngine({ steering: createSteeringProviderFromEnv(), styles: libraryPromptStylesFromEnv() });
const running = new Map<number, AbortController>();
/** Request id of the steering vector being built; it reads activations on the loaded model, so nothing else runs meanwhile. */
let building: number | null = null;
let loading = false;
const evaluations = createEvalJobs({
  engine,
  post: (message) => parent.post(message),
  running,
  busy: () => (loading ? 'A model is loading. Wait until it is ready.' : running.size > 0 ? 'The model is busy with another request. Wait for it or cancel it.' : null),
});

function busyWhileBuilding(id: number): boolean {
  if (building === null) return false;
  parent.post({ type: 'error', id, code: 'busy', message: 'A steering vector is being built. Wait for it to finish or cancel it.' });
  return true;
}

async function buildVector(message: Extract<HostToWorkerMessage, { type: 'buildVector' }>): Promise<void> {
  if (busyWhileBuilding(message.id)) return;
  if (running.size > 0 || loading) {
    const what = loading ? 'A model is loading. Wait until it is ready' : 'A summary is being written. Wait for it or cancel it';
    parent.post({ type: 'error', id: message.id, code: 'busy', message: `${what} before building a vector.` });
    return;
  }
  const abort = new AbortController();
  running.set(message.id, abort);
  building = message.id;
  try {
    const result = await buildVectorWithEngine(engine, message.request, {
      signal: abort.signal,
      onProgress: (progress) => parent.post({ type: 'vectorProgress', id: message.id, progress }),
    });
    parent.post({ type: 'vectorBuilt', id: message.id, result });
  } catch (error) {
    parent.post(errorMessage(message.id, error));
  } finally {
    building = null;
    running.delete(message.id);
  }
}

async function summarize(message: Extract<HostToWorkerMessage, { type: 'summarize' }>): Promise<void> {
  const abort = new AbortController();
  running.set(message.id, abort);
  try {
    for await (const event of engine.summarize(message.request, abort.signal)) {
      parent.post({ ...event, id: message.id });
    }
  } catch (error) {
    parent.post(errorMessage(message.id, error));
  } finally {
    running.delete(message.id);
  }
}

/** Every request being handled, so dispose can wait for them to let go of the model. */
const inFlight = new Set<Promise<void>>();

async function handle(message: HostToWorkerMessage): Promise<void> {
  switch (message.type) {
    case 'load':
      if (busyWhileBuilding(message.id)) return;
      // Loading unloads the model in use: never under a running summary or evaluation.
      if (running.size > 0) {
        parent.post({ type: 'error', id: message.id, code: 'busy', message: 'The model is busy with another request. Wait for it or cancel it before loading another model.' });
        return;
      }
      loading = true;
      try {
        parent.post({ type: 'loaded', id: message.id, model: await engine.loadModel(message.path, message.options) });
      } catch (error) {
        parent.post({ ...errorMessage(message.id, error), model: engine.currentModel() });
      } finally {
        loading = false;
      }
      return;
    case 'summarize':
      if (busyWhileBuilding(message.id)) return;
      return summarize(message);
    case 'buildVector':
      return buildVector(message);
    case 'score':
    case 'compare':
    case 'sweep':
    case 'probe':
    case 'calibrate':
      if (busyWhileBuilding(message.id)) return;
      return evaluations.run(message);
    case 'cancel':
      running.get(message.id)?.abort();
      return;
    case 'ping':
      parent.post({ type: 'pong', id: message.id });
      return;
    case 'dispose':
      for (const abort of running.values()) abort.abort();
      // A vector build or an evaluation reads the native model directly: let each stop before it is freed.
      // (This request is not in the set yet: it is added when handle() first awaits, i.e. here.)
      await Promise.allSettled([...inFlight]);
      await engine.dispose();
      parent.post({ type: 'disposed', id: message.id });
      // Let the reply leave before the process ends.
      setTimeout(() => process.exit(0), 50);
      return;
  }
}

parent.onMessage((raw) => {
  const checked = checkHostMessage(raw);
  if (!checked.ok) {
    const problem = `Steerling sent the engine ${checked.problem}.`;
    if (checked.id === null) console.error(`steerling engine: ${problem}`);
    else parent.post({ type: 'error', id: checked.id, code: 'invalid-request', message: problem });
    return;
  }
  const job = handle(checked.message);
  inFlight.add(job);
  void job.finally(() => inFlight.delete(job));
});
parent.post({ type: 'state', state: 'ready' });
