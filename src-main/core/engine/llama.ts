/**
 * One node-llama-cpp runtime per process. node-llama-cpp is imported lazily so modules that only
 * need prompt lists or types (the Electron main process, the renderer's types) never load it.
 */
import os from 'node:os';
import type { Llama } from 'node-llama-cpp';

export type GpuMode = 'auto' | false;

/**
 * node-llama-cpp defaults to at least 4 threads, which is catastrophically slow on machines with
 * fewer cores; past ~8 threads, CPU generation is memory-bound and more threads only add contention.
 */
const MAX_DEFAULT_THREADS = 8;

/** Explicit request, else STEERLING_THREADS, else the real core count (capped). */
export function resolveThreadCount(requested?: number, env: NodeJS.ProcessEnv = process.env): number {
  if (requested !== undefined && Number.isFinite(requested) && requested >= 1) return Math.floor(requested);
  const fromEnv = Number(env.STEERLING_THREADS);
  if (env.STEERLING_THREADS && Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.max(1, Math.min(os.availableParallelism(), MAX_DEFAULT_THREADS));
}

/** Explicit request, else STEERLING_GPU=off|false|0 turns the GPU off, else 'auto'. */
export function resolveGpuMode(requested?: GpuMode, env: NodeJS.ProcessEnv = process.env): GpuMode {
  if (requested !== undefined) return requested;
  const fromEnv = env.STEERLING_GPU?.trim().toLowerCase();
  return fromEnv === 'off' || fromEnv === 'false' || fromEnv === '0' ? false : 'auto';
}

export type NodeLlamaCpp = typeof import('node-llama-cpp');

let moduleLoad: Promise<NodeLlamaCpp> | undefined;

export function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  moduleLoad ??= import('node-llama-cpp');
  return moduleLoad;
}

const runtimes = new Map<string, Promise<Llama>>();

/** The shared runtime for this GPU mode; created on first use. */
export function getSharedLlama(options: { gpu?: GpuMode } = {}): Promise<Llama> {
  const gpu = resolveGpuMode(options.gpu);
  const key = String(gpu);
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = loadNodeLlamaCpp().then(({ getLlama, LlamaLogLevel }) =>
      getLlama({
        gpu,
        maxThreads: Math.max(1, os.availableParallelism()),
        logLevel: LlamaLogLevel.error,
      }),
    );
    // A failed start (missing binaries) should not poison later attempts.
    runtime.catch(() => runtimes.delete(key));
    runtimes.set(key, runtime);
  }
  return runtime;
}
